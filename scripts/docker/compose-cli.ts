import type { Io } from '../../checker/lib/io.ts';
import { ensureComposePlugin } from './compose-plugin.ts';
import { parseOptions } from '../../checker/lib/command-line.ts';

const usage = `usage: compose:install [options]

  Make \`docker compose\` work: a Compose plugin you installed is used as it is;
  otherwise the pinned Compose v2 release (scripts/versions.ts) is built from its
  Go module once, cached under ~/.cache/kubecamp/bin, and linked into the docker
  CLI's plugin folder (~/.docker/cli-plugins, or $DOCKER_CONFIG/cli-plugins).

options:
  --json         the result as JSON
  -v, --verbose  more detail, stack traces on errors`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, logger, exit } = parseOptions(argv, io, usage, { json: { type: 'boolean', default: false } });
  if (exit !== undefined) return exit;
  const status = await ensureComposePlugin({ env: io.env, logger });
  if (values.json) {
    io.stdout.write(`${JSON.stringify(status)}\n`);
    return 0;
  }
  const how = status.origin === 'built' ? 'built and installed' : status.installed ? 'installed from the cache' : 'already installed';
  io.stdout.write(`docker compose v${status.version}: ${how} (${status.binary})\n`);
  return 0;
}
