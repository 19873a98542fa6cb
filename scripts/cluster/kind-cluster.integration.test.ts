import { CoreV1Api, KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { exec } from '../../checker/lib/exec.ts';
import { loadKubeConfig } from '../../checker/lib/kube-config.ts';
import { versions } from '../versions.ts';
import { run } from './cli.ts';
import { kindLabImages } from './kind-engine.ts';
import { kindTestClusterName, kindTestEnv, kindTestNamespace, upKindTestCluster } from './kind-test-cluster.ts';

/**
 * A real kind cluster on this machine: `cluster up --engine kind` (the
 * published node image where it can be pulled, else the one built offline from
 * local parts), whose kubelets run containers: the throwaway cluster of the
 * `kind` project (kind-test-cluster.ts), shared with the labs on kind.
 */
const env = kindTestEnv(inject('kindTestHome'));
let kc: KubeConfig;
const ns = `it-kind-${process.pid}`;
const image = 'busybox:1.37';
/** The pinned nginx of the lab catalog, loaded into the nodes like every lab image. */
const nginxImage = kindLabImages.find((ref) => ref.startsWith('nginx:'))!;

beforeAll(async () => {
  kc = await kindTestNamespace(env, ns);
}, 3_600_000);

afterAll(async () => {
  if (kc) await kc.makeApiClient(CoreV1Api).deleteNamespace({ name: ns }).catch(() => {});
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn().catch(() => undefined);
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function pod(name: string, command: string[]): V1Pod {
  return {
    metadata: { name },
    spec: { restartPolicy: 'Always', containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command }] },
  };
}

describe('kind cluster (kubelets that run containers)', () => {
  it('reports engine kind, its nodes Ready, kubelet v1.36.1 and containerd', async () => {
    const io = memoryIo(env);
    expect(await run(['status'], io)).toBe(0);
    const out = io.out();
    expect(out).toContain('engine:      kind');
    expect(out).toContain('nodes:       2/2 Ready');
    expect(out).toContain(`kubelet:     v${versions.kubernetes} (2 nodes)`);
    expect(out).toMatch(/runtime: {5}containerd:\/\/\S+ \(2 nodes\)/);
  });

  it('`kubectl logs` returns what the container printed', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: ns, body: pod('hello', ['sh', '-c', 'echo "hello from a real kubelet on $(hostname)"; sleep 3600']) });
    const logs = await until('the Pod to print its line', async () => {
      const text = await core.readNamespacedPodLog({ namespace: ns, name: 'hello' });
      return text.includes('hello from a real kubelet') ? text : undefined;
    });
    expect(logs.trim()).toBe('hello from a real kubelet on hello');
  });

  it('a Pod on the control-plane node reaches nginx on the worker through the Service DNS name (podnet routes, kube-proxy, CoreDNS)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const onNode = (name: string, node: string, container: V1Pod['spec']): V1Pod => ({
      metadata: { name, labels: { app: name } },
      spec: { ...container!, nodeSelector: { 'kubernetes.io/hostname': `${kindTestClusterName}-${node}` }, tolerations: [{ operator: 'Exists' }] },
    });
    await core.createNamespacedPod({ namespace: ns, body: onNode('web', 'worker', { containers: [{ name: 'web', image: nginxImage, imagePullPolicy: 'IfNotPresent' }] }) });
    await core.createNamespacedService({ namespace: ns, body: { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } } });
    await core.createNamespacedPod({
      namespace: ns,
      body: onNode('client', 'control-plane', {
        restartPolicy: 'Never',
        // Until nginx itself answers: just after the Service is made, its ClusterIP may still lead
        // where an earlier Service with that address led (a CI run here got a 404 from another server).
        containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', `until wget -qO- http://web.${ns}.svc.cluster.local/ > /tmp/page 2>>/tmp/errors && grep -q 'Welcome to nginx' /tmp/page; do sleep 1; done; grep -o '<title>.*</title>' /tmp/page`] }],
      }),
    });
    const logs = await until('the client to fetch the page', async () => {
      const p = await core.readNamespacedPod({ namespace: ns, name: 'client' });
      return p.status?.phase === 'Succeeded' ? core.readNamespacedPodLog({ namespace: ns, name: 'client' }) : undefined;
    });
    expect(logs.trim()).toBe('<title>Welcome to nginx!</title>');
  });

  it('a PersistentVolumeClaim is bound by the local-path provisioner and a Pod writes to it', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPersistentVolumeClaim({
      namespace: ns,
      body: { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Mi' } } } },
    });
    const body = pod('writer', ['sh', '-c', 'echo kept > /data/f && cat /data/f']);
    body.spec!.restartPolicy = 'Never';
    body.spec!.containers[0].volumeMounts = [{ name: 'd', mountPath: '/data' }];
    body.spec!.volumes = [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }];
    await core.createNamespacedPod({ namespace: ns, body });
    const logs = await until('the writer to finish', async () => {
      const p = await core.readNamespacedPod({ namespace: ns, name: 'writer' });
      return p.status?.phase === 'Succeeded' ? core.readNamespacedPodLog({ namespace: ns, name: 'writer' }) : undefined;
    });
    expect(logs.trim()).toBe('kept');
    expect((await core.readNamespacedPersistentVolumeClaim({ namespace: ns, name: 'data' })).status?.phase).toBe('Bound');
  });

  it('an image tag nobody loaded fails with a real ErrImagePull / ImagePullBackOff', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const body = pod('missing', ['true']);
    body.spec!.containers[0].image = 'busybox:0.0-does-not-exist';
    await core.createNamespacedPod({ namespace: ns, body });
    const reason = await until('the pull to fail', async () => {
      const p = await core.readNamespacedPod({ namespace: ns, name: 'missing' });
      const r = p.status?.containerStatuses?.[0]?.state?.waiting?.reason;
      return r === 'ErrImagePull' || r === 'ImagePullBackOff' ? r : undefined;
    });
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(reason);
  });

  // Back-off 10 s, then 20 s; on this loaded 2-core machine it took 164 s to be seen.
  it('a container that exits reaches CrashLoopBackOff with restartCount >= 2', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: ns, body: pod('crash', ['sh', '-c', 'echo dying; exit 3']) });
    const status = await until('CrashLoopBackOff after two restarts', async () => {
      const p = await core.readNamespacedPod({ namespace: ns, name: 'crash' });
      const c = p.status?.containerStatuses?.[0];
      return c && c.restartCount >= 2 && c.state?.waiting?.reason === 'CrashLoopBackOff' ? c : undefined;
    }, 280_000);
    expect(status.lastState?.terminated?.exitCode).toBe(3);
  });

  // Last: a reboot of the learner's machine, as Docker sees it. kind's entrypoint moves the node to
  // its new address; `cluster up` after it finds the cluster and waits for the API server.
  it('comes back after its node containers restart (a reboot), and runs a Pod again', async () => {
    const nodes = ['control-plane', 'worker'].map((n) => `${kindTestClusterName}-${n}`);
    await exec('docker', ['restart', ...nodes], { env, timeoutMs: 180_000 });
    const up = await upKindTestCluster(env);
    expect(up.code, up.output).toBe(0);
    const status = await until('both nodes Ready again', async () => {
      const io = memoryIo(env);
      return (await run(['status'], io)) === 0 && io.out().includes('nodes:       2/2 Ready') ? io.out() : undefined;
    }, 240_000);
    expect(status).toContain('engine:      kind');
    // The API server's host port may have moved: `cluster up` exported the kubeconfig again.
    kc = loadKubeConfig((await readClusterState(env))!);
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedPod({ namespace: ns, body: pod('after-restart', ['sh', '-c', 'echo back; sleep 3600']) });
    const logs = await until('the Pod to print its line', async () => {
      const text = await core.readNamespacedPodLog({ namespace: ns, name: 'after-restart' });
      return text.includes('back') ? text : undefined;
    }, 180_000);
    expect(logs.trim()).toBe('back');
  }, 600_000);
});
