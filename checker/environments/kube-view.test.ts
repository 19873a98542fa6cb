import { describe, expect, it, vi } from 'vitest';
import type { KubeApi, WatchEvent } from './kube-api.ts';
import { liveView } from './kube-view.ts';

/** A scripted API server: LISTs answer from `lists` (or fail), watches are recorded and driven by hand. */
function fakeApi() {
  const watches: { path: string; rv: string; onEvent: (e: WatchEvent) => void; onEnd: (err?: Error) => void; stopped: boolean }[] = [];
  const lists: (() => Promise<any>)[] = [];
  const api = {
    target: { context: 'test' },
    server: 'https://fake',
    requests: 0,
    get: vi.fn(async () => {
      const next = lists.shift();
      if (!next) throw new Error('unexpected LIST');
      return next();
    }),
    send: vi.fn(),
    watch(path: string, rv: string, onEvent: (e: WatchEvent) => void, onEnd: (err?: Error) => void) {
      const w = { path, rv, onEvent, onEnd, stopped: false };
      watches.push(w);
      return () => void (w.stopped = true);
    },
    resolve: async () => ({ apiVersion: 'v1', plural: 'configmaps', namespaced: true }),
    close() {},
  } as unknown as KubeApi;
  const list = (names: string[], rv: string) => async () => ({ metadata: { resourceVersion: rv }, items: names.map((name) => ({ metadata: { name, namespace: 'ns' } })) });
  return { api, watches, lists, list };
}

const names = (objects: any[]) => objects.map((o) => o.metadata.name).sort();

describe('liveView', () => {
  it('lists once, then applies watch events and reports each change', async () => {
    const f = fakeApi();
    f.lists.push(f.list(['a'], '10'));
    const changed: string[] = [];
    const view = liveView(f.api, (k) => changed.push(k));
    expect(names(await view.list('ConfigMap', { namespace: 'ns' }))).toEqual(['a']);
    expect(f.watches).toMatchObject([{ path: '/api/v1/namespaces/ns/configmaps', rv: '10' }]);
    f.watches[0]!.onEvent({ type: 'ADDED', object: { metadata: { name: 'b', namespace: 'ns' } } });
    f.watches[0]!.onEvent({ type: 'DELETED', object: { metadata: { name: 'a', namespace: 'ns' } } });
    expect(names(await view.list('ConfigMap', { namespace: 'ns' }))).toEqual(['b']);
    expect(changed).toEqual(['ConfigMap', 'ConfigMap']);
    expect(f.api.get).toHaveBeenCalledTimes(1);
    view.close();
    expect(f.watches[0]!.stopped).toBe(true);
  });

  it('starts no watch when closed while its LIST is still on its way', async () => {
    const f = fakeApi();
    let answer!: (v: any) => void;
    f.lists.push(() => new Promise((r) => (answer = r)));
    const view = liveView(f.api, () => {});
    const pending = view.list('ConfigMap', { namespace: 'ns' });
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    view.close();
    answer({ metadata: { resourceVersion: '5' }, items: [] });
    await pending;
    expect(f.watches).toEqual([]);
  });

  it('relists after a dropped watch, retrying while the API server is away, and keeps the last objects meanwhile', async () => {
    vi.useFakeTimers();
    try {
      const f = fakeApi();
      f.lists.push(f.list(['a'], '1'));
      const changed: string[] = [];
      const view = liveView(f.api, (k) => changed.push(k), 2000);
      expect(names(await view.list('ConfigMap', { namespace: 'ns' }))).toEqual(['a']);
      f.lists.push(async () => Promise.reject(new Error('connection refused')), async () => Promise.reject(new Error('connection refused')), f.list(['a', 'c'], '9'));
      f.watches[0]!.onEnd(new Error('stream reset'));
      await vi.advanceTimersByTimeAsync(500);
      expect(names(await view.list('ConfigMap', { namespace: 'ns' }))).toEqual(['a']);
      await vi.advanceTimersByTimeAsync(1000 + 2000);
      expect(names(await view.list('ConfigMap', { namespace: 'ns' }))).toEqual(['a', 'c']);
      expect(f.watches.map((w) => w.rv)).toEqual(['1', '9']);
      expect(changed).toEqual(['ConfigMap']);
      view.close();
      f.watches[1]!.onEnd();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(f.api.get).toHaveBeenCalledTimes(4);
    } finally {
      vi.useRealTimers();
    }
  });
});
