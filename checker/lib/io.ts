import type { WriterLike } from './logger.ts';

/** What a command may touch of the outside world; passed in so tests can capture it. */
export interface Io {
  stdout: WriterLike;
  stderr: WriterLike;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** An Io that records what was written, for tests. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}
