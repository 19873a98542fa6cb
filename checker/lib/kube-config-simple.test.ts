import type { RequestOptions } from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from './kube-config.ts';
import { readSimpleKubeConfig } from './kube-config-simple.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-kubeconfig-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(name: string, cluster: object, user: object): string {
  const file = join(tmp, name);
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'lab', context: { cluster: 'c', user: 'u', namespace: 'x' } }],
      'current-context': 'lab',
    }),
  );
  return file;
}

/** What the Kubernetes client library would put on the request (the reference). */
async function library(file: string) {
  const kc = loadKubeConfig({ kubeconfig: file, context: 'lab' });
  const base: RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  return { server: kc.getCurrentCluster()!.server, ca: base.ca, cert: base.cert, key: base.key, headers: base.headers ?? {}, rejectUnauthorized: base.rejectUnauthorized };
}

describe('readSimpleKubeConfig', () => {
  it('reads inline certificates (kind, kwok) as the client library does', async () => {
    writeFileSync(join(tmp, 'ca.crt'), 'CA');
    const file = kubeconfig('inline.yaml', { server: 'https://127.0.0.1:6443', 'certificate-authority': 'ca.crt' }, { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') });
    const simple = readSimpleKubeConfig({ kubeconfig: file, context: 'lab' })!;
    const ref = await library(file);
    expect(simple.server).toBe(ref.server);
    expect(String(simple.ca)).toBe(String(ref.ca));
    expect(String(simple.cert)).toBe(String(ref.cert));
    expect(String(simple.key)).toBe(String(ref.key));
    expect(simple.headers).toEqual(ref.headers);
  });

  it('reads a bearer token and insecure-skip-tls-verify as the client library does', async () => {
    const file = kubeconfig('token.yaml', { server: 'https://10.0.0.1', 'insecure-skip-tls-verify': true }, { token: 'abc' });
    const simple = readSimpleKubeConfig({ kubeconfig: file, context: 'lab' })!;
    const ref = await library(file);
    expect(simple.headers).toEqual(ref.headers);
    expect(simple.rejectUnauthorized).toBe(ref.rejectUnauthorized);
  });

  it('leaves exec plugins, auth providers, proxies and unknown contexts to the library', () => {
    const exec = kubeconfig('exec.yaml', { server: 'https://x' }, { exec: { command: 'aws', apiVersion: 'client.authentication.k8s.io/v1' } });
    const proxy = kubeconfig('proxy.yaml', { server: 'https://x', 'proxy-url': 'http://p' }, { token: 't' });
    expect(readSimpleKubeConfig({ kubeconfig: exec, context: 'lab' })).toBeNull();
    expect(readSimpleKubeConfig({ kubeconfig: proxy, context: 'lab' })).toBeNull();
    expect(readSimpleKubeConfig({ kubeconfig: proxy, context: 'other' })).toBeNull();
    expect(readSimpleKubeConfig({ kubeconfig: join(tmp, 'missing.yaml'), context: 'lab' })).toBeNull();
  });
});
