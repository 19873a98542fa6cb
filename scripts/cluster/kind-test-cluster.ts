import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { loadKubeConfig } from '../../checker/lib/kube-config.ts';
import { paths } from '../../checker/lib/paths.ts';
import { run } from './cli.ts';

/**
 * The throwaway kind cluster the kind integration tests share (vitest project
 * `kind`: its global setup makes the home, the first test file brings the
 * cluster up, the next reuses it, the teardown deletes it). Its own name and
 * KUBECAMP_HOME keep a learner's `kubecamp` cluster and the shared kwok
 * cluster untouched; the build and image caches are shared (symlinks), and no
 * host ports are mapped, so container labs keep 8080 & co.
 */
export const kindTestClusterName = 'kubecamp-it';

/** Worker nodes of the test cluster (plus the control plane). */
export const kindTestWorkers = 1;

export async function createKindTestHome(shared: NodeJS.ProcessEnv = process.env): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'kubecamp-kind-it-'));
  const from = paths(shared);
  for (const d of ['bin', 'build', 'images'] as const) {
    const target = d === 'images' ? join(from.home, 'images') : from[d];
    await mkdir(target, { recursive: true });
    await symlink(target, join(home, d));
  }
  return home;
}

export function kindTestEnv(home: string, base: NodeJS.ProcessEnv = process.env, name: string = kindTestClusterName): NodeJS.ProcessEnv {
  return { ...base, KUBECAMP_HOME: home, KUBECAMP_KIND_PORT_MAPPINGS: 'none', KUBECAMP_KIND_CLUSTER: name };
}

/** `cluster up --engine kind` in the test home: creates the cluster, or reuses the one an earlier test file made. */
export async function upKindTestCluster(env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  const io = memoryIo(env);
  const code = await run(['up', '--engine', 'kind', '--nodes', String(kindTestWorkers)], io);
  return { code, output: io.out() };
}

export async function deleteKindTestCluster(home: string, name: string = kindTestClusterName): Promise<void> {
  await run(['down', '--engine', 'kind'], memoryIo(kindTestEnv(home, process.env, name))).catch(() => {});
  await rm(home, { recursive: true, force: true });
}

/**
 * Wait until the namespace's `default` ServiceAccount exists: until the
 * ServiceAccount controller has made it, a Pod is refused (403 "error looking
 * up service account <ns>/default"; slow under load, seen in CI).
 */
export async function untilDefaultServiceAccount(
  readServiceAccount: () => Promise<unknown>,
  ns: string,
  { timeoutMs = 120_000, intervalMs = 1_000 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await readServiceAccount();
      return;
    } catch (error) {
      if (Date.now() >= deadline) {
        throw new Error(`the ServiceAccount ${ns}/default did not appear within ${Math.round(timeoutMs / 1000)} s`, { cause: error });
      }
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A kind test file's set-up: the test cluster up (or reused), a namespace of
 * its own, and that namespace's `default` ServiceAccount there, so Pods can be
 * created at once. Returns the cluster's KubeConfig.
 */
export async function kindTestNamespace(env: NodeJS.ProcessEnv, ns: string): Promise<KubeConfig> {
  const up = await upKindTestCluster(env);
  if (up.code !== 0) throw new Error(`cluster up --engine kind exited ${up.code}:\n${up.output}`);
  const state = await readClusterState(env);
  if (state?.engine !== 'kind') throw new Error(`the test home's cluster runs ${state?.engine ?? 'nothing'}, not kind`);
  const kc = loadKubeConfig(state);
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNamespace({ body: { metadata: { name: ns } } });
  await untilDefaultServiceAccount(() => core.readNamespacedServiceAccount({ namespace: ns, name: 'default' }), ns);
  return kc;
}
