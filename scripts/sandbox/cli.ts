import { ContextError } from '../../checker/lib/errors.ts';
import type { Io } from '../../checker/lib/io.ts';
import { createLogger } from '../../checker/lib/logger.ts';
import { readSandboxState, sandboxContainerName, sandboxStateFile } from '../../checker/lib/sandbox-state.ts';
import { requireDockerEngine } from '../docker/engine.ts';
import { sandboxCgroupVersion, sandboxDown, sandboxUp } from './sandbox.ts';
import { parseCommandLine } from '../../checker/lib/command-line.ts';

const usage = `usage: sandbox <up|down|status> [options]

  up      start the disposable Linux sandbox container (${sandboxContainerName}); idempotent
  down    remove it
  status  whether it runs, its image and the cgroup version it sees; exit 1 when it is down

options:
  --json         status as JSON
  -v, --verbose  more detail, stack traces on errors`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { command, values, logger, exit } = parseCommandLine(argv, io, usage, {
    json: { type: 'boolean', default: false },
  });
  if (exit !== undefined) return exit;
  switch (command) {
    case 'up': {
      const s = await sandboxUp({ env: io.env, logger });
      io.stdout.write(
        `${s.reused ? 'the sandbox is already running' : 'sandbox ready'}: ${s.container} (${s.image}), cgroup v${s.cgroupVersion}, ` +
          `${s.privileged ? 'privileged' : 'all host capabilities (--privileged is refused on this host)'}\n` +
          `open a shell in it:  docker exec -it ${s.container} bash\n`,
      );
      return 0;
    }
    case 'down': {
      const existed = await sandboxDown({ env: io.env });
      io.stdout.write(existed ? `removed ${sandboxContainerName}\n` : `${sandboxContainerName} was not running\n`);
      return 0;
    }
    case 'status':
      return status(io, values.json!);
    default:
      throw new ContextError(`unknown command "${command}"`, { fix: 'use one of: up, down, status' });
  }
}

async function status(io: Io, json: boolean): Promise<number> {
  const state = await readSandboxState(io.env);
  const client = await requireDockerEngine(io.env);
  const info = await client.inspectContainer(sandboxContainerName);
  if (!info?.State.Running) {
    if (json) io.stdout.write(`${JSON.stringify({ running: false, container: sandboxContainerName, status: info?.State.Status ?? 'absent' })}\n`);
    else io.stdout.write(`the sandbox is not running (${info ? info.State.Status : 'no container'}); start it with \`npm run sandbox:up\`\n`);
    return 1;
  }
  const cgroupVersion = await sandboxCgroupVersion(client);
  if (json) {
    io.stdout.write(`${JSON.stringify({ running: true, container: sandboxContainerName, image: info.Config.Image, cgroupVersion, privileged: info.HostConfig.Privileged, startedAt: info.State.StartedAt, recorded: state })}\n`);
  } else {
    io.stdout.write(
      `container:  ${sandboxContainerName} (${info.Id.slice(0, 12)}), running since ${info.State.StartedAt}\n` +
        `image:      ${info.Config.Image}\ncgroups:    v${cgroupVersion} inside the sandbox (${info.HostConfig.CgroupnsMode ?? 'host'} cgroup namespace)\n` +
        `powers:     ${info.HostConfig.Privileged ? 'privileged' : `all capabilities but ${(info.HostConfig.CapDrop ?? []).join(', ') || 'none'} (--privileged is refused on this host)`}\n` +
        `state file: ${state ? sandboxStateFile(io.env) : 'missing; run `npm run sandbox:up` to write it'}\n`,
    );
  }
  return 0;
}
