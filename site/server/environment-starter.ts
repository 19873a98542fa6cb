import { spawn, type ChildProcess } from 'node:child_process';
import type { WriterLike } from '../../checker/lib/logger.ts';
import { quoteArgs } from '../../checker/lib/exec.ts';
import type { StartFailedStatus, StartingStatus } from './environment-status.ts';

export interface EnvironmentStarterOptions {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Where its output is relayed, each line prefixed with `[label]`. */
  out: WriterLike;
  label: string;
  /** What to tell a person to run to retry it by hand (default: the command line). */
  displayCommand?: string;
  now?: () => Date;
}

export interface EnvironmentStarter {
  /** Start it unless it is running; resolves with the exit code when it ends. */
  start(): Promise<number | null>;
  /** While running: since when and its latest line. */
  starting(): StartingStatus | undefined;
  /** After a failed run (until the next start): how it ended. */
  failed(): StartFailedStatus | undefined;
  /** Stop it if it is running (the server is shutting down). */
  stop(): void;
}

// Progress bars and colours are for terminals; the page shows plain text.
const ansi = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** The command `npm start` uses to bring up the default lab environment. */
export function clusterUpCommand(): { command: string; args: string[]; displayCommand: string } {
  return { command: 'npx', args: ['tsx', 'scripts/cluster/main.ts', 'up'], displayCommand: 'npm run cluster:up' };
}

/**
 * Runs a long bring-up command in the background (the server keeps serving
 * lessons meanwhile), relays its lines to the console and keeps the latest one
 * for `GET /api/environment`. Spawned directly rather than with `exec` because
 * the server must be able to stop it.
 */
export function createEnvironmentStarter(options: EnvironmentStarterOptions): EnvironmentStarter {
  const now = options.now ?? (() => new Date());
  const commandLine = options.displayCommand ?? quoteArgs(options.command, options.args);
  let child: ChildProcess | undefined;
  let running: Promise<number | null> | undefined;
  let current: StartingStatus | undefined;
  let lastFailure: StartFailedStatus | undefined;

  const relay = (line: string) => {
    const clean = line.replace(ansi, '').replace(/\r/g, '').trimEnd();
    if (!clean.trim()) return;
    options.out.write(`[${options.label}] ${clean}\n`);
    if (current) current.lastLine = clean.trim();
  };

  const lineSplitter = () => {
    let partial = '';
    return {
      push(chunk: string) {
        partial += chunk;
        const lines = partial.split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) relay(l);
      },
      flush() {
        if (partial) relay(partial);
        partial = '';
      },
    };
  };

  return {
    start() {
      if (running) return running;
      current = { command: commandLine, since: now().toISOString() };
      lastFailure = undefined;
      options.out.write(`[${options.label}] starting: ${commandLine}\n`);
      running = new Promise((resolve) => {
        const stdout = lineSplitter();
        const stderr = lineSplitter();
        // Its own process group, so stop() ends npx and everything it started.
        const proc = spawn(options.command, options.args, {
          cwd: options.cwd,
          env: options.env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        });
        child = proc;
        proc.stdout!.setEncoding('utf8').on('data', (c: string) => stdout.push(c));
        proc.stderr!.setEncoding('utf8').on('data', (c: string) => stderr.push(c));
        let finished = false;
        const finish = (code: number | null, why?: string) => {
          if (finished) return;
          finished = true;
          stdout.flush();
          stderr.flush();
          if (code !== 0 && current) {
            lastFailure = { ...current, lastLine: why ?? current.lastLine, endedAt: now().toISOString(), exitCode: code };
            options.out.write(`[${options.label}] failed (${why ?? `exit code ${code}`}); run \`${commandLine}\` to see the whole output\n`);
          }
          current = undefined;
          child = undefined;
          running = undefined;
          resolve(code);
        };
        proc.on('error', (err: NodeJS.ErrnoException) =>
          finish(null, err.code === 'ENOENT' ? `command not found: ${options.command}` : err.message),
        );
        proc.on('close', (code, signal) => finish(code, signal ? `stopped by ${signal}` : undefined));
      });
      return running;
    },
    starting: () => (current ? { ...current } : undefined),
    failed: () => (lastFailure ? { ...lastFailure } : undefined),
    stop() {
      if (!child?.pid) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    },
  };
}
