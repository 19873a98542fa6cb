import type { KubeConfig } from '@kubernetes/client-node';
import { Agent, request, type RequestOptions } from 'node:https';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { ContextError } from '../lib/errors.ts';
import type { KubeTarget } from '../lib/kube-config.ts';
import { readSimpleKubeConfig } from '../lib/kube-config-simple.ts';
import { builtinResource, type ResourceInfo } from './kube-resources.ts';

export class KubeHttpError extends Error {
  constructor(readonly status: number, readonly reason: string, message: string) {
    super(message);
    this.name = 'KubeHttpError';
  }
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: any;
}

/**
 * A minimal REST client for the API server: keep-alive connections, a request
 * counter (the benchmark reports requests per check run), and streaming watches.
 * Credentials from the kubeconfig (kube-config-simple.ts; client-node's KubeConfig for exec plugins and the like).
 */
export interface KubeApi {
  readonly target: KubeTarget;
  readonly server: string;
  requests: number;
  get<T = any>(path: string): Promise<T>;
  /** A GET whose answer is text, not JSON (a container's log). */
  getText(path: string): Promise<string>;
  send<T = any>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, contentType?: string): Promise<T>;
  /** Stream watch events until the returned function is called. */
  watch(path: string, resourceVersion: string, onEvent: (e: WatchEvent) => void, onEnd: (err?: Error) => void): () => void;
  resolve(kind: string, apiVersion?: string): Promise<ResourceInfo>;
  close(): void;
}

export async function createKubeApi(target: KubeTarget, kubeConfig?: KubeConfig): Promise<KubeApi> {
  const base: RequestOptions = {};
  // Plain certificates and tokens (kind, kwok, most kubeconfigs) are read directly; the client library,
  // slow to import, only for what needs it (exec plugins, auth providers…) or when a config is given.
  const simple = kubeConfig ? null : readSimpleKubeConfig(target);
  let serverUrl: string;
  if (simple) {
    serverUrl = simple.server;
    Object.assign(base, { ca: simple.ca, cert: simple.cert, key: simple.key, headers: simple.headers });
    if (simple.rejectUnauthorized === false) base.rejectUnauthorized = false;
  } else {
    const kc = kubeConfig ?? (await import('../lib/kube-config.ts')).loadKubeConfig(target);
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ContextError(`context "${target.context}" has no cluster`);
    serverUrl = cluster.server;
    await kc.applyToHTTPSOptions(base);
  }
  const server = new URL(serverUrl);
  const isHttps = server.protocol === 'https:';
  const tls = { ca: base.ca, cert: base.cert, key: base.key, rejectUnauthorized: base.rejectUnauthorized };
  // Requests share a small pool of kept-alive connections. Watches hold their
  // connection for as long as they run, so they get their own unbounded agent:
  // one lab's watches, or many learners' labs, can never starve a plain GET.
  const agent = isHttps ? new Agent({ keepAlive: true, maxSockets: 8, ...tls }) : new HttpAgent({ keepAlive: true, maxSockets: 8 });
  const watchAgent = isHttps ? new Agent({ keepAlive: false, ...tls }) : new HttpAgent({ keepAlive: false });
  const headers = { ...(base.headers as Record<string, string> | undefined), Accept: 'application/json' };
  const discovered = new Map<string, ResourceInfo>();

  function open(method: string, path: string, extraHeaders: Record<string, string> = {}, via: Agent | HttpAgent = agent) {
    const opts: RequestOptions = {
      ...base,
      agent: via,
      method,
      protocol: server.protocol,
      hostname: server.hostname,
      port: server.port || (isHttps ? 443 : 80),
      path: `${server.pathname.replace(/\/$/, '')}${path}`,
      headers: { ...headers, ...extraHeaders },
    };
    api.requests++;
    return (isHttps ? request : httpRequest)(opts);
  }

  function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json', text = false): Promise<T> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      // Content-Length always: Node sends a DELETE body unframed (no chunked encoding), and the API
      // server then reads it as the start of the next request on the kept-alive connection (HTTP 400).
      const req = open(method, path, payload ? { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(payload)) } : {});
      req.setTimeout(15_000, () => req.destroy(new Error(`no answer from ${server.host} within 15 s`)));
      req.on('response', (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (data += c));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let parsed: any = undefined;
          try {
            parsed = data ? JSON.parse(data) : undefined;
          } catch {
            parsed = data;
          }
          if (status >= 200 && status < 300) resolve((text ? data : parsed) as T);
          else reject(new KubeHttpError(status, parsed?.reason ?? '', parsed?.message ?? `HTTP ${status} for ${method} ${path}`));
        });
      });
      req.on('error', (err) => reject(new ContextError(`cannot reach the API server at ${server.host}`, { cause: err, fix: 'start the lab cluster with `npm run cluster:up` (status: `npm run cluster:status`)' })));
      req.end(payload);
    });
  }

  const api: KubeApi = {
    target,
    server: server.toString(),
    requests: 0,
    get: (path) => call('GET', path),
    getText: (path) => call('GET', path, undefined, undefined, true),
    send: (method, path, body, contentType) => call(method, path, body, contentType),
    watch(path, resourceVersion, onEvent, onEnd) {
      const sep = path.includes('?') ? '&' : '?';
      const req = open('GET', `${path}${sep}watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`, {}, watchAgent);
      let stopped = false;
      let buffer = '';
      req.on('response', (res) => {
        if ((res.statusCode ?? 0) >= 300) {
          onEnd(new KubeHttpError(res.statusCode ?? 0, '', `watch ${path} failed with HTTP ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (line) {
              try {
                onEvent(JSON.parse(line));
              } catch {
                /* a torn line cannot happen with newline framing; ignore garbage */
              }
            }
          }
        });
        res.on('end', () => !stopped && onEnd());
        res.on('error', (err) => !stopped && onEnd(err));
      });
      req.on('error', (err) => !stopped && onEnd(err));
      req.end();
      return () => {
        stopped = true;
        req.destroy();
      };
    },
    async resolve(kind, apiVersion) {
      const builtin = builtinResource(kind, apiVersion);
      if (builtin) return builtin;
      const key = `${apiVersion ?? ''}/${kind}`;
      const hit = discovered.get(key);
      if (hit) return hit;
      if (!apiVersion) {
        throw new ContextError(`unknown kind "${kind}"`, { fix: 'give its apiVersion in the check, e.g. `apiVersion: example.com/v1`' });
      }
      const list = await call<any>('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);
      const found = list.resources?.find((r: any) => r.kind === kind && !r.name.includes('/'));
      if (!found) throw new ContextError(`the API server does not serve kind ${kind} in ${apiVersion}`, { fix: 'install its CRD or correct the kind' });
      const info = { apiVersion, plural: found.name, namespaced: found.namespaced };
      discovered.set(key, info);
      return info;
    },
    close() {
      agent.destroy();
      watchAgent.destroy();
    },
  };
  return api;
}
