/**
 * A small logger passed into every library function. Libraries default to
 * `noopLogger`; CLIs create one on their IO. `step` times long work and prints
 * the elapsed time when it ends, so a person always sees progress.
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
  /** Start a named step; call the returned function when it is done. */
  step(name: string): StepHandle;
}

export interface StepHandle {
  /** Report progress inside the step (e.g. "built kube-apiserver"). */
  progress(message: string): void;
  done(summary?: string): number;
  fail(): number;
}

export const noopLogger: Logger = {
  info() {},
  warn() {},
  debug() {},
  step() {
    const started = Date.now();
    return { progress() {}, done: () => Date.now() - started, fail: () => Date.now() - started };
  },
};

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  // Round to whole seconds first: 539.6 s is "9 min 0 s", not "8 min 60 s".
  const whole = Math.round(s);
  const m = Math.floor(whole / 60);
  return `${m} min ${whole - m * 60} s`;
}

export interface WriterLike {
  write(chunk: string): unknown;
}

export function createLogger(out: WriterLike, options: { verbose?: boolean; now?: () => number } = {}): Logger {
  const now = options.now ?? Date.now;
  return {
    info: (m) => void out.write(`${m}\n`),
    warn: (m) => void out.write(`warning: ${m}\n`),
    debug: (m) => {
      if (options.verbose) out.write(`  · ${m}\n`);
    },
    step(name) {
      const started = now();
      out.write(`▸ ${name}…\n`);
      const elapsed = () => now() - started;
      return {
        progress: (m) => void out.write(`  ${m} (${formatDuration(elapsed())})\n`),
        done: (summary) => {
          const ms = elapsed();
          out.write(`✔ ${name}${summary ? `: ${summary}` : ''} (${formatDuration(ms)})\n`);
          return ms;
        },
        fail: () => {
          const ms = elapsed();
          out.write(`✘ ${name} failed after ${formatDuration(ms)}\n`);
          return ms;
        },
      };
    },
  };
}

/**
 * Time `fn` as a named step, marking it failed if it throws. Long steps print a
 * heartbeat with the elapsed time so a silent `go build` never looks hung.
 */
export async function timedStep<T>(
  logger: Logger,
  name: string,
  fn: (step: StepHandle) => Promise<T>,
  heartbeatMs = 30_000,
): Promise<T> {
  const step = logger.step(name);
  const heartbeat = setInterval(() => step.progress('still working'), heartbeatMs);
  heartbeat.unref();
  try {
    const result = await fn(step);
    step.done();
    return result;
  } catch (err) {
    step.fail();
    throw err;
  } finally {
    clearInterval(heartbeat);
  }
}
