import { dockerClient } from '../../checker/lib/docker-api.ts';
import { ContextError } from '../../checker/lib/errors.ts';
import type { Io } from '../../checker/lib/io.ts';
import { createLogger } from '../../checker/lib/logger.ts';
import { dockerdFiles, ourDockerdPid, stopDockerd } from './dockerd.ts';
import { ensureDockerEngine, type EngineStatus } from './engine.ts';
import { ensureComposePlugin } from './compose-plugin.ts';
import { ensureBuildxPlugin } from './buildx-plugin.ts';
import { parseCommandLine } from '../../checker/lib/command-line.ts';

const usage = `usage: docker <up|status|down> [options]

  up      use the Docker engine that answers, or start the installed dockerd (Linux, root);
          make sure docker compose and docker buildx work (built from their Go modules if missing)
  status  engine version, storage driver and cgroup version; exit 1 when it is down
  down    stop the dockerd that \`up\` started (a Docker you run yourself is left alone)

options:
  --json         status as JSON
  -v, --verbose  more detail, stack traces on errors

The engine is found like the docker CLI finds it: DOCKER_HOST, the current docker
context, then /var/run/docker.sock.`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { command, values, logger, exit } = parseCommandLine(argv, io, usage, {
    json: { type: 'boolean', default: false },
  });
  if (exit !== undefined) return exit;

  switch (command) {
    case 'up': {
      const status = await ensureDockerEngine({ env: io.env, logger });
      const how = {
        existing: 'using the Docker engine that was already running',
        'started-by-kubecamp': 'using the dockerd kubecamp started earlier',
        'started-now': 'started dockerd',
      }[status.origin];
      io.stdout.write(`${how}: ${summary(status)}\n`);
      if (status.origin !== 'existing') io.stdout.write(`its log: ${dockerdFiles(io.env).log}; stop it with \`npm run docker:down\`\n`);
      // The compose lab needs `docker compose`; an existing plugin is left alone, a missing one is built once.
      const compose = await ensureComposePlugin({ env: io.env, logger });
      io.stdout.write(`docker compose ${compose.version}\n`);
      // buildx makes `docker build` use BuildKit (no legacy-builder deprecation banner); built once if missing.
      const buildx = await ensureBuildxPlugin({ env: io.env, logger });
      io.stdout.write(`docker buildx ${buildx.version}\n`);
      return 0;
    }
    case 'status':
      return status(io, values.json!);
    case 'down': {
      const stopped = await stopDockerd(io.env);
      io.stdout.write(stopped ? 'stopped the dockerd kubecamp started\n' : 'kubecamp did not start a dockerd that is still running; nothing to stop\n');
      return 0;
    }
    default:
      throw new ContextError(`unknown command "${command}"`, { fix: 'use one of: up, status, down' });
  }
}

function summary(s: EngineStatus): string {
  return `Docker ${s.version.Version} (API ${s.version.ApiVersion}) at ${s.address}, storage ${s.info.Driver}, cgroup v${s.info.CgroupVersion ?? '?'}`;
}

async function status(io: Io, json: boolean): Promise<number> {
  const client = dockerClient(io.env);
  try {
    const [version, info] = await Promise.all([client.version(), client.info()]);
    const ours = await ourDockerdPid(io.env);
    if (json) {
      io.stdout.write(`${JSON.stringify({ running: true, address: client.address, version: version.Version, apiVersion: version.ApiVersion, storageDriver: info.Driver, cgroupVersion: info.CgroupVersion, startedByKubecamp: !!ours })}\n`);
    } else {
      io.stdout.write(
        `engine:   Docker ${version.Version} (API ${version.ApiVersion}, ${version.Os}/${version.Arch})\naddress:  ${client.address}\n` +
          `storage:  ${info.Driver}\ncgroups:  v${info.CgroupVersion ?? '?'} (${info.CgroupDriver ?? '?'} driver)\n` +
          `started:  ${ours ? `by kubecamp (pid ${ours}, log ${dockerdFiles(io.env).log})` : 'outside kubecamp'}\n`,
      );
    }
    return 0;
  } catch (err) {
    const fix = err instanceof ContextError && err.fix ? err.fix : 'start Docker with `npm run docker:up`';
    if (json) io.stdout.write(`${JSON.stringify({ running: false, address: client.address, error: err instanceof Error ? err.message : String(err), fix })}\n`);
    else io.stdout.write(`the Docker engine is not running: ${err instanceof Error ? err.message : String(err)}\n  fix: ${fix}\n`);
    return 1;
  }
}
