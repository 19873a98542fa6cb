import { errorKind, formatError } from './errors.ts';
import { processIo, type Io } from './io.ts';

/**
 * The one place a command's errors are printed. Each script exports
 * `run(argv, io)` returning an exit code; its `main` file is one call to this.
 * A thrown error exits 2 when it is the person's input (a bad flag, an unknown
 * name, a file they can fix), 3 when an engine is not running, else 1.
 */
export async function runMain(run: (argv: string[], io: Io) => Promise<number>): Promise<void> {
  const io = processIo();
  const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
  try {
    process.exitCode = await run(process.argv.slice(2), io);
  } catch (err) {
    io.stderr.write(`${formatError(err, verbose)}\n`);
    process.exitCode = exitCodeFor(err);
  }
}

export function exitCodeFor(err: unknown): number {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) return 2;
  const kind = errorKind(err);
  return kind === 'bad-input' ? 2 : kind === 'unavailable' ? 3 : 1;
}
