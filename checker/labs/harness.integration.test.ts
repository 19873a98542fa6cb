import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import { localEnvironment } from '../environments/local.ts';
import { testLab } from './harness.ts';
import { findLab, labIds } from './load.ts';

/**
 * The full harness on the Docker-free environments (kwok control plane, Docker
 * engine, Linux sandbox): starter fails all tasks, solution passes all, each
 * valid alternative under right/ passes, each wrong variant fails its task with
 * its message. Every lab that needs no Kubernetes runs here; every Kubernetes
 * lab runs on kind instead (scripts/cluster/kind-labs.integration.test.ts, real
 * kubelets, two namespaces at once). Of those, the ones below also run here, to
 * prove the engine without Docker still serves the labs that only read objects:
 */
const kwokKubernetesLabs = [
  // Pods show Running from simulated kubelets; the basic object checks.
  'pods',
  // RBAC is the API server's authorizer: the same on both engines, and jane's checks impersonate users.
  'namespaces-and-rbac',
  // Pod Security admission and NetworkPolicy objects: admission without a kubelet.
  'security-basics',
  // helm from the cluster's bin folder (binDir), releases stored as Secrets.
  'helm',
];

const environment = localEnvironment();
const checker = createChecker({ environment });
afterAll(() => environment.close());

const ids: string[] = [];
for (const id of await labIds()) {
  const { lab } = await findLab(id);
  if (!lab.environments.includes('kubernetes') || kwokKubernetesLabs.includes(id)) ids.push(id);
}

describe.each(ids)('labs test %s', (id) => {
  it('proves every phase', async () => {
    const loaded = await findLab(id);
    const report = await testLab(loaded, {
      checker,
      environment,
      namespace: `it-${id}`.slice(0, 63),
      workspace: mkdtempSync(join(tmpdir(), `kubecamp-it-${id}-`)),
    });
    const failed = report.phases.filter((p) => !p.ok).map((p) => `${p.name}:\n${p.detail}`);
    expect(failed, failed.join('\n\n')).toEqual([]);
    // starter, solution, and at least two wrong variants
    expect(report.phases.length).toBeGreaterThanOrEqual(4);
  });
});

it('runs every Kubernetes lab it names', async () => {
  const all = await labIds();
  expect(kwokKubernetesLabs.filter((id) => !all.includes(id))).toEqual([]);
});
