import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClusterState } from '../../checker/lib/cluster-state.ts';
import { dockerEndpoint, pingDocker, probeEngines, shapeDocker, shapeKubernetes, withStartProgress, type EnvironmentProbes } from './environment-status.ts';

const state: ClusterState = { engine: 'kwok', kubeconfig: '/tmp/kubeconfig', context: 'kwok-kubecamp', createdAt: '2026-01-01T00:00:00Z' };

describe('shapeKubernetes', () => {
  it('says how to start a cluster when none was recorded', () => {
    expect(shapeKubernetes(null, null)).toEqual({ running: false, start: 'npm run cluster:up', reason: 'no lab cluster has been started' });
  });

  it('names the recorded cluster that does not answer', () => {
    expect(shapeKubernetes(state, { ok: false, reason: 'connection refused at https://127.0.0.1:32766' })).toEqual({
      running: false,
      start: 'npm run cluster:up',
      reason: 'the kwok cluster (context kwok-kubecamp) does not answer: connection refused at https://127.0.0.1:32766',
      engine: 'kwok',
      context: 'kwok-kubecamp',
    });
  });

  it('reports engine, context and version when the API server answers', () => {
    expect(shapeKubernetes(state, { ok: true, version: 'v1.36.1' })).toEqual({ running: true, engine: 'kwok', context: 'kwok-kubecamp', version: 'v1.36.1' });
    expect(shapeKubernetes(state, { ok: true })).toEqual({ running: true, engine: 'kwok', context: 'kwok-kubecamp' });
  });
});

describe('shapeDocker', () => {
  it('reports the engine version or how to start it', () => {
    expect(shapeDocker('unix:///var/run/docker.sock', { ok: true, version: '27.5.1', apiVersion: '1.47' })).toEqual({
      running: true,
      endpoint: 'unix:///var/run/docker.sock',
      version: '27.5.1',
      apiVersion: '1.47',
    });
    expect(shapeDocker('unix:///var/run/docker.sock', { ok: false, reason: 'nothing listens at unix:///var/run/docker.sock' })).toEqual({
      running: false,
      start: 'npm run docker:up',
      reason: 'nothing listens at unix:///var/run/docker.sock',
      endpoint: 'unix:///var/run/docker.sock',
    });
  });
});

describe('probeEngines', () => {
  it('pings the API server only when a cluster is recorded', async () => {
    const pinged: string[] = [];
    const probes: EnvironmentProbes = {
      readClusterState: async () => null,
      pingKubernetes: async (s) => (pinged.push(s.context), { ok: true }),
      pingDocker: async () => ({ ok: false, reason: 'no engine' }),
      dockerEndpoint: 'unix:///x.sock',
    };
    const result = await probeEngines(probes);
    expect(pinged).toEqual([]);
    expect(result.kubernetes.running).toBe(false);
    expect(result.docker).toEqual({ running: false, start: 'npm run docker:up', reason: 'no engine', endpoint: 'unix:///x.sock' });
    const up = await probeEngines({ ...probes, readClusterState: async () => state });
    expect(pinged).toEqual(['kwok-kubecamp']);
    expect(up.kubernetes).toEqual({ running: true, engine: 'kwok', context: 'kwok-kubecamp' });
  });
});

describe('withStartProgress', () => {
  const progress = {
    pid: 1,
    since: '2026-01-01T00:00:00.000Z',
    step: 'kube-apiserver',
    stepStartedAt: '2026-01-01T00:01:00.000Z',
    plan: [{ name: 'Go modules for Kubernetes', recordedMs: 60_000 }, { name: 'kube-apiserver', recordedMs: 300_000 }, { name: 'starting the kwok cluster', recordedMs: 60_000 }],
  };
  const now = new Date('2026-01-01T00:02:00.000Z');

  it('adds the step and estimate to the start npm start runs', () => {
    expect(withStartProgress({ command: 'npm run cluster:up', since: '2026-01-01T00:00:00.000Z', lastLine: 'still working' }, progress, now)).toEqual({
      command: 'npm run cluster:up',
      since: '2026-01-01T00:00:00.000Z',
      lastLine: 'still working',
      progress: 'building kube-apiserver, 2 of 3, about 5 min left',
    });
  });

  it('reports a cluster:up run from another terminal, and nothing when none runs', () => {
    expect(withStartProgress(undefined, progress, now)).toEqual({ command: 'npm run cluster:up', since: '2026-01-01T00:00:00.000Z', progress: 'building kube-apiserver, 2 of 3, about 5 min left' });
    expect(withStartProgress(undefined, null, now)).toBeUndefined();
  });
});

describe('dockerEndpoint', () => {
  it('uses DOCKER_HOST when it is a unix or tcp address', () => {
    expect(dockerEndpoint({})).toEqual({ display: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' });
    expect(dockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }).socketPath).toBe('/run/user/1000/docker.sock');
    expect(dockerEndpoint({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }).url).toBe('http://127.0.0.1:2375');
  });
});

describe('pingDocker', () => {
  const dirs: string[] = [];
  const servers: http.Server[] = [];
  afterAll(async () => {
    for (const s of servers) s.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  async function fakeEngine(handler: http.RequestListener): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'kubecamp-docker-'));
    dirs.push(dir);
    const socketPath = join(dir, 'docker.sock');
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(socketPath, r));
    return socketPath;
  }

  it('reads the version from the Server header of /_ping', async () => {
    const socket = await fakeEngine((req, res) => {
      res.writeHead(req.url === '/_ping' ? 200 : 404, { server: 'Docker/27.5.1 (linux)', 'api-version': '1.47' });
      res.end('OK');
    });
    expect(await pingDocker({ DOCKER_HOST: `unix://${socket}` }, 1000)).toEqual({ ok: true, version: '27.5.1', apiVersion: '1.47' });
  });

  it('gives up on an engine that does not answer in time', async () => {
    const socket = await fakeEngine(() => {});
    expect(await pingDocker({ DOCKER_HOST: `unix://${socket}` }, 100)).toEqual({ ok: false, reason: `no answer from unix://${socket} in time` });
  });

  it('says when nothing listens', async () => {
    expect(await pingDocker({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }, 100)).toEqual({
      ok: false,
      reason: 'nothing listens at unix:///nonexistent/docker.sock',
    });
  });
});

describe('dockerEndpoint with a DOCKER_HOST the client cannot use', () => {
  it('reports why instead of throwing', async () => {
    expect(dockerEndpoint({ DOCKER_HOST: 'ssh://me@host' }).error).toMatch(/DOCKER_HOST="ssh:\/\/me@host" is not supported/);
    expect(await pingDocker({ DOCKER_HOST: 'ssh://me@host' }, 100)).toEqual({ ok: false, reason: expect.stringMatching(/is not supported/) });
  });
});
