/**
 * A learner's progress, kept in the browser (localStorage) and mirrored in
 * `~/.local/share/kubecamp/progress.json` by the server. Two copies meet often
 * (two tabs, a cleared browser, a restarted server), so merging is pure and
 * order-free: within one reset epoch counters take the larger value and `done`
 * never goes back; a later reset of a lab wins over everything before it.
 */

export interface TaskProgress {
  /** Passed at least once since the lab's last reset. */
  done: boolean;
  /** Failed "Check" runs of this task: picks the next hint. */
  attempts: number;
  /** How many of the task's hints the learner has revealed. */
  hintsShown: number;
  /** ISO time it first passed. */
  doneAt?: string;
}

export interface LabProgress {
  /** ISO time of the last "Reset lab"; tasks before it no longer count. */
  resetAt?: string;
  tasks: Record<string, TaskProgress>;
  /** ISO time every task was first done at once; kept across resets. */
  completedAt?: string;
  /** Milliseconds the lab pane was open and visible before the lab was completed; kept across resets. */
  activeMs?: number;
}

export interface Progress {
  version: 1;
  labs: Record<string, LabProgress>;
}

export const emptyProgress = (): Progress => ({ version: 1, labs: {} });

const emptyTask = (): TaskProgress => ({ done: false, attempts: 0, hintsShown: 0 });

const earliest = (a?: string, b?: string) => (!a ? b : !b ? a : a < b ? a : b);
const latest = (a?: string, b?: string) => (!a ? b : !b ? a : a > b ? a : b);

function mergeTask(a: TaskProgress = emptyTask(), b: TaskProgress = emptyTask()): TaskProgress {
  const merged: TaskProgress = {
    done: a.done || b.done,
    attempts: Math.max(a.attempts, b.attempts),
    hintsShown: Math.max(a.hintsShown, b.hintsShown),
  };
  const doneAt = earliest(a.doneAt, b.doneAt);
  if (merged.done && doneAt) merged.doneAt = doneAt;
  return merged;
}

export function mergeLab(a: LabProgress | undefined, b: LabProgress | undefined): LabProgress {
  if (!a) return b ?? { tasks: {} };
  if (!b) return a;
  const completedAt = earliest(a.completedAt, b.completedAt);
  // Two tabs count the same minutes: the larger count, never the sum.
  const activeMs = Math.max(a.activeMs ?? 0, b.activeMs ?? 0);
  const kept = { ...(completedAt ? { completedAt } : {}), ...(activeMs ? { activeMs } : {}) };
  if (a.resetAt !== b.resetAt) {
    const newer = latest(a.resetAt, b.resetAt) === a.resetAt ? a : b;
    return { ...newer, ...kept };
  }
  const tasks: Record<string, TaskProgress> = {};
  for (const id of new Set([...Object.keys(a.tasks), ...Object.keys(b.tasks)])) tasks[id] = mergeTask(a.tasks[id], b.tasks[id]);
  return { ...(a.resetAt ? { resetAt: a.resetAt } : {}), tasks, ...kept };
}

/** Both copies' knowledge in one; commutative, associative and idempotent. */
export function mergeProgress(a: Progress, b: Progress): Progress {
  const labs: Record<string, LabProgress> = {};
  for (const id of new Set([...Object.keys(a.labs), ...Object.keys(b.labs)])) labs[id] = mergeLab(a.labs[id], b.labs[id]);
  return { version: 1, labs };
}

function updateTask(p: Progress, labId: string, taskId: string, change: (t: TaskProgress) => TaskProgress): Progress {
  const lab = p.labs[labId] ?? { tasks: {} };
  const task = change(lab.tasks[taskId] ?? emptyTask());
  return { ...p, labs: { ...p.labs, [labId]: { ...lab, tasks: { ...lab.tasks, [taskId]: task } } } };
}

/** Record passed tasks (and the lab's completion when every task in `allTaskIds` is done). */
export function recordPassed(p: Progress, labId: string, passedIds: string[], allTaskIds: string[], now: string): Progress {
  let next = p;
  for (const id of passedIds) {
    next = updateTask(next, labId, id, (t) => (t.done ? t : { ...t, done: true, doneAt: now }));
  }
  const lab = next.labs[labId];
  if (lab && !lab.completedAt && allTaskIds.length > 0 && allTaskIds.every((id) => lab.tasks[id]?.done)) {
    next = { ...next, labs: { ...next.labs, [labId]: { ...lab, completedAt: now } } };
  }
  return next;
}

export const recordFailedAttempt = (p: Progress, labId: string, taskId: string): Progress =>
  updateTask(p, labId, taskId, (t) => ({ ...t, attempts: t.attempts + 1 }));

export const recordHintShown = (p: Progress, labId: string, taskId: string, hintCount: number): Progress =>
  updateTask(p, labId, taskId, (t) => ({ ...t, hintsShown: Math.min(hintCount, t.hintsShown + 1) }));

/** After "Reset lab": a new epoch with no task done; the lab's completion and time spent stay on record. */
export function recordReset(p: Progress, labId: string, now: string): Progress {
  const { completedAt, activeMs } = p.labs[labId] ?? {};
  return { ...p, labs: { ...p.labs, [labId]: { resetAt: now, tasks: {}, ...(completedAt ? { completedAt } : {}), ...(activeMs ? { activeMs } : {}) } } };
}

/** Time the lab pane was open and visible, counted until the lab is completed. */
export function recordActiveTime(p: Progress, labId: string, ms: number): Progress {
  const lab = p.labs[labId] ?? { tasks: {} };
  if (lab.completedAt || ms <= 0) return p;
  return { ...p, labs: { ...p.labs, [labId]: { ...lab, activeMs: (lab.activeMs ?? 0) + Math.round(ms) } } };
}

export type LabStatus = 'not-started' | 'in-progress' | 'completed';

/** What the progress page shows for a lab. */
export function labStatus(lab: LabProgress | undefined, taskIds: string[]): { status: LabStatus; done: number; total: number; hints: number; attempts: number } {
  const tasks = lab?.tasks ?? {};
  const done = taskIds.filter((id) => tasks[id]?.done).length;
  const hints = Object.values(tasks).reduce((n, t) => n + t.hintsShown, 0);
  const attempts = Object.values(tasks).reduce((n, t) => n + t.attempts, 0);
  const touched = done > 0 || hints > 0 || attempts > 0;
  const status: LabStatus = lab?.completedAt ? 'completed' : touched ? 'in-progress' : 'not-started';
  return { status, done, total: taskIds.length, hints, attempts };
}
