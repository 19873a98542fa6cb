import { createServer, type Server } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../engine/context.ts';
import type { DockerView } from '../environments/docker-view.ts';
import type { TrialRun } from '../environments/docker-view.ts';
import { dockerContainerCheck, dockerImageCheck, httpCheck } from '../schemas/checks-docker.ts';
import { dockerContainer, dockerImage, familiarImageName, http } from './docker.ts';

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

describe('the docker.image check: the image starts', () => {
  const check = dockerImageCheck.parse({ type: 'docker.image', ref: 'greeter:1.0', starts: { env: { API_TOKEN: 'x' }, logs: 'listening' } });
  const image = { Id: 'sha256:abc', Config: { User: 'node' }, RootFS: { Layers: ['a', 'b'] }, Size: 2e8 };
  const withTrial = (run: TrialRun) => {
    const asked: unknown[] = [];
    const docker: Partial<DockerView> = { inspectImage: async () => image, trialRun: async (id, options) => (asked.push([id, options]), run) };
    return { ctx: { docker: () => docker as DockerView } as unknown as CheckContext, asked };
  };

  it('passes when a container from it still runs and prints what it should, run with the env the check gives', async () => {
    const { ctx, asked } = withTrial({ running: true, ranMs: 3000, output: 'greeter listening on port 3000' });
    expect(await dockerImage(check, ctx)).toEqual({ status: 'pass', message: 'image greeter:1.0 (2 layers, 200.0 MB) as expected; a container from it runs' });
    expect(asked).toEqual([['sha256:abc', { env: { API_TOKEN: 'x' }, seconds: 3 }]]);
  });

  it('fails an image that builds but whose command exits, quoting its last output and the command that shows it', async () => {
    // As node prints it: the error's message between the frame it was thrown from and the stack, a version banner last.
    const output = "node:internal/modules/cjs/loader:1228\n  throw err;\n  ^\n\nError: Cannot find module '/app/server.js'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)\n{\n  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v26.12.1";
    const { ctx } = withTrial({ running: false, exitCode: 1, ranMs: 420, output });
    expect(await dockerImage(check, ctx)).toEqual({
      status: 'fail',
      message: "image greeter:1.0 builds, but its command exited with code 1 after 0.4 s; its output says: \"Error: Cannot find module '/app/server.js'\" — `docker run --rm -e API_TOKEN=x greeter:1.0` shows the same",
      expected: 'a container from it still running after 3 s, printing /listening/',
      actual: 'exited (code 1) after 0.4 s',
    });
  });

  it("fails one the engine cannot start, in the engine's words, and one that runs but prints something else", async () => {
    const refused = await dockerImage(check, withTrial({ running: false, ranMs: 0, output: '', error: 'exec: "node": executable file not found in $PATH' }).ctx);
    expect(refused).toMatchObject({ status: 'fail', message: 'image greeter:1.0 builds, but a container cannot start from it: exec: "node": executable file not found in $PATH', actual: 'cannot start' });
    const repl = await dockerImage(check, withTrial({ running: true, ranMs: 3000, output: 'Welcome to Node.js v26.0.0.' }).ctx);
    expect(repl).toMatchObject({ status: 'fail', message: 'a container from image greeter:1.0 runs, but its output does not match /listening/: "Welcome to Node.js v26.0.0."', actual: 'Welcome to Node.js v26.0.0.' });
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
