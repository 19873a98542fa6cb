import type { CheckOutcome } from '../schemas/result.ts';
import { ContextError } from '../lib/errors.ts';
import { FileTooLarge } from '../environments/files-view.ts';

/** What an evaluator returns: a CheckOutcome, plus whether waiting could change a fail. */
export interface Outcome extends CheckOutcome {
  /** The state may still converge (a controller is catching up): re-check until the check's `within`. */
  retry?: boolean;
  /**
   * The verdict may change by itself after this long with nothing to announce it (a Pod must stay
   * Ready a few seconds): the engine waits at least this long before settling on a fail, and a live
   * watch re-checks then.
   */
  settlesInMs?: number;
}

export const pass = (message: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'pass', message, ...extra });
export const fail = (message: string, extra: Partial<Outcome> = {}): Outcome => ({ status: 'fail', message, ...extra });

/** An environment the check needs is not there: reported as `error` with how to start it, never as a fail. */
export class EnvironmentUnavailable extends ContextError {
  constructor(context: string, options: ConstructorParameters<typeof ContextError>[1] = {}) {
    super(context, { kind: 'unavailable', ...options });
  }
}

export function errorOutcome(err: unknown): Outcome {
  const message = err instanceof Error ? err.message : String(err);
  const fix = err instanceof ContextError ? err.fix : undefined;
  return { status: 'error', message, ...(fix ? { fix } : {}) };
}

export function parseDuration(d: string | undefined): number {
  if (!d) return 0;
  const m = /^(\d+)(ms|s|m)$/.exec(d);
  if (!m) return 0;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
}

/** What a check that threw reports: the learner's oversized file is a fail (the task is not done), anything else an error. */
export function thrownOutcome(err: unknown): Outcome {
  if (err instanceof FileTooLarge) return { status: 'fail', message: err.message, ...(err.fix ? { fix: err.fix } : {}) };
  return errorOutcome(err);
}
