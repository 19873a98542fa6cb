import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerClient, type DockerClient } from '../../checker/lib/docker-api.ts';
import { ensureImages } from './ensure-images.ts';

/**
 * The images labs use behave as labs expect, whether they were pulled or
 * built here as stand-ins: servers listen on their usual ports, commands are on
 * PATH. Every server is published on 127.0.0.1 only.
 */

const label = { 'org.kubecamp.test': 'stand-ins' };
let client: DockerClient;

beforeAll(async () => {
  client = dockerClient();
  await ensureImages(['busybox:1.37', 'node:26-bookworm-slim', 'nginx:1.30-trixie', 'registry:3.1.0', 'redis:7.2-bookworm']);
});

afterAll(async () => {
  for (const c of await client.listContainers({ all: true, filters: { label: ['org.kubecamp.test=stand-ins'] } })) {
    await client.removeContainer(c.Id, { force: true });
  }
});

/** Start a server with its port published on a free loopback port; returns that port. */
async function serve(image: string, port: string, env: string[] = []): Promise<{ id: string; hostPort: number }> {
  const id = await client.createContainer({
    Image: image,
    Env: env,
    Labels: label,
    HostConfig: { PortBindings: { [port]: [{ HostIp: '127.0.0.1', HostPort: '' }] } },
  });
  await client.startContainer(id);
  const info = await client.inspectContainer(id);
  const hostPort = Number(info?.NetworkSettings.Ports?.[port]?.[0]?.HostPort);
  expect(hostPort).toBeGreaterThan(0);
  return { id, hostPort };
}

async function eventually<T>(fn: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/** A request that gives up after 3 s: a connection accepted before the server is up can hang. */
const get = (url: string) => fetch(url, { signal: AbortSignal.timeout(3_000) });

function tcpExchange(port: number, send: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('timed out')));
    socket.on('connect', () => socket.write(send));
    socket.on('data', (c) => {
      data += c.toString();
      if (data.includes('\r\n')) socket.end();
    });
    socket.on('close', () => (data ? resolve(data) : reject(new Error('connection closed without an answer'))));
    socket.on('error', reject);
  });
}

async function run(image: string, cmd: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const id = await client.createContainer({ Image: image, Cmd: cmd, Labels: label });
  await client.startContainer(id);
  const code = await client.waitContainer(id);
  return { code, ...(await client.logs(id)) };
}

describe('images used by labs', () => {
  it('nginx serves its welcome page on port 80 in the foreground', async () => {
    const { id, hostPort } = await serve('nginx:1.30-trixie', '80/tcp');
    const body = await eventually(async () => {
      const res = await get(`http://127.0.0.1:${hostPort}/`);
      expect(res.status).toBe(200);
      return res.text();
    });
    expect(body).toContain('Welcome to nginx!');
    const logs = await eventually(async () => {
      const l = await client.logs(id);
      expect(l.stdout).toMatch(/"GET \/ HTTP\/1.1" 200/);
      return l;
    }, 5_000);
    expect(logs.stdout).toContain('GET /');
    expect((await client.inspectContainer(id))?.State.Running).toBe(true);
  });

  it('registry answers the v2 API on port 5000', async () => {
    const { hostPort } = await serve('registry:3.1.0', '5000/tcp');
    const res = await eventually(() => get(`http://127.0.0.1:${hostPort}/v2/`));
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    const catalog = await (await get(`http://127.0.0.1:${hostPort}/v2/_catalog`)).json();
    expect(catalog).toEqual({ repositories: [] });
  });

  it('redis answers PING on port 6379 from other hosts (no protected mode)', async () => {
    const { hostPort } = await serve('redis:7.2-bookworm', '6379/tcp');
    expect(await eventually(() => tcpExchange(hostPort, 'PING\r\n'))).toBe('+PONG\r\n');
  });

  it('node runs scripts with node and npm on PATH', async () => {
    const r = await run('node:26-bookworm-slim', ['sh', '-c', 'node -e "console.log(process.versions.node)" && npm --version && id -un node']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const [nodeVersion, npmVersion, user] = r.stdout.trim().split('\n');
    expect(nodeVersion).toMatch(/^26\./);
    expect(npmVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(user).toBe('node');
  });

  it('busybox has the applets labs use', async () => {
    const r = await run('busybox:1.37', ['sh', '-c', 'which wget nc httpd ip ps top']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['/bin/wget', '/bin/nc', '/bin/httpd', '/bin/ip', '/bin/ps', '/bin/top']);
  });
});
