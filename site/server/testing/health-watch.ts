import { spawn } from 'node:child_process';
import { expect } from 'vitest';

/**
 * How fast the lab server answers /api/health while it is attacked, beside a
 * control: the watcher process also runs a trivial HTTP server and asks it the
 * same way, every time. On an idle machine both answer in a few ms; when other
 * work loads the machine (`npm test` runs the kind project beside these tests),
 * both slow down alike. A server whose main thread a learner's file or frame
 * blocks answers late by the length of the block (seconds), its control does not.
 */
export interface HealthWatch {
  stop(): Promise<HealthWatchResult>;
}

export interface HealthWatchResult {
  /** Slowest answer of the server's /api/health. */
  worstMs: number;
  /** Slowest answer of the control server, asked right after it each time. */
  controlWorstMs: number;
  answers: number;
  failures: string[];
}

/** The server must answer within this much more than the machine's own delay. */
export const healthBoundMs = 200;

/** Ask /api/health every `everyMs`, then the control, in a process of its own (the test's process is busy attacking). */
export async function watchHealth(base: string, everyMs = 50): Promise<HealthWatch> {
  const script = `
    const http = require('node:http');
    const control = http.createServer((req, res) => res.end('{"ok":true}'));
    let running = true;
    process.on('SIGTERM', () => (running = false));
    const time = async (url) => {
      const started = performance.now();
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        await res.arrayBuffer();
        return res.status === 200 ? String(performance.now() - started) : 'HTTP ' + res.status;
      } catch (err) {
        return 'failed: ' + err.message;
      }
    };
    control.listen(0, '127.0.0.1', async () => {
      const controlUrl = 'http://127.0.0.1:' + control.address().port + '/';
      while (running) {
        const server = await time(${JSON.stringify(`${base}/api/health`)});
        const own = await time(controlUrl);
        // The control's time last and without spaces: a failed control reads '-'.
        process.stdout.write(server + ' ' + (/^[\\d.]+$/.test(own) ? own : '-') + '\\n');
        await new Promise((r) => setTimeout(r, ${everyMs}));
      }
      control.close();
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = new Promise((r) => child.once('exit', r));
  // Started once it has its first answer.
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve();
    });
    void exited.then(() => reject(new Error(`the /api/health watcher exited: ${out}`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return readHealthLines(out);
    },
  };
}

const number = /^[\d.]+$/;

/** The watcher's lines (`<server ms> <control ms>`, or a failure in place of a time). */
export function readHealthLines(out: string): HealthWatchResult {
  const pairs = out.trim().split('\n').filter(Boolean).map((l) => [l.slice(0, l.lastIndexOf(' ')), l.slice(l.lastIndexOf(' ') + 1)]);
  const server = pairs.map(([s]) => s!);
  const control = pairs.map(([, c]) => c!).filter((c) => number.test(c)).map(Number);
  const times = server.filter((l) => number.test(l)).map(Number);
  return { worstMs: Math.max(0, ...times), controlWorstMs: Math.max(0, ...control), answers: times.length, failures: server.filter((l) => !number.test(l)) };
}

/** Every health request answered 200, and none later than the bound plus what the control waited. */
export function expectResponsive(r: HealthWatchResult): void {
  expect(r.failures).toEqual([]);
  expect(r.answers).toBeGreaterThan(0);
  expect(r.worstMs, `slowest /api/health ${Math.round(r.worstMs)} ms; slowest control ${Math.round(r.controlWorstMs)} ms`).toBeLessThan(healthBoundMs + r.controlWorstMs);
}
