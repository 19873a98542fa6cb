import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Environment } from '../environments/environment.ts';
import { labSchema } from '../schemas/lab.ts';
import { createCheckIsolation } from './check-isolation.ts';
import { createChecker } from './engine.ts';

const nothing = () => Promise.reject(new Error('not needed'));
const environment: Environment = { kubeApi: nothing, docker: nothing, sandbox: nothing, close() {} };
const workspace = mkdtempSync(join(tmpdir(), 'kubecamp-isolation-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/**
 * A lab whose file check has a pattern that backtracks exponentially on `aaa…b`
 * (one the schema's slow-shape heuristic would miss: set after parsing, as the
 * isolation is there for the shapes the heuristic does not know).
 */
const lab = labSchema.parse({
  id: 'slow',
  title: 'Slow',
  lesson: 'x/slow',
  environments: [],
  minutes: 1,
  solution: [{ run: 'true' }],
  tasks: [
    { id: 'slow', title: 'Slow', checks: [{ type: 'file', file: 'notes.txt', matches: 'set below' }] },
    { id: 'quick', title: 'Quick', checks: [{ type: 'file', file: 'notes.txt', matches: 'b$' }] },
  ],
});
(lab.tasks[0].checks[0] as { matches: string }).matches = '^(a+)+$';

/** Largest gap between timer ticks that should come every 10 ms while `work` runs. */
async function maxStall<T>(work: Promise<T>): Promise<{ value: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  try {
    return { value: await work, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('checks on learner files, isolated', () => {
  it('stop at the time limit with an error that says why, while the caller stays responsive', async () => {
    writeFileSync(join(workspace, 'notes.txt'), `${'a'.repeat(40)}b\n`);
    const isolation = createCheckIsolation({ timeoutMs: 1500 });
    try {
      const checker = createChecker({ environment, isolate: isolation.isolate });
      const { value: result, stallMs } = await maxStall(checker.check({ lab, dir: workspace }, { namespace: 'unused', workspace }));
      expect(result.tasks.find((t) => t.id === 'slow')).toMatchObject({
        status: 'error',
        message: "checking notes.txt took longer than 1.5 s and was stopped, so the lab server stays responsive: notes.txt is very large or repetitive, or the lab's pattern is slow on it",
        fix: 'shorten notes.txt and check again; if it is short, report the lab',
      });
      // The next check runs in a fresh worker.
      expect(result.tasks.find((t) => t.id === 'quick')).toMatchObject({ status: 'pass' });
      expect(stallMs).toBeLessThan(200);
    } finally {
      isolation.close();
    }
  }, 30_000);

  it('give the same outcomes as in-process checks', async () => {
    writeFileSync(join(workspace, 'notes.txt'), 'ab\n');
    const isolation = createCheckIsolation({ timeoutMs: 10_000 });
    try {
      const isolated = await createChecker({ environment, isolate: isolation.isolate }).check({ lab, dir: workspace }, { namespace: 'unused', workspace, taskIds: ['quick'] });
      const inProcess = await createChecker({ environment }).check({ lab, dir: workspace }, { namespace: 'unused', workspace, taskIds: ['quick'] });
      expect(isolated.tasks.map(({ durationMs: _d, ...t }) => t)).toEqual(inProcess.tasks.map(({ durationMs: _d, ...t }) => t));
      writeFileSync(join(workspace, 'notes.txt'), 'ax\n');
      expect((await createChecker({ environment, isolate: isolation.isolate }).check({ lab, dir: workspace }, { namespace: 'unused', workspace, taskIds: ['quick'] })).tasks[0]).toMatchObject({
        status: 'fail',
        message: 'notes.txt does not match /b$/',
      });
    } finally {
      isolation.close();
    }
  }, 30_000);
});
