import { describe, expect, it } from 'vitest';
import { createSaveQueue, type SaveState } from './save-queue.ts';

function fakeTimers() {
  const timers = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (fn: () => void) => {
      timers.set(++next, fn);
      return next;
    },
    clearTimer: (t: unknown) => void timers.delete(t as number),
    fire() {
      const fns = [...timers.values()];
      timers.clear();
      for (const fn of fns) fn();
    },
    get pending() {
      return timers.size;
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('createSaveQueue', () => {
  it('saves the last content once typing pauses', async () => {
    const saved: [string, string][] = [];
    const timers = fakeTimers();
    const q = createSaveQueue({ save: async (p, c) => void saved.push([p, c]), ...timers });
    q.changed('a.yaml', 'x');
    q.changed('a.yaml', 'xy');
    expect(timers.pending).toBe(1);
    expect(q.state('a.yaml')).toEqual({ kind: 'pending' });
    timers.fire();
    await tick();
    expect(saved).toEqual([['a.yaml', 'xy']]);
    expect(q.state('a.yaml')?.kind).toBe('saved');
  });

  it('saves each file separately and flushes without waiting', async () => {
    const saved: string[] = [];
    const timers = fakeTimers();
    const q = createSaveQueue({ save: async (p, c) => void saved.push(`${p}=${c}`), ...timers });
    q.changed('a', '1');
    q.changed('b', '2');
    await q.flush();
    expect(saved.sort()).toEqual(['a=1', 'b=2']);
    expect(timers.pending).toBe(0);
  });

  it('saves a change made during a save after it, in order', async () => {
    const saved: string[] = [];
    let release!: () => void;
    const timers = fakeTimers();
    const q = createSaveQueue({
      save: (_p, c) => {
        saved.push(`start ${c}`);
        return c === '1' ? new Promise<void>((r) => (release = r)) : Promise.resolve();
      },
      ...timers,
    });
    q.changed('a', '1');
    timers.fire();
    await tick();
    q.changed('a', '2');
    const flushed = q.flush();
    await tick();
    expect(saved).toEqual(['start 1']);
    release();
    await flushed;
    expect(saved).toEqual(['start 1', 'start 2']);
  });

  it('reports a failed save and retries it on flush', async () => {
    const states: SaveState['kind'][] = [];
    let fail = true;
    const timers = fakeTimers();
    const q = createSaveQueue({
      save: async () => {
        if (fail) throw new Error('the kubecamp server does not answer');
      },
      onState: (_p, s) => states.push(s.kind),
      ...timers,
    });
    q.changed('a', '1');
    await q.flush();
    expect(q.state('a')).toEqual({ kind: 'failed', message: 'the kubecamp server does not answer' });
    fail = false;
    await q.flush();
    expect(states).toEqual(['pending', 'saving', 'failed', 'saving', 'saved']);
  });
});
