import type { Io } from '../../checker/lib/io.ts';
import { formatDuration } from '../../checker/lib/logger.ts';
import { requireDockerEngine } from '../docker/engine.ts';
import { catalog } from './catalog.ts';
import { ensureImages, formatSize, selectEntries, staleReason } from './ensure-images.ts';
import { labelKeys } from './image-config.ts';
import { loadAllLabs } from '../../checker/labs/load.ts';
import { parseOptions } from '../../checker/lib/command-line.ts';

const usage = `usage: images [reference…] [options]

Makes the images labs and tests use present in the Docker engine: keeps what is
there, else pulls the real image, else builds a local stand-in under the same
reference (labelled ${labelKeys.standIn}=true) from Debian packages.
With no reference: every catalog image except the lazy ones, plus every
image a lab declares in its lab.yaml (images:).

options:
  --all          include lazy images (built only when asked for)
  --list         show the catalog and what is present; build nothing
  --no-pull      do not try registries (also: KUBECAMP_OFFLINE=1)
  --rebuild      replace stand-ins (pulling the real image when a registry answers)
                 and rebuild local images, even when current
  -v, --verbose  show apt, debootstrap and pull output`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { positionals, values, logger, exit } = parseOptions(
    argv,
    io,
    usage,
    {
      all: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'no-pull': { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false },
    },
    { positionals: true },
  );
  if (exit !== undefined) return exit;
  if (values.list) return list(io);
  const started = Date.now();
  const labImages = positionals.length ? [] : (await loadAllLabs()).flatMap(({ lab }) => lab.images);
  const refs = positionals.length ? positionals : [...new Set([...selectEntries([], values.all).map((e) => e.ref), ...labImages])];
  const outcomes = await ensureImages(refs, { env: io.env, logger, pull: !values['no-pull'], rebuild: values.rebuild });
  io.stdout.write(`\n${outcomes.length} image${outcomes.length === 1 ? '' : 's'} ready in ${formatDuration(Date.now() - started)}:\n`);
  for (const o of outcomes) {
    const kind = o.builtHere ? (o.source ? 'stand-in' : 'local') : 'real';
    io.stdout.write(`  ${o.ref.padEnd(26)} ${o.action.padEnd(8)} ${kind.padEnd(9)} ${formatSize(o.sizeBytes).padStart(9)}  ${formatDuration(o.ms)}\n`);
  }
  const lazy = catalog.filter((e) => e.lazy && !refs.includes(e.ref));
  if (lazy.length && !positionals.length) io.stdout.write(`not built (lazy, built when asked for: \`npm run images -- <ref>\`): ${lazy.map((e) => e.ref).join(', ')}\n`);
  return 0;
}

async function list(io: Io): Promise<number> {
  const client = await requireDockerEngine(io.env);
  for (const entry of catalog) {
    const image = await client.inspectImage(entry.ref);
    const labels = image?.Config.Labels ?? {};
    const state = !image
      ? 'missing'
      : labels[labelKeys.standIn] === 'true'
        ? `stand-in${staleReason(entry, image) ? ', outdated' : ''}`
        : labels[labelKeys.recipe]
          ? `built locally${staleReason(entry, image) ? ', outdated' : ''}`
          : 'real image';
    io.stdout.write(`${entry.ref.padEnd(26)} ${state.padEnd(20)} ${image ? formatSize(image.Size).padStart(9) : ''.padStart(9)}  ${entry.summary}${entry.lazy ? ' [lazy]' : ''}\n`);
    if (entry.differences && labels[labelKeys.standIn] === 'true') io.stdout.write(`${''.padEnd(27)}stand-in: ${entry.differences}\n`);
  }
  return 0;
}
