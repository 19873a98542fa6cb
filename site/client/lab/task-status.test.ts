import { describe, expect, it } from 'vitest';
import type { LabResult, TaskResult } from '../../../checker/schemas/result.ts';
import { announce, initialState, isWorkable, reducePane, shapeTaskMessage, statusChanges } from './task-status.ts';

const task = (id: string, status: TaskResult['status'], extra: Partial<TaskResult> = {}): TaskResult => ({ id, title: id, status, message: `${id} ${status}`, durationMs: 1, ...extra });
const result = (tasks: TaskResult[]): LabResult => ({
  lab: 'deployments',
  status: tasks.every((t) => t.status === 'pass') ? 'pass' : 'fail',
  passed: tasks.filter((t) => t.status === 'pass').length,
  total: tasks.length,
  tasks,
  checkedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 5,
});

describe('reducePane', () => {
  const start = initialState(['a', 'b']);

  it('starts with every task unknown, disconnected and idle', () => {
    expect(start).toEqual({ order: ['a', 'b'], tasks: { a: { status: 'unknown' }, b: { status: 'unknown' } }, connected: false, checking: false, resetting: false });
  });

  it('takes a live result for every task it names, ignoring unknown ids', () => {
    const s = reducePane(start, { type: 'result', source: 'live', result: result([task('a', 'pass'), task('zzz', 'fail')]) });
    expect(s.tasks).toEqual({ a: { status: 'pass', message: 'a pass', source: 'live' }, b: { status: 'unknown' } });
    expect(s.lastCheck).toBeUndefined();
  });

  it('ends a check with its result and keeps expected, actual and fix', () => {
    let s = reducePane(start, { type: 'check-started' });
    expect(s.checking).toBe(true);
    s = reducePane(s, { type: 'result', source: 'check', result: result([task('a', 'pass'), task('b', 'fail', { expected: '3', actual: '1' })]) });
    expect(s.checking).toBe(false);
    expect(s.lastCheck).toEqual({ passed: 1, total: 2 });
    expect(s.tasks.b).toEqual({ status: 'fail', message: 'b fail', source: 'check', checked: true, expected: '3', actual: '1' });
  });

  it('remembers that a task was checked across later live results, until a reset', () => {
    let s = reducePane(start, { type: 'result', source: 'check', result: result([task('a', 'fail')]) });
    s = reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'fail')]) });
    expect(s.tasks.a!.checked).toBe(true);
    s = reducePane(reducePane(s, { type: 'reset-started' }), { type: 'reset-done' });
    expect(s.tasks.a).toEqual({ status: 'unknown' });
    expect(s.resetting).toBe(false);
  });

  it('keeps readiness and connection across a reset', () => {
    let s = reducePane(start, { type: 'readiness', readiness: { ready: true } });
    s = reducePane(reducePane(s, { type: 'connection', connected: true }), { type: 'reset-done' });
    expect(s).toMatchObject({ readiness: { ready: true }, connected: true });
  });

  it('notes a reset until the learner checks or a verdict changes, not through the first live result', () => {
    let s = reducePane(reducePane(start, { type: 'reset-started' }), { type: 'reset-done' });
    expect(s.justReset).toBe(true);
    s = reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'fail'), task('b', 'fail')]) });
    expect(s.justReset).toBe(true);
    expect(reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'pass'), task('b', 'fail')]) }).justReset).toBeUndefined();
    expect(reducePane(s, { type: 'check-started' }).justReset).toBeUndefined();
  });

  it('reports failed requests as a problem, cleared by the next result', () => {
    let s = reducePane(reducePane(start, { type: 'check-started' }), { type: 'check-failed', message: 'Check failed: boom' });
    expect(s).toMatchObject({ checking: false, problem: 'Check failed: boom' });
    s = reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'pass')]) });
    expect(s.problem).toBeUndefined();
    expect(reducePane(start, { type: 'reset-failed', message: 'no' })).toMatchObject({ resetting: false, problem: 'no' });
  });
});

describe('isWorkable', () => {
  it('is false while the lab environment is down or a reset runs', () => {
    const s = initialState(['a']);
    expect(isWorkable(s)).toBe(true);
    expect(isWorkable(reducePane(s, { type: 'readiness', readiness: { ready: false, message: 'down' } }))).toBe(false);
    expect(isWorkable(reducePane(s, { type: 'reset-started' }))).toBe(false);
  });
});

describe('statusChanges and announce', () => {
  it('announces real changes, not the first verdict after loading', () => {
    const s0 = initialState(['a', 'b']);
    const s1 = reducePane(s0, { type: 'result', source: 'live', result: result([task('a', 'fail'), task('b', 'pass')]) });
    expect(statusChanges(s0, s1)).toEqual([]);
    const s2 = reducePane(s1, { type: 'result', source: 'live', result: result([task('a', 'pass'), task('b', 'pass')]) });
    expect(statusChanges(s1, s2)).toEqual([{ id: 'a', from: 'fail', to: 'pass' }]);
    expect(announce('Create the web Deployment', 'pass')).toBe('Create the web Deployment: passed.');
    expect(announce('x', 'fail')).toBe('x: not passing.');
    expect(announce('x', 'error')).toBe('x: could not be checked.');
  });
});

describe('shapeTaskMessage', () => {
  it('explains a failure once the task was checked: why, expected, actual, fix', () => {
    expect(shapeTaskMessage('Create it', { status: 'fail', message: 'spec.replicas is 1, expected 3', expected: '3', actual: '1', source: 'check', checked: true })).toEqual({
      summary: 'Create it: not done yet',
      details: [
        { label: 'Why', value: 'spec.replicas is 1, expected 3' },
        { label: 'Expected', value: '3' },
        { label: 'Actual', value: '1' },
      ],
    });
  });

  it('stays quiet about live failures before the first check', () => {
    expect(shapeTaskMessage('Create it', { status: 'fail', message: 'not found', source: 'live' }).details).toEqual([]);
  });

  it('always explains errors, with the fix', () => {
    expect(shapeTaskMessage('Create it', { status: 'error', message: 'the lab cluster is not available', fix: 'npm run cluster:up', source: 'live' }).details).toEqual([
      { label: 'Problem', value: 'the lab cluster is not available' },
      { label: 'Fix', value: 'npm run cluster:up' },
    ]);
  });

  it('says nothing more for passes and unknowns', () => {
    expect(shapeTaskMessage('T', { status: 'pass', message: 'ok' })).toEqual({ summary: 'T: done', details: [] });
    expect(shapeTaskMessage('T', { status: 'unknown' })).toEqual({ summary: 'T: not checked yet', details: [] });
  });
});
