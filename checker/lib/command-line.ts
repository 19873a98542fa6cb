import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './io.ts';
import { createLogger, type Logger } from './logger.ts';

const commonOptions = {
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/**
 * The shape every `<tool> <command> [args] [options]` script shares: parse the
 * options (plus --verbose and --help), print the usage for --help or a missing
 * command, and make the logger. `exit` is set when the caller should return it.
 */
export function parseCommandLine<const O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], io: Io, usage: string, options: O) {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { ...commonOptions, ...options } });
  const [command, ...args] = positionals;
  const flags = values as { verbose?: boolean; help?: boolean };
  const logger: Logger = createLogger(io.stdout, { verbose: flags.verbose });
  let exit: number | undefined;
  if (flags.help || !command) {
    io.stdout.write(`${usage}\n`);
    exit = flags.help ? 0 : 2;
  }
  return { command, args, values, logger, exit };
}
