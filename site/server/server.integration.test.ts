import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type StartedServer } from './testing/start-server.ts';

/**
 * `npm start -- --no-env` for real: builds the site when it is stale, serves
 * it on a free loopback port, and answers the API. No cluster is needed.
 */
let server: StartedServer;
let base: string;

beforeAll(async () => {
  server = await startServer({ namespacePrefix: 'site-' });
  base = server.base;
});

afterAll(async () => {
  if (server) expect(await server.stop()).toBe(0);
});

async function get(path: string) {
  const res = await fetch(base + path, { redirect: 'manual', headers: { cookie: server.cookie } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('the site server', () => {
  it('serves the home page', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.text).toContain('<title>kubecamp');
    expect(res.text).toContain('npm start');
  });

  it('serves a lesson with both modules in the sidebar', async () => {
    const res = await get('/containers/what-is-a-container/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('What is a container?');
    expect(res.text).toContain('href="/kubernetes/kubernetes-architecture/"');
    expect(res.text).toMatch(/<summary[\s\S]*?Containers[\s\S]*?<\/summary>/);
    expect(res.text).toMatch(/<summary[\s\S]*?Kubernetes[\s\S]*?<\/summary>/);
    expect(res.text).toContain('data-kc-env');
    expect(res.text).toContain('<svg');
  });

  it('redirects a lesson URL without its trailing slash', async () => {
    const res = await fetch(`${base}/kubernetes/kubernetes-architecture`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/kubernetes/kubernetes-architecture/');
  });

  it('prints the address with its token, and trades the token for a cookie', async () => {
    expect(server.output()).toContain(`kubecamp is at ${base}/?token=${server.token}\n`);
    const res = await fetch(`${base}/containers/what-is-a-container/?token=${server.token}&x=1`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/containers/what-is-a-container/?x=1');
    expect(res.headers.get('set-cookie')).toBe(`kubecamp-token-${server.port}=${server.token}; Path=/; HttpOnly; SameSite=Strict`);
  });

  it('answers /api/health', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ status: 'ok' });
  });

  it('answers /api/environment with both engines', async () => {
    const res = await get('/api/environment');
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(typeof body.kubernetes.running).toBe('boolean');
    expect(typeof body.docker.running).toBe('boolean');
    if (!body.kubernetes.running) expect(body.kubernetes.start).toBe('npm run cluster:up');
    expect(body.starting).toBeUndefined();
  });

  it('answers an unknown API route with 404 JSON', async () => {
    const res = await get('/api/x');
    expect(res.status).toBe(404);
    expect(res.type).toContain('application/json');
    expect(JSON.parse(res.text)).toEqual({ error: 'no API route /api/x' });
  });

  it('answers an unknown page with the site 404 page', async () => {
    const res = await get('/no-such-lesson/');
    expect(res.status).toBe(404);
    expect(res.type).toContain('text/html');
  });
});
