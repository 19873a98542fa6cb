import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../engine/context.ts';
import type { DockerView } from '../environments/docker-view.ts';
import { dockerContainerCheck, httpCheck } from '../schemas/checks-docker.ts';
import { dockerContainer, familiarImageName, http } from './docker.ts';

/** A context whose Docker engine knows one container (and images by id), inspected as `docker inspect` returns them. */
function withContainer(container: Record<string, unknown> | null, images: Record<string, { RepoTags: string[] }> = {}): CheckContext {
  const docker: Partial<DockerView> = { inspectContainer: async () => container, inspectImage: async (ref) => images[ref] ?? null };
  return { docker: () => docker as DockerView } as unknown as CheckContext;
}

const running = (image: string) => ({ Config: { Image: image, Env: [] }, State: { Status: 'running', Running: true }, NetworkSettings: { Ports: {} } });

describe('familiarImageName', () => {
  it("drops Docker Hub's host and library/ namespace, as docker prints names", () => {
    expect(familiarImageName('docker.io/library/nginx:1.27-bookworm')).toBe('nginx:1.27-bookworm');
    expect(familiarImageName('index.docker.io/library/redis:7.2')).toBe('redis:7.2');
    expect(familiarImageName('library/node:20-bookworm-slim')).toBe('node:20-bookworm-slim');
    expect(familiarImageName('docker.io/bitnami/redis:7.2')).toBe('bitnami/redis:7.2');
  });

  it('leaves other registries and short names alone', () => {
    expect(familiarImageName('nginx:1.27-bookworm')).toBe('nginx:1.27-bookworm');
    expect(familiarImageName('localhost:5001/registries/hello:1.0')).toBe('localhost:5001/registries/hello:1.0');
    expect(familiarImageName('ghcr.io/library/tool:1')).toBe('ghcr.io/library/tool:1');
  });
});

describe('the docker.container check', () => {
  const check = dockerContainerCheck.parse({ type: 'docker.container', name: 'web', image: '^nginx:1\\.27' });

  it('accepts the image by its fully qualified Docker Hub name (docker run docker.io/library/nginx:…)', async () => {
    expect(await dockerContainer(check, withContainer(running('nginx:1.27-bookworm')))).toMatchObject({ status: 'pass' });
    expect(await dockerContainer(check, withContainer(running('docker.io/library/nginx:1.27-bookworm')))).toMatchObject({ status: 'pass' });
  });

  it('accepts a container started by image id, or by another tag, when the image has a matching tag', async () => {
    const id = 'sha256:3f1c2b';
    const byId = { ...running('3f1c2b'), Image: id };
    expect(await dockerContainer(check, withContainer(byId, { [id]: { RepoTags: ['nginx:1.27-bookworm', 'web:latest'] } }))).toMatchObject({ status: 'pass' });
    expect(await dockerContainer(check, withContainer(byId, { [id]: { RepoTags: ['nginx:1.28-bookworm'] } }))).toMatchObject({ status: 'fail' });
    expect(await dockerContainer(check, withContainer(byId))).toMatchObject({ status: 'fail', message: 'container web runs image 3f1c2b, expected one matching /^nginx:1\\.27/' });
  });

  it('still rejects another image or tag, naming it as the engine recorded it', async () => {
    expect(await dockerContainer(check, withContainer(running('docker.io/library/nginx:1.25')))).toEqual({
      status: 'fail',
      message: 'container web runs image docker.io/library/nginx:1.25, expected one matching /^nginx:1\\.27/',
      expected: '/^nginx:1\\.27/',
      actual: 'docker.io/library/nginx:1.25',
    });
    expect(await dockerContainer(check, withContainer(running('ghcr.io/someone/nginx:1.27')))).toMatchObject({ status: 'fail' });
  });
});

describe('the docker.container check: running means still running', () => {
  const check = dockerContainerCheck.parse({ type: 'docker.container', name: 'hello' });
  const startedAgo = (ms: number, extra: Record<string, unknown> = {}) => ({
    ...running('hello:1.0'),
    Name: '/hello',
    State: { Status: 'running', Running: true, StartedAt: new Date(Date.now() - ms).toISOString() },
    ...extra,
  });

  it('waits for a container that has just started: a program that fails at start runs for a moment first', async () => {
    const r = await dockerContainer(check, withContainer(startedAgo(500, { RestartCount: 2 })));
    expect(r).toMatchObject({ status: 'fail', expected: 'running', retry: true });
    expect(r.message).toMatch(/^container hello has been running for 0\.5 s only \(restarted 2 times\); it counts once it has run 2 s$/);
    expect(r.settlesInMs).toBeGreaterThan(1000);
    expect(await dockerContainer(check, withContainer(startedAgo(3000)))).toMatchObject({ status: 'pass' });
  });

  it('names how a stopped container ended and where to read why', async () => {
    const exited = { ...running('hello:1.0'), Name: '/hello', State: { Status: 'exited', Running: false, ExitCode: 127 } };
    expect((await dockerContainer(check, withContainer(exited))).message).toBe('container hello is exited, expected running (exit code 127; `docker logs hello` says why)');
    const oom = { ...exited, State: { Status: 'exited', Running: false, ExitCode: 137, OOMKilled: true } };
    expect((await dockerContainer(check, withContainer(oom))).message).toContain('(exit code 137, killed for using too much memory (OOMKilled);');
  });
});

describe('the http check', () => {
  const servers: { close(): unknown }[] = [];
  afterAll(() => servers.forEach((s) => s.close()));
  const listen = (server: Server | ReturnType<typeof createHttpServer>) =>
    new Promise<number>((resolve) => {
      servers.push(server);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
    });

  it('passes on the expected status and body', async () => {
    const port = await listen(createHttpServer((_req, res) => res.end('Hello from kubecamp\n')));
    expect(await http(httpCheck.parse({ type: 'http', port, bodyMatches: 'Hello from' }))).toEqual({ status: 'pass', message: `GET http://127.0.0.1:${port}/ answered 200` });
  });

  it('times out a server that accepts and never answers, on a timer that keeps the process alive', async () => {
    const sockets: { destroy(): void }[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    servers.push({ close: () => (sockets.forEach((s) => s.destroy()), silent.close()) });
    const port = await listen(silent);
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const pending = http(httpCheck.parse({ type: 'http', port }), undefined, 200);
    // AbortSignal.timeout's timer is unref'd and not listed: a CLI could exit with the check unsettled.
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeGreaterThan(timersBefore);
    expect(await pending).toEqual({
      status: 'fail',
      message: `GET http://127.0.0.1:${port}/ failed (no answer within 200 ms): nothing answers on port ${port}`,
      expected: 'HTTP 200',
      actual: 'no answer within 200 ms',
      retry: true,
    });
  });
});
