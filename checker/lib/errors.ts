/**
 * Errors carry what was being done when they happened ("starting the kwok cluster
 * \"kubecamp\"") and, optionally, the fix. They are wrapped at every boundary and
 * printed exactly once, by `formatError`, at a CLI entry point or in the UI.
 */
export class ContextError extends Error {
  readonly context: string;
  readonly fix?: string;
  readonly details?: string;
  /** What went wrong, for exit codes and HTTP statuses: the person's input, or a system that is not running. */
  readonly kind?: ErrorKind;

  constructor(context: string, options: { cause?: unknown; fix?: string; details?: string; kind?: ErrorKind } = {}) {
    const causeMessage = options.cause instanceof Error ? options.cause.message : options.cause ? String(options.cause) : '';
    super(causeMessage ? `${context}: ${causeMessage}` : context, { cause: options.cause });
    this.name = 'ContextError';
    this.context = context;
    this.fix = options.fix ?? (options.cause instanceof ContextError ? options.cause.fix : undefined);
    this.details = options.details;
    this.kind = options.kind ?? (options.cause instanceof ContextError ? options.cause.kind : undefined);
  }
}

/** `bad-input`: a usage mistake or a file the person can fix; `unavailable`: an engine or cluster is not running. */
export type ErrorKind = 'bad-input' | 'unavailable';

/** The kind of the first error in the cause chain that has one. */
export function errorKind(err: unknown): ErrorKind | undefined {
  for (let e: unknown = err; e; e = e instanceof Error ? e.cause : undefined) {
    if (e instanceof ContextError && e.kind) return e.kind;
  }
  return undefined;
}

/** Run `fn`; if it throws, rethrow wrapped with `context`. */
export async function withContext<T>(context: string, fn: () => Promise<T>, fix?: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new ContextError(context, { cause: err, fix });
  }
}

/** Render an error for a person: message, the fix if known, details and stack only when verbose. */
export function formatError(err: unknown, verbose = false): string {
  const lines: string[] = [];
  const message = err instanceof Error ? err.message : String(err);
  lines.push(`error: ${message}`);
  const fix = findFix(err);
  if (fix) lines.push(`  fix: ${fix}`);
  if (verbose) {
    for (let e: unknown = err; e; e = e instanceof Error ? e.cause : undefined) {
      if (e instanceof ContextError && e.details) lines.push(indent(e.details.trimEnd()));
      if (e instanceof Error && !(e instanceof ContextError) && e.stack) lines.push(indent(e.stack));
    }
  } else {
    const details = findDetails(err);
    if (details) lines.push(indent(lastLines(details, 15)));
  }
  return lines.join('\n');
}

function findFix(err: unknown): string | undefined {
  for (let e: unknown = err; e; e = e instanceof Error ? e.cause : undefined) {
    if (e instanceof ContextError && e.fix) return e.fix;
  }
  return undefined;
}

function findDetails(err: unknown): string | undefined {
  for (let e: unknown = err; e; e = e instanceof Error ? e.cause : undefined) {
    if (e instanceof ContextError && e.details) return e.details;
  }
  return undefined;
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l}`).join('\n');
}

export function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.length <= n ? lines.join('\n') : ['…', ...lines.slice(-n)].join('\n');
}
