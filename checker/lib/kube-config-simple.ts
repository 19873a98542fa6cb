import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import type { KubeTarget } from './kube-config.ts';

/** What a request to the API server needs: its URL and the TLS material and headers of the context's user. */
export interface KubeConnection {
  server: string;
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized?: boolean;
  headers: Record<string, string>;
}

/**
 * Reads a kubeconfig context whose credentials are plain data (certificates
 * inline or in files, a bearer token) without the Kubernetes client library,
 * which costs more start-up time than a `labs check` itself. Returns null for
 * anything else (exec plugins, auth providers, a proxy, a TLS server name…):
 * the caller then uses the client library (kube-config.ts).
 */
export function readSimpleKubeConfig(target: KubeTarget): KubeConnection | null {
  let doc: any;
  try {
    doc = parse(readFileSync(target.kubeconfig, 'utf8'));
  } catch {
    return null;
  }
  const named = (list: unknown, name: unknown) => (Array.isArray(list) ? list.find((x) => x?.name === name) : undefined);
  const context = named(doc?.contexts, target.context)?.context;
  const cluster = named(doc?.clusters, context?.cluster)?.cluster;
  const user = context?.user === undefined ? {} : named(doc?.users, context.user)?.user;
  if (!context || !cluster?.server || !user) return null;
  const simpleCluster = new Set(['server', 'certificate-authority-data', 'certificate-authority', 'insecure-skip-tls-verify']);
  const simpleUser = new Set(['client-certificate-data', 'client-key-data', 'client-certificate', 'client-key', 'token']);
  if (Object.keys(cluster).some((k) => !simpleCluster.has(k)) || Object.keys(user ?? {}).some((k) => !simpleUser.has(k))) return null;
  const file = (p: string) => readFileSync(isAbsolute(p) ? p : join(dirname(target.kubeconfig), p));
  const material = (data: unknown, path: unknown) => (typeof data === 'string' ? Buffer.from(data, 'base64') : typeof path === 'string' ? file(path) : undefined);
  const out: KubeConnection = { server: cluster.server, headers: {} };
  try {
    const ca = material(cluster['certificate-authority-data'], cluster['certificate-authority']);
    const cert = material(user['client-certificate-data'], user['client-certificate']);
    const key = material(user['client-key-data'], user['client-key']);
    if (ca) out.ca = ca;
    if (cert) out.cert = cert;
    if (key) out.key = key;
  } catch {
    return null;
  }
  if (cluster['insecure-skip-tls-verify'] === true) out.rejectUnauthorized = false;
  if (typeof user.token === 'string') out.headers.Authorization = `Bearer ${user.token}`;
  return out;
}
