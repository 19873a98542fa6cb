import { describe, expect, it } from 'vitest';
import { explainZodError } from '../schemas/parse.ts';
import { labSchema } from '../schemas/lab.ts';
import { needsNotice } from './needs.ts';

const base = { id: 'troubleshooting', title: 'T', lesson: 'kubernetes/troubleshooting', environments: ['kubernetes'], minutes: 5, solution: [{ run: 'true' }], tasks: [{ id: 'a', title: 'A', checks: [{ type: 'k8s.object', kind: 'Pod', name: 'p' }] }] };

describe('needs', () => {
  it('is optional and takes only the known vocabulary', () => {
    expect(labSchema.parse(base).needs).toEqual([]);
    expect(labSchema.parse({ ...base, needs: ['running-containers'] }).needs).toEqual(['running-containers']);
    const bad = labSchema.safeParse({ ...base, needs: ['real-nodes'] });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(explainZodError(bad.error)).toEqual(['needs[0]: expected one of "running-containers", got "real-nodes"']);
  });

  it('on kwok, says plainly that the lab needs real nodes, why, and how to get them', () => {
    const lab = labSchema.parse({ ...base, needs: ['running-containers'] });
    expect(needsNotice(lab, 'kwok')).toBe(
      "this lab needs real nodes (kind): its tasks use what running containers do (logs, exec, probes, restarts), and this cluster's kubelets are simulated: Pods show Running but no container runs. " +
        'Here the checks can only read the objects. Run it on kind: `npm run cluster:down`, then `npm run cluster:up -- --engine kind`, then `npm run labs -- reset troubleshooting`',
    );
  });

  it('says nothing on kind, on a cluster of your own, with no cluster, or for an object-only lab', () => {
    const lab = labSchema.parse({ ...base, needs: ['running-containers'] });
    expect(needsNotice(lab, 'kind')).toBeUndefined();
    expect(needsNotice(lab, 'existing')).toBeUndefined();
    expect(needsNotice(lab, undefined)).toBeUndefined();
    expect(needsNotice(labSchema.parse(base), 'kwok')).toBeUndefined();
  });
});
