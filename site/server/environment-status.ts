import http from 'node:http';
import https from 'node:https';
import { readClusterState, type ClusterState } from '../../checker/lib/cluster-state.ts';
import { loadKubeConfig } from '../../checker/lib/kube-config.ts';
import { formatEndpoint, resolveDockerEndpoint } from '../../checker/lib/docker-api.ts';
import { describeStartProgress, readStartProgress, type StartProgress } from '../../checker/lib/start-progress.ts';

/** The commands a person runs to start each engine; shown in the page banner. */
export const startCommands = {
  kubernetes: 'npm run cluster:up',
  docker: 'npm run docker:up',
} as const;

export type { KubernetesStatus, DockerStatus, StartingStatus, StartFailedStatus, EnvironmentStatus } from '../shared/environment-status.ts';
import type { KubernetesStatus, DockerStatus, EnvironmentStatus, StartingStatus } from '../shared/environment-status.ts';

/**
 * What the banner says about a start: the one `npm start` runs, or a
 * `npm run cluster:up` in another terminal (known by its progress file), with
 * the step it is on.
 */
export function withStartProgress(starting: StartingStatus | undefined, progress: StartProgress | null, now: Date): StartingStatus | undefined {
  if (!progress) return starting;
  return { ...(starting ?? { command: startCommands.kubernetes, since: progress.since }), progress: describeStartProgress(progress, now) };
}

/** The answer of one ping: what the engine said, or why it did not answer. */
export type Ping = { ok: true; version?: string; apiVersion?: string } | { ok: false; reason: string };

export function shapeKubernetes(state: ClusterState | null, ping: Ping | null): KubernetesStatus {
  if (!state) return { running: false, start: startCommands.kubernetes, reason: 'no lab cluster has been started' };
  if (!ping || !ping.ok) {
    const why = ping && !ping.ok ? `: ${ping.reason}` : '';
    return {
      running: false,
      start: startCommands.kubernetes,
      reason: `the ${state.engine} cluster (context ${state.context}) does not answer${why}`,
      engine: state.engine,
      context: state.context,
    };
  }
  return { running: true, engine: state.engine, context: state.context, ...(ping.version ? { version: ping.version } : {}) };
}

export function shapeDocker(endpoint: string, ping: Ping): DockerStatus {
  if (!ping.ok) return { running: false, start: startCommands.docker, reason: ping.reason, endpoint };
  return {
    running: true,
    endpoint,
    ...(ping.version ? { version: ping.version } : {}),
    ...(ping.apiVersion ? { apiVersion: ping.apiVersion } : {}),
  };
}

function describeRequestError(err: unknown, where: string): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return `nothing listens at ${where}`;
    case 'ECONNREFUSED':
      return `connection refused at ${where}`;
    case 'EACCES':
      return `permission denied on ${where}`;
    case 'TIMEOUT':
      return `no answer from ${where} in time`;
    default:
      return `${where}: ${e.message ?? String(err)}`;
  }
}

interface GetResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One GET with a hard deadline; a slow engine must not hold up the page. */
function getWithTimeout(
  request: (callback: (res: http.IncomingMessage) => void) => http.ClientRequest,
  timeoutMs: number,
): Promise<GetResult> {
  return new Promise((resolve, reject) => {
    const req = request((res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 64 * 1024) body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Where the Docker engine listens, found as the checker and the docker CLI find it
 * (DOCKER_HOST, the docker context, the default socket), so the banner and the checks agree.
 */
export function dockerEndpoint(env: NodeJS.ProcessEnv): { display: string; socketPath?: string; url?: string; error?: string } {
  let endpoint;
  try {
    endpoint = resolveDockerEndpoint(env);
  } catch (err) {
    // A DOCKER_HOST the client cannot use: the banner says why instead of failing the request.
    return { display: env.DOCKER_HOST ?? '', error: (err as Error).message };
  }
  const display = formatEndpoint(endpoint);
  return endpoint.kind === 'unix' ? { display, socketPath: endpoint.socketPath } : { display, url: `http://${endpoint.host}:${endpoint.port}` };
}

/** `GET /_ping` on the Docker engine; its `Server` header names the version (`Docker/27.5.1 (linux)`). */
export async function pingDocker(env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ping> {
  const endpoint = dockerEndpoint(env);
  if (endpoint.error) return { ok: false, reason: endpoint.error };
  try {
    const res = await getWithTimeout(
      (cb) =>
        endpoint.socketPath
          ? http.request({ socketPath: endpoint.socketPath, path: '/_ping', method: 'GET' }, cb)
          : http.request(new URL('/_ping', endpoint.url), { method: 'GET' }, cb),
      timeoutMs,
    );
    if (res.status !== 200) return { ok: false, reason: `${endpoint.display} answered /_ping with HTTP ${res.status}` };
    const version = /Docker\/([^\s]+)/.exec(String(res.headers.server ?? ''))?.[1];
    const apiVersion = res.headers['api-version'];
    return { ok: true, ...(version ? { version } : {}), ...(typeof apiVersion === 'string' ? { apiVersion } : {}) };
  } catch (err) {
    return { ok: false, reason: describeRequestError(err, endpoint.display) };
  }
}

/** `GET /version` on the lab cluster's API server, with the kubeconfig's credentials. */
export async function pingKubernetes(state: ClusterState, timeoutMs: number): Promise<Ping> {
  let server = '(unknown server)';
  try {
    const kc = loadKubeConfig(state);
    server = kc.getCurrentCluster()?.server ?? server;
    const url = new URL('/version', server);
    const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json' } };
    await kc.applyToHTTPSOptions(options);
    const res = await getWithTimeout(
      (cb) => (url.protocol === 'https:' ? https.request(url, options, cb) : http.request(url, options as http.RequestOptions, cb)),
      timeoutMs,
    );
    if (res.status !== 200) return { ok: false, reason: `${server} answered /version with HTTP ${res.status}` };
    const version = (JSON.parse(res.body) as { gitVersion?: string }).gitVersion;
    return { ok: true, ...(version ? { version } : {}) };
  } catch (err) {
    return { ok: false, reason: describeRequestError(err, server) };
  }
}

export interface EnvironmentProbes {
  readClusterState: () => Promise<ClusterState | null>;
  pingKubernetes: (state: ClusterState) => Promise<Ping>;
  pingDocker: () => Promise<Ping>;
  dockerEndpoint: string;
  /** A `cluster:up` in progress (its progress file), if any. */
  readStartProgress?: () => Promise<StartProgress | null>;
}

export function defaultProbes(env: NodeJS.ProcessEnv, timeoutMs = 1500): EnvironmentProbes {
  return {
    readClusterState: () => readClusterState(env).catch(() => null),
    pingKubernetes: (state) => pingKubernetes(state, timeoutMs),
    pingDocker: () => pingDocker(env, timeoutMs),
    dockerEndpoint: dockerEndpoint(env).display,
    readStartProgress: () => readStartProgress(env),
  };
}

/** Ask both engines at once. */
export async function probeEngines(probes: EnvironmentProbes): Promise<Pick<EnvironmentStatus, 'kubernetes' | 'docker'>> {
  const [kubernetes, docker] = await Promise.all([
    probes.readClusterState().then(async (state) => shapeKubernetes(state, state ? await probes.pingKubernetes(state) : null)),
    probes.pingDocker().then((ping) => shapeDocker(probes.dockerEndpoint, ping)),
  ]);
  return { kubernetes, docker };
}
