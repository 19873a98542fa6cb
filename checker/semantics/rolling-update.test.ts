import { describe, expect, it } from 'vitest';
import { rollingUpdateLimits, scaleLimit } from './rolling-update.ts';

const deployment = (rollingUpdate: Record<string, unknown> | undefined, replicas: number | undefined = 3, type = 'RollingUpdate') => ({
  kind: 'Deployment',
  spec: { replicas, strategy: { type, ...(rollingUpdate ? { rollingUpdate } : {}) } },
});

describe('scaleLimit', () => {
  it('scales a percentage of the replicas, surge rounded up, unavailable down', () => {
    expect(scaleLimit('34%', 3, true)).toEqual({ ok: true, pods: 2 });
    expect(scaleLimit('33%', 3, true)).toEqual({ ok: true, pods: 1 });
    expect(scaleLimit('25%', 3, false)).toEqual({ ok: true, pods: 0 });
    expect(scaleLimit('0%', 3, false)).toEqual({ ok: true, pods: 0 });
    expect(scaleLimit(1, 3, true)).toEqual({ ok: true, pods: 1 });
  });

  it('refuses what the API server refuses', () => {
    expect(scaleLimit('1', 3, true)).toMatchObject({ ok: false });
    expect(scaleLimit(-1, 3, true)).toMatchObject({ ok: false });
  });
});

describe('rollingUpdateLimits', () => {
  it('reads equivalent spellings as the same Pod counts', () => {
    for (const ru of [{ maxSurge: 1, maxUnavailable: 0 }, { maxSurge: '33%', maxUnavailable: '0%' }, { maxSurge: '10%', maxUnavailable: '25%' }]) {
      const l = rollingUpdateLimits(deployment(ru));
      expect([l.surge?.pods, l.unavailable?.pods]).toEqual([1, 0]);
    }
  });

  it('fills in the API server defaults (25% each) and replicas 1', () => {
    const l = rollingUpdateLimits(deployment(undefined, 4));
    expect([l.surge?.pods, l.unavailable?.pods]).toEqual([1, 1]);
    expect(l.surge?.how).toBe('maxSurge "25%" (the default) of 4 replicas, rounded up');
    expect(rollingUpdateLimits({ spec: {} }).replicas).toBe(1);
  });

  it('lets one Pod go when both limits round to 0, as the controller does', () => {
    const l = rollingUpdateLimits(deployment({ maxSurge: 0, maxUnavailable: '20%' }));
    expect(l.unavailable).toEqual({ pods: 1, how: 'maxUnavailable "20%" of 3 replicas, rounded down; with maxSurge also 0 the controller lets 1 Pod go anyway' });
  });

  it('names a limit the API server would refuse', () => {
    expect(rollingUpdateLimits(deployment({ maxSurge: '1', maxUnavailable: 0 })).invalid).toBe('maxSurge "1" is neither a whole number of Pods nor a percentage');
  });

  it('has no limits for Recreate', () => {
    expect(rollingUpdateLimits(deployment(undefined, 3, 'Recreate'))).toEqual({ replicas: 3, strategy: 'Recreate' });
  });
});
