import type { Io } from '../../checker/lib/io.ts';
import { ContextError } from '../../checker/lib/errors.ts';
import { checkerBench } from './checker-bench.ts';
import { cliBench } from './cli-bench.ts';
import { clusterBench } from './cluster-bench.ts';
import { kindBench } from './kind-bench.ts';
import { siteBench } from './site-bench.ts';

const suites: Record<string, (io: Io, flags: string[]) => Promise<void>> = {
  cluster: async (io, flags) => {
    await clusterBench(io);
    await kindBench(io, flags);
  },
  checker: (io) => checkerBench(io),
  cli: (io) => cliBench(io),
  site: siteBench,
};

/** `npm run bench [-- suite…] [--all]`: prints figures against their goals; goals are not test assertions. */
export async function run(argv: string[], io: Io): Promise<number> {
  const names = argv.filter((a) => !a.startsWith('-'));
  const flags = argv.filter((a) => a.startsWith('-'));
  const chosen = names.length ? names : Object.keys(suites);
  for (const name of chosen) {
    const suite = suites[name];
    if (!suite) throw new ContextError(`unknown benchmark "${name}"`, { fix: `choose from: ${Object.keys(suites).join(', ')}` });
    await suite(io, flags);
  }
  return 0;
}
