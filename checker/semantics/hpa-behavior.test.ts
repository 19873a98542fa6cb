import { describe, expect, it } from 'vitest';
import { scaleDownLimit } from './hpa-behavior.ts';

const hpa = (scaleDown: unknown) => ({ spec: { maxReplicas: 8, behavior: { scaleDown } } });

describe('scaleDownLimit', () => {
  it('reads one Pods policy', () => {
    expect(scaleDownLimit(hpa({ policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }), 8, 60)).toEqual({ pods: 1, by: 'Pods 1 per 60 s' });
    expect(scaleDownLimit(hpa({ policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] }), 8, 60)).toEqual({ pods: 2, by: 'Pods 1 per 30 s' });
  });

  it('takes the most permissive policy under Max (the default) and the strictest under Min', () => {
    const policies = [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }];
    expect(scaleDownLimit(hpa({ policies }), 8, 60)).toEqual({ pods: 4, by: 'Percent 50 % per 60 s, chosen by selectPolicy Max' });
    expect(scaleDownLimit(hpa({ policies, selectPolicy: 'Min' }), 8, 60)).toEqual({ pods: 1, by: 'Pods 1 per 60 s, chosen by selectPolicy Min' });
  });

  it('knows Disabled and the default policy', () => {
    expect(scaleDownLimit(hpa({ selectPolicy: 'Disabled' }), 8, 60)).toEqual({ pods: 0, by: 'selectPolicy Disabled' });
    expect(scaleDownLimit(hpa({ stabilizationWindowSeconds: 600 }), 8, 60)).toEqual({ pods: 8, by: 'Percent 100 % per 15 s (the default policy)' });
  });
});
