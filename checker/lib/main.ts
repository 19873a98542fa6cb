import { formatError } from './errors.ts';
import { processIo, type Io } from './io.ts';

/**
 * The one place a command's errors are printed. Each script exports
 * `run(argv, io)` returning an exit code; its `main` file is one call to this.
 */
export async function runMain(run: (argv: string[], io: Io) => Promise<number>): Promise<void> {
  const io = processIo();
  const verbose = process.argv.includes('--verbose') || process.argv.includes('-v');
  try {
    process.exitCode = await run(process.argv.slice(2), io);
  } catch (err) {
    io.stderr.write(`${formatError(err, verbose)}\n`);
    process.exitCode = 1;
  }
}
