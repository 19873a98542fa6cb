import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import { KubeHttpError } from '../environments/kube-api.ts';
import { localEnvironment } from '../environments/local.ts';
import { findLab } from './load.ts';
import { mutateLab } from './mutate-run.ts';

/**
 * The bounded sample of mutation testing CI runs (the full run is `npm run labs -- mutate --all`):
 * every equivalent rewrite plus a fixed pseudo-random sample of meaning mutations (seed 1) on a
 * few labs, on the kwok control plane. No equivalent rewrite may fail a task, and the checks must
 * kill at least 90 % of the meaning mutations that reach them.
 */
const environment = localEnvironment();
const checker = createChecker({ environment });
afterAll(() => environment.close());

// [lab, sample size, at most this many equivalent rewrites]: a sample's equivalent rewrites come
// first, then its meaning mutations (deployments has 5 equivalent rewrites: 3 leave room for 5 meaning
// mutations). pods and troubleshooting are sampled among the mutations their
// object-level tasks judge on kwok (their other tasks need real containers: kind).
const sample: Array<[string, number, number?]> = [
  ['deployments', 8, 3],
  ['configmaps-and-secrets', 7],
  ['kubernetes-architecture', 2],
  ['rollout-strategies', 5, 2],
  ['pods', 3, 1],
  ['troubleshooting', 2, 1],
  ['autoscaling', 3, 1],
  ['helm', 2],
];

describe.each(sample)('labs mutate %s --sample %i', (id, n, equivalents) => {
  it('fails no equivalent rewrite and kills ≥ 90 % of the meaning mutations', { timeout: 180_000 }, async () => {
    const report = await mutateLab(await findLab(id), {
      checker,
      environment,
      namespace: `it-mutate-${id}`.slice(0, 63),
      workspace: mkdtempSync(join(tmpdir(), `kubecamp-it-mutate-${id}-`)),
      sample: n,
      sampleEquivalents: equivalents,
    });
    const line = (v: string) => report.results.filter((r) => r.verdict === v).map((r) => `${r.mutation.where}: ${r.mutation.description} — ${r.detail}`);
    expect(line('false-fail')).toEqual([]);
    expect(report.results.some((r) => r.verdict === 'killed'), 'no meaning mutation was killed').toBe(true);
    expect(report.score ?? 0, line('missed').join('\n')).toBeGreaterThanOrEqual(90);
  });
});

it('leaves no cluster-scoped object of the lab behind: kubernetes-architecture\'s <namespace>-blue is gone after the run', { timeout: 180_000 }, async () => {
  const namespace = 'it-mutate-leftovers';
  await mutateLab(await findLab('kubernetes-architecture'), { checker, environment, namespace, workspace: mkdtempSync(join(tmpdir(), 'kubecamp-it-mutate-leftovers-')), sample: 1, sampleEquivalents: 0 });
  const api = await environment.kubeApi();
  // Gone, or on its way (a namespace's deletion finishes in the background).
  const left = await api.get(`/api/v1/namespaces/${namespace}-blue`).then(
    (ns) => (ns?.metadata?.deletionTimestamp ? 'gone' : 'still there'),
    (err: unknown) => (err instanceof KubeHttpError && err.status === 404 ? 'gone' : String(err)),
  );
  expect(left).toBe('gone');
});
