import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterState } from '../../lib/cluster-state.ts';
import { noopLogger } from '../../lib/logger.ts';
import { deleteNamespace, recreateNamespace } from '../../labs/namespace.ts';
import { createKubeApi, type KubeApi } from '../../environments/kube-api.ts';
import { snapshotView } from '../../environments/kube-view.ts';
import { filesView } from '../../environments/files-view.ts';
import { checkInputSchema, type Check } from '../../schemas/check.ts';
import type { CheckContext } from '../../engine/context.ts';
import { evaluateCheck } from '../registry.ts';

/**
 * The behaviour checks against the lab cluster `env` points at (its
 * KUBECAMP_HOME), which must run `engine`. On kind they read real containers:
 * logs, a previous container's log after a crash, exec exit codes, a write
 * on a read-only mount, requests through a Service's ClusterIP and DNS name.
 * On the Docker-free engine every one of them says it needs real nodes.
 */
export function behaviourChecksSuite(expected: 'kind' | 'kwok', env: () => NodeJS.ProcessEnv = () => process.env): void {
  const ns = `it-behaviour-${expected}-${process.pid}`;
  let api: KubeApi;
  let engine: string | undefined;

  const pod = (name: string, spec: object, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec });

  beforeAll(async () => {
    const state = await readClusterState(env());
    if (!state) throw new Error('no lab cluster is running: start one with `npm run cluster:up`');
    engine = state.engine;
    expect(engine, 'the cluster this suite was given runs another engine').toBe(expected);
    api = await createKubeApi(state);
    await recreateNamespace(api, ns, 'behaviour-test');
    const create = (o: any) => api.send('POST', `/api/v1/namespaces/${ns}/${o.kind === 'Pod' ? 'pods' : 'services'}`, o);
    await create(pod('client', { containers: [{ name: 'client', image: 'busybox:1.37', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo client ready; sleep 3600'] }] }));
    await create(pod('crasher', { containers: [{ name: 'app', image: 'busybox:1.37', imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', 'echo attempt at $(date +%s); exit 3'] }] }));
    await create(
      pod(
        'web',
        {
          volumes: [{ name: 'conf', configMap: { name: 'missing', optional: true } }],
          containers: [{ name: 'nginx', image: 'nginx:1.30-trixie', imagePullPolicy: 'IfNotPresent', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'conf', mountPath: '/conf', readOnly: true }] }],
        },
        { app: 'web' },
      ),
    );
    await create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
  }, 60_000);

  afterAll(async () => {
    if (!api) return;
    await deleteNamespace(api, ns).finally(() => api.close());
  }, 180_000);

  /** Evaluate one check as the engine would, re-trying a retryable fail for up to `ms`. */
  async function evaluate(raw: object, ms = 90_000) {
    const check = checkInputSchema.parse(raw) as Check;
    const deadline = Date.now() + ms;
    for (;;) {
      const view = snapshotView(api);
      const ctx = { namespace: ns, kube: () => view, logger: noopLogger, files: filesView('/nonexistent') } as unknown as CheckContext;
      const outcome = await evaluateCheck(check, ctx);
      if (outcome.status !== 'fail' || !outcome.retry || Date.now() > deadline) return outcome;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  describe('behaviour checks', () => {
    it('read what containers print, run and answer on kind, and need real nodes elsewhere', async () => {
      const checks = {
        logs: { type: 'k8s.logs', pod: 'client', contains: 'client ready' },
        previous: { type: 'k8s.logs', pod: 'crasher', previous: true, matches: '^attempt at \\d+$' },
        exec: { type: 'k8s.exec', pod: 'client', command: ['sh', '-c', 'echo hi; exit 4'], expect: { exitCode: 4, stdoutContains: 'hi' } },
        readOnly: { type: 'k8s.exec', selector: 'app=web', command: ['touch', '/conf/x'], expect: { exitCode: 0 } },
        dns: { type: 'k8s.request', from: { pod: 'client' }, url: 'http://web/', bodyContains: 'Welcome to nginx' },
        fqdn: { type: 'k8s.request', from: { pod: 'client' }, url: `http://web.${ns}.svc.cluster.local/nope`, status: 200 },
      };
      if (engine !== 'kind') {
        for (const c of Object.values(checks)) {
          const o = await evaluate(c);
          expect(o.status).toBe('unsupported');
          expect(o.message).toMatch(/^needs real nodes \(kind\): /);
        }
        return;
      }
      expect(await evaluate(checks.logs)).toMatchObject({ status: 'pass', message: 'the log of container client in Pod client contains "client ready"' });
      // The crasher's first restart comes after the kubelet's back-off; on a loaded machine (the kind labs
      // beside it) that took over 90 s once.
      const previous = await evaluate(checks.previous, 150_000);
      expect(previous.status, previous.message).toBe('pass');
      expect(await evaluate(checks.exec)).toMatchObject({ status: 'pass', message: '`sh -c echo hi; exit 4` in Pod client (container client) succeeded' });
      const ro = await evaluate(checks.readOnly, 0);
      expect(ro.status).toBe('fail');
      expect(ro.message).toMatch(/^`touch \/conf\/x` in Pod web \(container nginx\) exited with 1, expected 0: ".*Read-only file system/);
      expect(await evaluate(checks.dns)).toMatchObject({ status: 'pass', message: 'GET http://web/ from Pod client answered HTTP 200' });
      expect(await evaluate(checks.fqdn, 0)).toMatchObject({ status: 'fail', message: `GET http://web.${ns}.svc.cluster.local/nope from Pod client answered HTTP 404, expected 200` });
      const missing = await evaluate({ type: 'k8s.request', from: { pod: 'client' }, url: 'http://nosuch/' }, 0);
      expect(missing).toMatchObject({ status: 'fail', message: "GET http://nosuch/ from Pod client got no HTTP answer: bad address 'nosuch'" });
    }, 330_000);
  });
}
