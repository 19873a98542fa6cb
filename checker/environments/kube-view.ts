import type { KubeApi, WatchEvent } from './kube-api.ts';
import { collectionPath, type ResourceInfo } from './kube-resources.ts';

export interface ListOptions {
  apiVersion?: string;
  namespace?: string;
}

/**
 * Reads for one check run, batched: one LIST per kind and namespace, shared by
 * every check. In live mode the lists are kept current by watches instead, so
 * re-evaluating costs no requests and `onChange` fires when anything moves.
 */
export interface KubeView {
  readonly api: KubeApi;
  list(kind: string, options?: ListOptions): Promise<any[]>;
  resource(kind: string, apiVersion?: string): Promise<ResourceInfo>;
  /** Forget cached lists (snapshot mode) so the next read sees the cluster now. */
  invalidate(): void;
}

/** The resource and collection path a list of `kind` reads. */
async function locate(api: KubeApi, kind: string, options: ListOptions) {
  const resource = await api.resolve(kind, options.apiVersion);
  return { resource, path: collectionPath(resource, options.namespace) };
}

export function snapshotView(api: KubeApi): KubeView {
  let cache = new Map<string, Promise<any[]>>();
  return {
    api,
    resource: (kind, apiVersion) => api.resolve(kind, apiVersion),
    async list(kind, options = {}) {
      const { resource: r, path } = await locate(api, kind, options);
      let hit = cache.get(path);
      if (!hit) {
        hit = api.get(path).then((l: any) => (l.items ?? []).map((o: any) => ({ apiVersion: r.apiVersion, kind, ...o })));
        hit.catch(() => cache.delete(path));
        cache.set(path, hit);
      }
      return hit;
    },
    invalidate() {
      cache = new Map();
    },
  };
}

interface Store {
  objects: Map<string, any>;
  ready: Promise<void>;
  stop: () => void;
}

/** Informer-style view: LIST once, then WATCH; relists after a dropped watch. */
export function liveView(api: KubeApi, onChange: (kind: string) => void, retryMaxMs = 10_000): KubeView & { close(): void } {
  const stores = new Map<string, Store>();
  let closed = false;

  function start(r: ResourceInfo, kind: string, path: string): Store {
    const objects = new Map<string, any>();
    const key = (o: any) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;
    let stopWatch = () => {};
    const store: Store = { objects, ready: Promise.resolve(), stop: () => stopWatch() };
    const sync = async (): Promise<void> => {
      const list = await api.get(path);
      // Closed while the LIST was on its way: start no watch that nobody would ever stop.
      if (closed) return;
      objects.clear();
      for (const o of list.items ?? []) objects.set(key(o), { apiVersion: r.apiVersion, kind, ...o });
      const rv = list.metadata?.resourceVersion ?? '0';
      stopWatch = api.watch(
        path,
        rv,
        (e: WatchEvent) => {
          if (e.type === 'BOOKMARK') return;
          if (e.type === 'ERROR') return;
          const o = { apiVersion: r.apiVersion, kind, ...e.object };
          if (e.type === 'DELETED') objects.delete(key(o));
          else objects.set(key(o), o);
          onChange(kind);
        },
        () => {
          if (closed) return;
          // The API server ends watches every few minutes, and on errors: relist and watch again.
          resync(500);
        },
      );
    };
    // Relist until it works (the API server may be restarting); the store keeps its last objects meanwhile.
    const resync = (delayMs: number) =>
      setTimeout(() => {
        if (closed) return;
        sync().then(() => onChange(kind), () => resync(Math.min(delayMs * 2, retryMaxMs)));
      }, delayMs);
    store.ready = sync();
    return store;
  }

  return {
    api,
    resource: (kind, apiVersion) => api.resolve(kind, apiVersion),
    async list(kind, options = {}) {
      const { resource: r, path } = await locate(api, kind, options);
      let store = stores.get(path);
      if (!store) {
        store = start(r, kind, path);
        stores.set(path, store);
        store.ready.catch(() => stores.delete(path));
      }
      await store.ready;
      return [...store.objects.values()];
    },
    invalidate() {},
    close() {
      closed = true;
      for (const s of stores.values()) s.stop();
      stores.clear();
    },
  };
}
