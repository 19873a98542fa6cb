import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noopLogger } from '../../checker/lib/logger.ts';
import { createApi } from './api.ts';
import type { EnvironmentStatus } from './environment-status.ts';

const status: EnvironmentStatus = {
  kubernetes: { running: false, start: 'npm run cluster:up', reason: 'no lab cluster has been started' },
  docker: { running: true, endpoint: 'unix:///var/run/docker.sock', version: '27.5.1' },
  starting: { command: 'npx tsx scripts/cluster/main.ts up', since: '2026-01-01T00:00:00.000Z', lastLine: '▸ building kube-apiserver…' },
};

let server: http.Server;
let base: string;

beforeAll(async () => {
  const api = createApi({ environment: async () => status, logger: noopLogger, bodyLimitBytes: 16, startedAt: new Date('2026-01-01T00:00:00Z') });
  server = http.createServer((req, res) => void api(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
});

async function call(path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  return { status: res.status, type: res.headers.get('content-type'), allow: res.headers.get('allow'), body: await res.json() };
}

describe('the API', () => {
  it('answers /api/health', async () => {
    expect(await call('/api/health')).toMatchObject({ status: 200, type: 'application/json; charset=utf-8', body: { status: 'ok', startedAt: '2026-01-01T00:00:00.000Z' } });
  });

  it('answers /api/environment with the engines and the bring-up progress', async () => {
    expect((await call('/api/environment')).body).toEqual(status);
  });

  it('answers an unknown route with 404 JSON', async () => {
    expect(await call('/api/x')).toMatchObject({ status: 404, body: { error: 'no API route /api/x' } });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    expect(await call('/api/health', { method: 'DELETE' })).toMatchObject({
      status: 405,
      allow: 'GET',
      body: { error: 'DELETE is not allowed on /api/health; use GET' },
    });
  });

  it('refuses a body over the limit with 413', async () => {
    expect(await call('/api/health', { method: 'POST', body: 'x'.repeat(17) })).toMatchObject({
      status: 413,
      body: { error: 'request body is larger than 16 bytes' },
    });
  });
});
