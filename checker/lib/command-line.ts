import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Io } from './io.ts';
import { createLogger, type Logger } from './logger.ts';

const commonOptions = {
  verbose: { type: 'boolean', short: 'v', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * The shape every script's command line shares: its options plus --verbose and
 * --help, the usage printed for --help, and the logger. `exit` is set when the
 * caller should return it.
 */
export function parseOptions<const O extends Options>(argv: string[], io: Io, usage: string, options: O, { positionals: allowPositionals = false } = {}) {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals, options: { ...commonOptions, ...options } });
  const flags = values as { verbose?: boolean; help?: boolean };
  const logger: Logger = createLogger(io.stdout, { verbose: flags.verbose });
  if (flags.help) io.stdout.write(`${usage}\n`);
  return { positionals, values, logger, exit: flags.help ? 0 : undefined };
}

/** `<tool> <command> [args] [options]`: as parseOptions, and a missing command prints the usage (exit 2). */
export function parseCommandLine<const O extends Options>(argv: string[], io: Io, usage: string, options: O) {
  const { positionals, values, logger, exit } = parseOptions(argv, io, usage, options, { positionals: true });
  const [command, ...args] = positionals;
  if (exit === undefined && !command) {
    io.stdout.write(`${usage}\n`);
    return { command, args, values, logger, exit: 2 };
  }
  return { command, args, values, logger, exit };
}
