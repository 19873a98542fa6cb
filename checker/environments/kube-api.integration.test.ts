import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterState } from '../lib/cluster-state.ts';
import { deleteNamespace, recreateNamespace } from '../labs/namespace.ts';
import { createKubeApi, type KubeApi, type WatchEvent } from './kube-api.ts';
import { liveView } from './kube-view.ts';

/**
 * Against the real API server (`npm run cluster:up` first; CI brings it up):
 * many long-lived watches at once — a learner with several labs open, or a
 * workshop — must never starve plain requests.
 */
const ns = `it-kube-api-${process.pid}`;
let api: KubeApi;

beforeAll(async () => {
  const state = await readClusterState();
  if (!state) throw new Error('no lab cluster is running: start one with `npm run cluster:up`');
  api = await createKubeApi(state);
  await recreateNamespace(api, ns, 'kube-api-test');
});

afterAll(async () => {
  if (!api) return;
  await deleteNamespace(api, ns).finally(() => api.close());
});

function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms));
  return Promise.race([p, late]);
}

describe('the checker\'s Kubernetes client', () => {
  it('answers requests while more watches are open than its request pool has connections', async () => {
    const events: WatchEvent[][] = [];
    const stops: (() => void)[] = [];
    const paths = ['configmaps', 'secrets', 'pods', 'services', 'serviceaccounts', 'events', 'endpoints', 'persistentvolumeclaims', 'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates'];
    try {
      for (const p of paths) {
        const list = await within(10_000, `LIST ${p}`, api.get<any>(`/api/v1/namespaces/${ns}/${p}`));
        const seen: WatchEvent[] = [];
        events.push(seen);
        stops.push(api.watch(`/api/v1/namespaces/${ns}/${p}`, list.metadata.resourceVersion, (e) => seen.push(e), () => {}));
      }
      const version = await within(10_000, 'GET /version', api.get<any>('/version'));
      expect(version.gitVersion).toMatch(/^v1\./);
      await within(10_000, 'creating a ConfigMap', api.send('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'probe' }, data: { a: '1' } }));
      // The first watch (ConfigMaps) still streams.
      await within(10_000, 'the ConfigMap watch event', (async () => {
        while (!events[0]!.some((e) => e.type === 'ADDED' && e.object.metadata.name === 'probe')) await new Promise((r) => setTimeout(r, 50));
      })());
    } finally {
      for (const stop of stops) stop();
    }
  });

  it('keeps a live view of a namespace current and says when it changed', async () => {
    const changed: string[] = [];
    await api.send('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'seen' }, data: { a: '1' } });
    const view = liveView(api, (kind) => changed.push(kind));
    try {
      expect((await view.list('ConfigMap', { namespace: ns })).map((o) => o.metadata.name)).toContain('seen');
      await api.send('DELETE', `/api/v1/namespaces/${ns}/configmaps/seen`);
      await within(10_000, 'the deletion in the live view', (async () => {
        while ((await view.list('ConfigMap', { namespace: ns })).some((o) => o.metadata.name === 'seen')) await new Promise((r) => setTimeout(r, 50));
      })());
      expect(changed).toContain('ConfigMap');
    } finally {
      view.close();
    }
  });
});
