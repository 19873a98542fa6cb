import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeApi, type KubeApi } from './kube-api.ts';

/** A plain HTTP stand-in for the API server on 127.0.0.1: records each request it parses, with its body. */
const seen: string[] = [];
const server = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    seen.push(`${req.method} ${req.url} ${body}`.trim());
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
});
let api: KubeApi;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  api = await createKubeApi({ kubeconfig: '/unused', context: 'x' }, kc);
});
afterAll(() => {
  api?.close();
  server.close();
});

describe('the API client', () => {
  it('frames a DELETE body, so the next request on the kept-alive connection is read as its own', async () => {
    await api.send('DELETE', '/api/v1/namespaces/x/pods', { gracePeriodSeconds: 0 });
    await api.get('/api/v1/namespaces/x');
    expect(seen).toEqual(['DELETE /api/v1/namespaces/x/pods {"gracePeriodSeconds":0}', 'GET /api/v1/namespaces/x']);
  });
});
