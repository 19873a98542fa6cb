import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Io } from '../../checker/lib/io.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { formatDuration } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { run as cluster } from '../cluster/cli.ts';
import { stopKwokCluster } from '../cluster/kwok-engine.ts';
import { formatRow } from './stats.ts';

/**
 * kwok cluster ready time with cached binaries (goal < 30 s), measured by
 * recreating the cluster; the same after a stop (a reboot: every process
 * ends, the new kwok must take over the node Leases); first-build time as
 * recorded by the build itself.
 */
export async function clusterBench(io: Io): Promise<void> {
  io.stdout.write('\n── cluster (kwok engine)\n');
  const quiet = memoryIo(io.env);
  await cluster(['down'], quiet);
  const started = Date.now();
  const code = await cluster(['up', '--engine', 'kwok'], quiet);
  const ready = Date.now() - started;
  if (code !== 0) throw new Error(`cluster:up failed:\n${quiet.out()}`);
  io.stdout.write(`${formatRow('ready time, cached binaries (down → up → Ready)', formatDuration(ready), '< 30 s', ready < 30_000)}\n`);
  await stopKwokCluster(io.env);
  const restartedAt = Date.now();
  const again = await cluster(['up', '--engine', 'kwok'], quiet);
  const restart = Date.now() - restartedAt;
  if (again !== 0) throw new Error(`cluster:up after a stop failed:\n${quiet.out()}`);
  io.stdout.write(`${formatRow('restart after a stop (stop → up → every node managed)', formatDuration(restart), '< 30 s', restart < 30_000)}\n`);
  const record = join(paths(io.env).bin, 'build-times.json');
  if (existsSync(record)) {
    const times = JSON.parse(await readFile(record, 'utf8')) as { recordedAt: string; steps: Record<string, number> };
    const total = Object.values(times.steps).reduce((a, b) => a + b, 0);
    io.stdout.write(`${formatRow(`first build from Go modules (recorded ${times.recordedAt.slice(0, 10)})`, formatDuration(total))}\n`);
    for (const [step, ms] of Object.entries(times.steps)) io.stdout.write(`${formatRow(`  ${step}`, formatDuration(ms))}\n`);
  } else {
    io.stdout.write(`${formatRow('first build from Go modules', 'not recorded')}  (recorded when \`npm run cluster:build\` builds on an empty cache)\n`);
  }
}
