import { describe, expect, it } from 'vitest';
import { emptyProgress, labStatus, mergeLab, mergeProgress, recordFailedAttempt, recordHintShown, recordPassed, recordReset, type Progress } from './progress.ts';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const all = ['a', 'b'];

describe('progress records', () => {
  it('marks tasks done once, and the lab complete when every task is done', () => {
    let p = recordPassed(emptyProgress(), 'lab', ['a'], all, t(1));
    expect(p.labs.lab).toEqual({ tasks: { a: { done: true, attempts: 0, hintsShown: 0, doneAt: t(1) } } });
    p = recordPassed(p, 'lab', ['a', 'b'], all, t(2));
    expect(p.labs.lab!.tasks.a!.doneAt).toBe(t(1));
    expect(p.labs.lab!.completedAt).toBe(t(2));
    expect(recordPassed(p, 'lab', ['a'], all, t(3)).labs.lab!.completedAt).toBe(t(2));
  });

  it('counts failed attempts and caps revealed hints at the number of hints', () => {
    let p = recordFailedAttempt(emptyProgress(), 'lab', 'a');
    p = recordFailedAttempt(p, 'lab', 'a');
    for (let i = 0; i < 5; i++) p = recordHintShown(p, 'lab', 'a', 2);
    expect(p.labs.lab!.tasks.a).toEqual({ done: false, attempts: 2, hintsShown: 2 });
  });

  it('starts a new epoch on reset but keeps the completion on record', () => {
    let p = recordPassed(emptyProgress(), 'lab', all, all, t(1));
    p = recordReset(p, 'lab', t(5));
    expect(p.labs.lab).toEqual({ resetAt: t(5), tasks: {}, completedAt: t(1) });
  });
});

describe('mergeProgress', () => {
  const a: Progress = { version: 1, labs: { lab: { tasks: { a: { done: true, attempts: 1, hintsShown: 0, doneAt: t(3) } } }, other: { tasks: {} } } };
  const b: Progress = { version: 1, labs: { lab: { tasks: { a: { done: false, attempts: 3, hintsShown: 2 }, b: { done: true, attempts: 0, hintsShown: 1, doneAt: t(2) } }, completedAt: t(9) } } };

  it('takes the larger counters, keeps done, and the earliest times within an epoch', () => {
    expect(mergeProgress(a, b).labs).toEqual({
      lab: {
        tasks: { a: { done: true, attempts: 3, hintsShown: 2, doneAt: t(3) }, b: { done: true, attempts: 0, hintsShown: 1, doneAt: t(2) } },
        completedAt: t(9),
      },
      other: { tasks: {} },
    });
  });

  it('is commutative, associative and idempotent', () => {
    const c = recordReset(emptyProgress(), 'lab', t(4));
    const norm = (p: Progress) => JSON.stringify(p, Object.keys(p).sort());
    expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a));
    expect(mergeProgress(mergeProgress(a, b), c)).toEqual(mergeProgress(a, mergeProgress(b, c)));
    expect(norm(mergeProgress(a, a))).toBe(norm(a));
  });

  it('lets a later reset win over the tasks of an earlier epoch', () => {
    const reset = recordReset(a, 'lab', t(10));
    const merged = mergeLab(b.labs.lab, reset.labs.lab);
    expect(merged).toEqual({ resetAt: t(10), tasks: {}, completedAt: t(9) });
    const afterReset = recordFailedAttempt(reset, 'lab', 'a');
    expect(mergeProgress(afterReset, b).labs.lab!.tasks).toEqual({ a: { done: false, attempts: 1, hintsShown: 0 } });
  });
});

describe('labStatus', () => {
  it('is not started, in progress, or completed', () => {
    expect(labStatus(undefined, all)).toEqual({ status: 'not-started', done: 0, total: 2, hints: 0, attempts: 0 });
    expect(labStatus(recordHintShown(emptyProgress(), 'lab', 'a', 2).labs.lab, all).status).toBe('in-progress');
    const done = recordPassed(emptyProgress(), 'lab', all, all, t(1)).labs.lab;
    expect(labStatus(done, all)).toMatchObject({ status: 'completed', done: 2 });
    expect(labStatus(recordReset({ version: 1, labs: { lab: done! } }, 'lab', t(2)).labs.lab, all)).toMatchObject({ status: 'completed', done: 0 });
  });
});
