import { spawn, type SpawnOptions } from 'node:child_process';
import { ContextError } from './errors.ts';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string;
  timeoutMs?: number;
  /** Called with each line of combined output, for progress on long commands. */
  onLine?: (line: string) => void;
  /** Don't throw on a non-zero exit; return the result instead. */
  allowFailure?: boolean;
}

export interface ExecResult {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function quoteArgs(cmd: string, args: readonly string[]): string {
  return [cmd, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/**
 * Run a command to completion. A failure throws a ContextError that keeps the
 * command line and the tail of its output, so the person can see what happened.
 */
export function exec(cmd: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
  const command = quoteArgs(cmd, args);
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] };
    const child = spawn(cmd, args, spawnOptions);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let partial = '';
    const lineSink = (chunk: string) => {
      if (!options.onLine) return;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout!.setEncoding('utf8').on('data', (c: string) => { stdout += c; lineSink(c); });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; lineSink(c); });
    const timer = options.timeoutMs
      ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, options.timeoutMs)
      : undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      const missing = err.code === 'ENOENT';
      reject(new ContextError(missing ? `command not found: ${cmd}` : `could not run ${command}`, { cause: missing ? undefined : err }));
    });
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      if (partial && options.onLine) options.onLine(partial);
      const result: ExecResult = { command, code: code ?? -1, stdout, stderr, timedOut };
      if ((result.code !== 0 || timedOut) && !options.allowFailure) {
        const why = timedOut ? `timed out after ${options.timeoutMs} ms` : `exited with code ${result.code}`;
        reject(new ContextError(`${command} ${why}`, { details: (stderr || stdout).trim() }));
      } else resolve(result);
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
  });
}

/** Is `cmd` on PATH (or an existing path)? */
export async function commandExists(cmd: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const r = await exec('sh', ['-c', 'command -v "$0"', cmd], { env, allowFailure: true }).catch(() => null);
  return !!r && r.code === 0;
}
