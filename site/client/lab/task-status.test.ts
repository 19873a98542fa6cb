import { describe, expect, it } from 'vitest';
import type { LabResult, TaskResult } from '../../../checker/schemas/result.ts';
import { announce, initialState, isEditorReadOnly, isWorkable, liveFailures, matchMistake, reducePane, shapeTaskMessage, statusChanges, verdictKey } from './task-status.ts';

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
    expect(s.tasks).toEqual({ a: { status: 'pass', message: 'a pass', source: 'live', baseline: verdictKey({ status: 'pass', message: 'a pass' }) }, b: { status: 'unknown' } });
    expect(s.lastCheck).toBeUndefined();
  });

  it('ends a check with its result and keeps expected, actual and fix', () => {
    let s = reducePane(start, { type: 'check-started' });
    expect(s.checking).toBe(true);
    s = reducePane(s, { type: 'result', source: 'check', result: result([task('a', 'pass'), task('b', 'fail', { expected: '3', actual: '1' })]) });
    expect(s.checking).toBe(false);
    expect(s.lastCheck).toEqual({ passed: 1, total: 2 });
    expect(s.tasks.b).toMatchObject({ status: 'fail', message: 'b fail', source: 'check', checked: true, touched: true, expected: '3', actual: '1' });
  });

  it('remembers that a task was checked across later live results, until a reset', () => {
    let s = reducePane(start, { type: 'result', source: 'check', result: result([task('a', 'fail')]) });
    s = reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'fail')]) });
    expect(s.tasks.a!.checked).toBe(true);
    s = reducePane(reducePane(s, { type: 'reset-started' }), { type: 'reset-done' });
    expect(s.tasks.a).toEqual({ status: 'unknown' });
    expect(s.resetting).toBe(false);
  });

  it('keeps the fresh live results that arrive between the server announcing a reset and the reset request answering', () => {
    let s = reducePane(start, { type: 'result', source: 'live', result: result([task('a', 'pass'), task('b', 'pass')]) });
    s = reducePane(s, { type: 'reset-started' });
    s = reducePane(s, { type: 'reset-announced' });
    expect(s.tasks.a).toEqual({ status: 'unknown' });
    expect(s.resetting).toBe(true);
    s = reducePane(s, { type: 'result', source: 'live', result: result([task('a', 'fail'), task('b', 'fail')]) });
    s = reducePane(s, { type: 'reset-done' });
    expect(s.tasks.a!.status).toBe('fail');
    expect(s).toMatchObject({ resetting: false, justReset: true });
    expect(s.resetAnnounced).toBeUndefined();
    // Without the announcement (socket down), the answer alone clears the old verdicts.
    s = reducePane(reducePane(s, { type: 'reset-started' }), { type: 'reset-done' });
    expect(s.tasks.a).toEqual({ status: 'unknown' });
  });

  it('clears the verdicts when another tab resets the lab', () => {
    const s = reducePane(reducePane(start, { type: 'result', source: 'live', result: result([task('a', 'pass')]) }), { type: 'reset-announced' });
    expect(s).toMatchObject({ tasks: { a: { status: 'unknown' } }, resetting: false, justReset: true });
    expect(s.resetAnnounced).toBeUndefined();
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

describe('touched tasks and live failures', () => {
  const live = (s: ReturnType<typeof initialState>, ...tasks: TaskResult[]) => reducePane(s, { type: 'result', source: 'live', result: result(tasks) });
  const notFound = { message: 'Deployment web not found' };
  const wrongReplicas = { message: 'spec.replicas is 1, expected 3', expected: '3', actual: '1' };

  it('a task is touched once its verdict differs from the first one seen, and stays touched', () => {
    let s = live(initialState(['a']), task('a', 'fail', notFound));
    expect(s.tasks.a!.touched).toBeUndefined();
    s = live(s, task('a', 'fail', notFound));
    expect(s.tasks.a!.touched).toBeUndefined();
    s = live(s, task('a', 'fail', wrongReplicas));
    expect(s.tasks.a!.touched).toBe(true);
    s = live(s, task('a', 'fail', notFound));
    expect(s.tasks.a!.touched).toBe(true);
    s = reducePane(s, { type: 'reset-done' });
    expect(live(s, task('a', 'fail', notFound)).tasks.a!.touched).toBeUndefined();
  });

  it('explains a live failure with why, expected and actual as soon as the task is touched, without a check', () => {
    const s = live(live(initialState(['a']), task('a', 'fail', notFound)), task('a', 'fail', wrongReplicas));
    expect(shapeTaskMessage('Create it', s.tasks.a!).details).toEqual([
      { label: 'Why', value: 'spec.replicas is 1, expected 3' },
      { label: 'Expected', value: '3' },
      { label: 'Actual', value: '1' },
    ]);
    // Before it is touched, the starter's failure stays quiet (unless failed attempts are on record).
    const untouched = live(initialState(['a']), task('a', 'fail', wrongReplicas)).tasks.a!;
    expect(shapeTaskMessage('Create it', untouched).details).toEqual([]);
    expect(shapeTaskMessage('Create it', untouched, { explain: true }).details[0]).toEqual({ label: 'Why', value: 'spec.replicas is 1, expected 3' });
  });

  it('counts a changed failing verdict of a touched task as an attempt, not every refresh', () => {
    const s0 = initialState(['a', 'b']);
    const s1 = live(s0, task('a', 'fail', notFound), task('b', 'pass'));
    expect(liveFailures(s0, s1)).toEqual([]);
    const s2 = live(s1, task('a', 'fail', wrongReplicas), task('b', 'pass'));
    expect(liveFailures(s1, s2)).toEqual(['a']);
    const s3 = live(s2, task('a', 'fail', wrongReplicas), task('b', 'pass'));
    expect(liveFailures(s2, s3)).toEqual([]);
    const s4 = live(s3, task('a', 'pass'), task('b', 'fail', notFound));
    expect(liveFailures(s3, s4)).toEqual(['b']);
    // A check's own failure is counted by the check; the same verdict arriving live is not new.
    const s5 = reducePane(s4, { type: 'result', source: 'check', result: result([task('a', 'fail', notFound), task('b', 'fail', notFound)]) });
    expect(liveFailures(s4, s5)).toEqual([]);
    expect(liveFailures(s5, live(s5, task('a', 'fail', notFound), task('b', 'fail', notFound)))).toEqual([]);
  });
});

describe('known mistakes', () => {
  const mistakes = [
    { message: 'data.LOG_LEVEL is not set', description: 'Created the ConfigMap with --from-file, which stores the whole file under one key named app.env.', hint: 2 },
    { message: 'data.password (base64-encoded) is "UzNjdXJlLVBhNTUK"', description: 'Encoded the password with `echo ... | base64`, so it ends in a newline.' },
  ];

  it('matches a failure message containing a variant\'s message fragment, case-insensitively', () => {
    expect(matchMistake('data.log_level is NOT set, expected "info"', mistakes)).toBe(mistakes[0]);
    expect(matchMistake('data.CACHE_TTL is not set', mistakes)).toBeUndefined();
    expect(matchMistake(undefined, mistakes)).toBeUndefined();
    expect(matchMistake('anything', undefined)).toBeUndefined();
  });

  it('shows the matching description as "Common mistake", pointing at the hint that fits', () => {
    const s = { status: 'fail' as const, message: 'data.LOG_LEVEL is not set, expected "info"', source: 'live' as const, touched: true };
    expect(shapeTaskMessage('Create the ConfigMap', s, { mistakes })).toEqual({
      summary: 'Create the ConfigMap: not done yet',
      details: [
        { label: 'Why', value: 'data.LOG_LEVEL is not set, expected "info"' },
        { label: 'Common mistake', value: 'Created the ConfigMap with --from-file, which stores the whole file under one key named app.env. Hint 2 is about this.' },
      ],
      mistake: mistakes[0],
    });
    const other = { ...s, message: 'data.password (base64-encoded) is "UzNjdXJlLVBhNTUK", expected "UzNjdXJlLVBhNTU="' };
    expect(shapeTaskMessage('T', other, { mistakes }).details[1]).toEqual({ label: 'Common mistake', value: 'Encoded the password with `echo ... | base64`, so it ends in a newline.' });
    // Never for a pass, nor for an untouched failure.
    expect(shapeTaskMessage('T', { ...s, touched: undefined }, { mistakes }).mistake).toBeUndefined();
  });
});

describe('isEditorReadOnly', () => {
  it('lets the learner edit while the engines are down or unknown; only a reset locks the files', () => {
    const s = initialState(['a']);
    expect(isEditorReadOnly(s)).toBe(false);
    expect(isEditorReadOnly(reducePane(s, { type: 'readiness', readiness: { ready: false, message: 'Kubernetes is starting' } }))).toBe(false);
    expect(isEditorReadOnly(reducePane(s, { type: 'reset-started' }))).toBe(true);
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
