import { AppsV1Api, CoordinationV1Api, CoreV1Api, DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../checker/lib/paths.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { loadKubeConfig } from '../../checker/lib/kube-config.ts';
import { run } from './cli.ts';
import { stopKwokCluster } from './kwok-engine.ts';
import { deadComponents } from './kwok-components.ts';
import { clusterName } from '../versions.ts';
import { leaseView, nodeLeaseNamespace } from './node-leases.ts';

/**
 * Against the real Docker-free control plane: brings it up (or reuses the
 * running one), then exercises the scheduler, controllers, EndpointSlices and
 * RBAC, and removes what it created.
 */
const ns = `it-cluster-${process.pid}`;
let kc: KubeConfig;

beforeAll(async () => {
  const io = memoryIo(process.env);
  const code = await run(['up', '--engine', 'kwok'], io);
  expect(code, io.out()).toBe(0);
  const state = await readClusterState();
  expect(state?.engine).toBe('kwok');
  kc = loadKubeConfig(state!);
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: ns } } });
});

afterAll(async () => {
  await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: ns }).catch(() => {});
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('kwok cluster', () => {
  it('reports its engine, version and ready nodes', async () => {
    const io = memoryIo(process.env);
    expect(await run(['status', '--json'], io)).toBe(0);
    const status = JSON.parse(io.out());
    expect(status).toMatchObject({ running: true, engine: 'kwok', context: 'kwok-kubecamp', version: 'v1.36.1' });
    expect(status.nodes.length).toBeGreaterThanOrEqual(2);
    expect(status.nodes.every((n: { ready: boolean }) => n.ready)).toBe(true);
  });

  it('schedules a 2-replica Deployment to ready Pods behind a Service with EndpointSlices', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    const core = kc.makeApiClient(CoreV1Api);
    await apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'web' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
        },
      },
    });
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 80 }] } } });
    const dep = await until('2 ready replicas', async () => {
      const d = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
      return d.status?.readyReplicas === 2 ? d : undefined;
    });
    expect(dep.status?.availableReplicas).toBe(2);
    const pods = await core.listNamespacedPod({ namespace: ns, labelSelector: 'app=web' });
    expect(pods.items).toHaveLength(2);
    expect(pods.items.every((p) => !!p.spec?.nodeName)).toBe(true);
    // The default ServiceAccount admission plugin filled this in.
    expect(pods.items[0].spec?.serviceAccountName).toBe('default');
    const endpoints = await until('EndpointSlice with 2 ready endpoints', async () => {
      const slices = await kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: ns, labelSelector: 'kubernetes.io/service-name=web' });
      const ready = slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready);
      return ready.length === 2 ? ready : undefined;
    });
    expect(endpoints.map((e) => e.addresses[0]).sort()).toEqual(pods.items.map((p) => p.status?.podIP).sort());
  });

  it('denies a ServiceAccount without a RoleBinding, and allows it once bound (SubjectAccessReview)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'robot' } } });
    const review = async () => {
      const { AuthorizationV1Api } = await import('@kubernetes/client-node');
      const r = await kc.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
        body: {
          spec: {
            user: `system:serviceaccount:${ns}:robot`,
            groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
            resourceAttributes: { namespace: ns, verb: 'list', group: 'apps', resource: 'deployments' },
          },
        },
      });
      return r.status?.allowed;
    };
    expect(await review()).toBe(false);
    const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
    const rbac = kc.makeApiClient(RbacAuthorizationV1Api);
    await rbac.createNamespacedRole({ namespace: ns, body: { metadata: { name: 'deploy-reader' }, rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }] } });
    await rbac.createNamespacedRoleBinding({
      namespace: ns,
      body: { metadata: { name: 'robot-reads' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deploy-reader' }, subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: ns }] },
    });
    expect(await until('the binding to take effect', async () => ((await review()) ? true : undefined), 10_000)).toBe(true);
  });

  it('has a default StorageClass for storage labs', async () => {
    const { StorageV1Api } = await import('@kubernetes/client-node');
    const classes = await kc.makeApiClient(StorageV1Api).listStorageClass();
    expect(classes.items.some((c) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')).toBe(true);
  });

  it('runs the controller-manager and scheduler without leader election, also in a cluster created before', async () => {
    // With it they exited for good the first time a loaded API server was slow to renew their lease
    // (seen here while a kind cluster started beside it): the API answered, nothing reconciled.
    const clusterDir = join(paths(process.env).kwokWorkdir, 'clusters', clusterName);
    const commandLine = (component: string) => readFileSync(`/proc/${readFileSync(join(clusterDir, 'pids', `${component}.pid`), 'utf8').trim()}/cmdline`, 'utf8').split('\0');
    const saved = join(clusterDir, 'kwok.yaml');
    writeFileSync(saved, readFileSync(saved, 'utf8').replace(/^\s*- --leader-elect=false\n/gm, ''));
    const io = memoryIo(process.env);
    expect(await run(['up', '--engine', 'kwok'], io), io.out()).toBe(0);
    expect(io.out() + io.err()).toContain('now run without leader election');
    for (const component of ['kube-controller-manager', 'kube-scheduler']) expect(commandLine(component)).toContain('--leader-elect=false');
    // Once done, a start changes nothing.
    const again = memoryIo(process.env);
    expect(await run(['up', '--engine', 'kwok'], again), again.out()).toBe(0);
    expect(again.out() + again.err()).toContain('is already running');
  });

  it('restarts a control plane whose scheduler died while its API server kept answering', async () => {
    // A CI run met this: the scheduler and controller-manager ended with the shell that restarted them,
    // `up` saw the API server answer and said "already running", and every Pod stayed Pending.
    const clusterDir = join(paths(process.env).kwokWorkdir, 'clusters', clusterName);
    process.kill(Number(readFileSync(join(clusterDir, 'pids', 'kube-scheduler.pid'), 'utf8').trim()), 'SIGKILL');
    await until('the scheduler gone', async () => deadComponents(clusterDir).includes('kube-scheduler') || undefined, 10_000);
    const io = memoryIo(process.env);
    expect(await run(['up', '--engine', 'kwok'], io), io.out()).toBe(0);
    expect(io.out() + io.err()).toContain('kube-scheduler not running');
    expect(deadComponents(clusterDir)).toEqual([]);

    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: 'after-scheduler-restart' }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } });
    const node = await until('the Pod scheduled', async () => (await core.readNamespacedPod({ namespace: ns, name: 'after-scheduler-restart' })).spec?.nodeName, 30_000);
    expect(node).toMatch(/^node-/);
  });

  it('comes back after being stopped with every node managed, so Pods start at once', async () => {
    // Like a reboot: every process of the cluster ends; etcd keeps the Leases the old kwok held.
    await stopKwokCluster(process.env);
    const restarted = new Date();
    const io = memoryIo(process.env);
    expect(await run(['up', '--engine', 'kwok'], io), io.out()).toBe(0);

    const core = kc.makeApiClient(CoreV1Api);
    const nodes = (await core.listNode()).items.map((n) => n.metadata!.name!);
    const leases = (await kc.makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace: nodeLeaseNamespace })).items.map(leaseView);
    for (const node of nodes) {
      const lease = leases.find((l) => l.name === node);
      expect(lease?.renewedAt?.getTime(), `${node}'s Lease renewed by the new kwok`).toBeGreaterThanOrEqual(restarted.getTime());
    }
    expect(new Set(leases.filter((l) => nodes.includes(l.name)).map((l) => l.holder)).size).toBe(1);

    // One Pod pinned to each node: the old kwok's Leases would keep them Pending for minutes.
    for (const node of nodes) {
      await core.createNamespacedPod({ namespace: ns, body: { metadata: { name: `pinned-${node}` }, spec: { nodeName: node, containers: [{ name: 'app', image: 'nginx:1.27' }] } } });
    }
    const phases = await until('a Running Pod on every node', async () => {
      const pods = (await core.listNamespacedPod({ namespace: ns })).items.filter((p) => p.metadata?.name?.startsWith('pinned-'));
      return pods.length === nodes.length && pods.every((p) => p.status?.phase === 'Running') ? pods.map((p) => p.status?.phase) : undefined;
    }, 30_000);
    expect(phases).toEqual(nodes.map(() => 'Running'));
  });
});
