import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createChecker } from '../../checker/engine/engine.ts';
import { localEnvironment } from '../../checker/environments/local.ts';
import { concurrentTargets, testLabConcurrently, type HarnessReport } from '../../checker/labs/harness.ts';
import { findLab, labIds } from '../../checker/labs/load.ts';
import { kindTestEnv, upKindTestCluster } from './kind-test-cluster.ts';

/**
 * The full harness for every Kubernetes lab on a kind cluster, whose kubelets
 * run the labs' containers (images loaded from the catalog, nothing pulled):
 * starter fails every task, solution and right/ variants pass, each wrong/
 * variant fails its task with its message. Each lab runs in two namespaces at
 * once, as two learners sharing the cluster: a cluster-scoped object named the
 * same in both, or a clean-up by label cluster-wide, fails it. Two labs at a
 * time (maxConcurrency of the kind project): they mostly wait for rollouts.
 */
const env = kindTestEnv(inject('kindTestHome'));
const environment = localEnvironment(env);
const checker = createChecker({ environment });

const ids: string[] = [];
for (const id of await labIds()) {
  const { lab } = await findLab(id);
  if (lab.environments.length > 0 && lab.environments.every((e) => e === 'kubernetes')) ids.push(id);
}

beforeAll(async () => {
  const up = await upKindTestCluster(env);
  expect(up.code, up.output).toBe(0);
});
afterAll(() => environment.close());

describe.concurrent.each(ids)('labs test %s on kind', (id) => {
  it('proves every phase in two namespaces at once', { timeout: 1_500_000 }, async () => {
    const loaded = await findLab(id);
    const targets = concurrentTargets(`kind-${id}`, (suffix) => mkdtempSync(join(tmpdir(), `kubecamp-kind-${id}-${suffix}-`)));
    const report: HarnessReport = await testLabConcurrently(loaded, { checker, environment, env, targets });
    const failed = report.phases.filter((p) => !p.ok).map((p) => `${p.name}:\n${p.detail}`);
    expect(failed, failed.join('\n\n')).toEqual([]);
    // per namespace: starter, solution, and at least two wrong variants
    expect(report.phases.length).toBeGreaterThanOrEqual(8);
    console.log(`kind harness ${id} (twice at once): ${(report.durationMs / 1000).toFixed(0)} s`);
  });
});
