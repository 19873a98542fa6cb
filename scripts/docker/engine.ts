import { existsSync } from 'node:fs';
import { dockerClient, formatEndpoint, resolveDockerEndpoint, type DockerClient, type DockerInfo, type DockerVersion } from '../../checker/lib/docker-api.ts';
import { ContextError } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';
import { ourDockerdPid, startDockerd, waitForEngine } from './dockerd.ts';

export interface EngineStatus {
  address: string;
  version: DockerVersion;
  info: DockerInfo;
  /** How it came up: someone else's engine, or the dockerd kubecamp started (now or earlier). */
  origin: 'existing' | 'started-now' | 'started-by-kubecamp';
}

const installFix =
  'install Docker: `sudo apt-get install -y docker.io` on Debian/Ubuntu, or Docker Engine / Docker Desktop from https://docs.docker.com/get-docker/; then run `npm run docker:up`';

/** A client for the engine, or a ContextError saying how to get one running. */
export async function requireDockerEngine(env: NodeJS.ProcessEnv = process.env): Promise<DockerClient> {
  const client = dockerClient(env);
  if (await client.ping()) return client;
  await client.version(); // throws the precise reason (socket missing, permission denied…)
  throw new ContextError(`the Docker engine at ${client.address} does not answer /_ping`, { fix: 'start Docker with `npm run docker:up`' });
}

async function describe(client: DockerClient, origin: EngineStatus['origin']): Promise<EngineStatus> {
  const [version, info] = await Promise.all([client.version(), client.info()]);
  return { address: client.address, version, info, origin };
}

/**
 * Make a Docker engine answer: use the one already running (a learner's own
 * Docker), else on Linux as root start the installed dockerd in the background.
 * Anything else fails with the fix for this machine.
 */
export async function ensureDockerEngine({ env = process.env, logger = noopLogger }: { env?: NodeJS.ProcessEnv; logger?: Logger } = {}): Promise<EngineStatus> {
  const endpoint = resolveDockerEndpoint(env);
  const client = dockerClient(env, { endpoint });
  if (await client.ping()) return describe(client, (await ourDockerdPid(env)) ? 'started-by-kubecamp' : 'existing');

  const address = formatEndpoint(endpoint);
  if (process.platform !== 'linux') {
    throw new ContextError(`no Docker engine answers at ${address}`, { fix: 'start Docker Desktop (install it from https://docs.docker.com/get-docker/ if needed), then run `npm run docker:up` again' });
  }
  if (!(await commandExists('dockerd', env))) throw new ContextError(`no Docker engine answers at ${address} and dockerd is not installed`, { fix: installFix });
  if (endpoint.kind !== 'unix') {
    throw new ContextError(`no Docker engine answers at ${address}`, { fix: `start the engine at ${address}, or unset DOCKER_HOST so kubecamp can start a local one` });
  }
  if (process.getuid?.() !== 0) {
    throw new ContextError(`no Docker engine answers at ${address}, and starting dockerd needs root`, {
      fix: 'start it with `sudo systemctl start docker` (add yourself to the docker group with `sudo usermod -aG docker $USER` and log in again), or run `sudo npm run docker:up`',
    });
  }

  // An engine that is still starting (ours from a moment ago, or the system's) is waited for, not doubled.
  const pending = await ourDockerdPid(env);
  if (pending) {
    const up = await timedStep(logger, `waiting for the dockerd kubecamp started (pid ${pending})`, (step) => waitForEngine(client, step, 60_000, () => false));
    if (up) return describe(client, 'started-by-kubecamp');
  }

  if (existsSync('/run/systemd/system') && (await exec('systemctl', ['cat', 'docker.service'], { env, allowFailure: true }).catch(() => null))?.code === 0) {
    await timedStep(logger, 'starting Docker with systemctl start docker', async (step) => {
      await exec('systemctl', ['start', 'docker'], { env, timeoutMs: 120_000 });
      if (!(await waitForEngine(client, step, 60_000, () => false))) {
        throw new ContextError('docker.service started but the engine does not answer', { fix: 'see `journalctl -u docker --no-pager -n 50`' });
      }
    });
    return describe(client, 'existing');
  }

  await timedStep(logger, `starting dockerd on ${address}`, (step) => startDockerd(env, endpoint, step));
  return describe(client, 'started-now');
}
