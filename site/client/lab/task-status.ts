import type { LabResult, Status, TaskResult } from '../../../checker/schemas/result.ts';
import type { KnownMistake, Readiness } from '../../shared/lab-view.ts';

/** What the pane knows about one task: `unknown` until a result names it. */
export interface TaskState {
  status: Status | 'unknown';
  message?: string;
  expected?: string;
  actual?: string;
  fix?: string;
  /** Where the latest verdict came from: the live watch or a "Check". */
  source?: 'live' | 'check';
  /** The learner has checked this task since the last reset: failures are explained from then on. */
  checked?: boolean;
  /** The first verdict seen since the pane opened or the lab was reset (see `verdictKey`). */
  baseline?: string;
  /**
   * The learner has touched what this task looks at: its verdict (status, message,
   * expected or actual) differs from the first one seen since the pane opened or
   * the lab was reset. Something the learner did changed what the check finds, so
   * a failure is now theirs to fix and is explained live.
   */
  touched?: boolean;
}

export interface PaneState {
  order: string[];
  tasks: Record<string, TaskState>;
  readiness?: Readiness;
  /** The live socket is open. */
  connected: boolean;
  checking: boolean;
  resetting: boolean;
  /** A problem to show above the tasks (a failed check request, a watch error). */
  problem?: string;
  /** The latest "Check": how many passed, for the summary. */
  lastCheck?: { passed: number; total: number };
  /** The lab was just reset: the summary says so until the learner checks or a verdict changes. */
  justReset?: boolean;
  /**
   * While this pane's reset runs: the server has already announced it, so the
   * results since are fresh and the end of the request must not wipe them.
   */
  resetAnnounced?: boolean;
}

export type PaneAction =
  | { type: 'result'; source: 'live' | 'check'; result: LabResult }
  | { type: 'readiness'; readiness: Readiness }
  | { type: 'connection'; connected: boolean }
  | { type: 'check-started' }
  | { type: 'check-failed'; message: string }
  | { type: 'reset-started' }
  | { type: 'reset-done' }
  /** The server says the lab was reset (by this pane or another): every result after it is fresh. */
  | { type: 'reset-announced' }
  | { type: 'reset-failed'; message: string }
  | { type: 'problem'; message: string };

export function initialState(taskIds: string[]): PaneState {
  return { order: taskIds, tasks: Object.fromEntries(taskIds.map((id) => [id, { status: 'unknown' }])), connected: false, checking: false, resetting: false };
}

/** What identifies a verdict: two results with the same key say the same thing. */
export function verdictKey(s: Pick<TaskState, 'status' | 'message' | 'expected' | 'actual'>): string {
  return JSON.stringify([s.status, s.message ?? '', s.expected ?? null, s.actual ?? null]);
}

function fromResult(r: TaskResult, source: 'live' | 'check', before: TaskState | undefined): TaskState {
  const s: TaskState = { status: r.status, message: r.message, source };
  if (source === 'check' || before?.checked) s.checked = true;
  if (r.expected !== undefined) s.expected = r.expected;
  if (r.actual !== undefined) s.actual = r.actual;
  if (r.fix !== undefined) s.fix = r.fix;
  const key = verdictKey(s);
  s.baseline = before?.baseline ?? key;
  if (before?.touched || s.checked || key !== s.baseline) s.touched = true;
  return s;
}

/**
 * Tasks whose live verdict is a new failure of touched work: each counts as a
 * failed attempt (as a failed "Check" does). The same failure seen again on a
 * later refresh is not new, nor is the first verdict after opening the pane.
 */
export function liveFailures(before: PaneState, after: PaneState): string[] {
  return after.order.filter((id) => {
    const a = after.tasks[id];
    const b = before.tasks[id];
    if (!a || a.status !== 'fail' || a.source !== 'live' || !a.touched || !b || b.status === 'unknown') return false;
    return verdictKey(a) !== verdictKey(b);
  });
}

/** The known mistake a failure message shows (the variant's `message` fragment, case-insensitive), if any. */
export function matchMistake(message: string | undefined, mistakes: KnownMistake[] | undefined): KnownMistake | undefined {
  if (!message || !mistakes) return undefined;
  const m = message.toLowerCase();
  return mistakes.find((k) => m.includes(k.message.toLowerCase()));
}

/** Every task back to unknown, as the lab's files and objects are. */
function afterReset(state: PaneState): PaneState {
  return { ...initialState(state.order), readiness: state.readiness, connected: state.connected, justReset: true };
}

/** The pane's state after an action; pure, so every transition is tested. */
export function reducePane(state: PaneState, action: PaneAction): PaneState {
  switch (action.type) {
    case 'result': {
      const tasks = { ...state.tasks };
      // A partial result (one answer task) updates only the tasks it names; unknown ids are ignored.
      for (const r of action.result.tasks) if (r.id in tasks) tasks[r.id] = fromResult(r, action.source, tasks[r.id]);
      const next: PaneState = { ...state, tasks, problem: undefined };
      if (action.source === 'check' || statusChanges(state, next).length > 0) next.justReset = undefined;
      if (action.source === 'check') {
        next.checking = false;
        next.lastCheck = { passed: action.result.passed, total: action.result.total };
      }
      return next;
    }
    case 'readiness':
      return { ...state, readiness: action.readiness };
    case 'connection':
      return { ...state, connected: action.connected };
    case 'check-started':
      return { ...state, checking: true, problem: undefined, justReset: undefined };
    case 'check-failed':
      return { ...state, checking: false, problem: action.message };
    case 'reset-started':
      return { ...state, resetting: true, resetAnnounced: undefined, problem: undefined };
    case 'reset-announced':
      // The live results that follow on the socket belong to the reset lab.
      return { ...afterReset(state), resetting: state.resetting, ...(state.resetting ? { resetAnnounced: true } : {}) };
    case 'reset-done':
      // The request's answer can arrive after the first fresh live result (the server announces the
      // reset, then restarts its watch): wipe only if the announcement never came (socket down).
      if (state.resetAnnounced) return { ...state, resetting: false, resetAnnounced: undefined };
      return afterReset(state);
    case 'reset-failed':
      return { ...state, resetting: false, problem: action.message };
    case 'problem':
      return { ...state, problem: action.message };
  }
}

/**
 * Tasks whose verdict changed between two states: what the live region
 * announces. The first verdict after loading (or a reset) is not a change.
 */
export function statusChanges(before: PaneState, after: PaneState): { id: string; from: TaskState['status']; to: TaskState['status'] }[] {
  return after.order
    .filter((id) => {
      const from = before.tasks[id]?.status ?? 'unknown';
      const to = after.tasks[id]?.status ?? 'unknown';
      return from !== 'unknown' && to !== 'unknown' && from !== to;
    })
    .map((id) => ({ id, from: before.tasks[id]?.status ?? 'unknown', to: after.tasks[id]!.status }));
}

/** Whether the lab can be worked on: its engines are up (or it needs none) and no reset is running. */
export function isWorkable(state: PaneState): boolean {
  return state.readiness?.ready !== false && !state.resetting;
}

/**
 * Whether the editor is read-only: only while a reset replaces the files.
 * Editing needs no cluster (files are saved by the site server), so the editor
 * works while the lab's engines are still starting.
 */
export function isEditorReadOnly(state: PaneState): boolean {
  return state.resetting;
}

const statusWords: Record<TaskState['status'], string> = { unknown: 'not checked yet', pass: 'done', fail: 'not done yet', error: 'could not be checked', unsupported: 'needs real nodes (kind)' };

/**
 * A task's state as short lines for a person: the verdict, what was expected
 * and found, the known mistake it matches, the fix. A failure stays quiet until
 * the learner has touched the task (see `TaskState.touched`), checked it, or
 * `explain` says they worked on it before (failed attempts on record); errors
 * are always explained.
 */
export function shapeTaskMessage(
  title: string,
  s: TaskState,
  options: { mistakes?: KnownMistake[]; explain?: boolean } = {},
): { summary: string; details: { label: string; value: string }[]; mistake?: KnownMistake } {
  const details: { label: string; value: string }[] = [];
  let mistake: KnownMistake | undefined;
  if (s.status === 'error' || s.status === 'unsupported' || (s.status === 'fail' && (s.checked || s.touched || options.explain))) {
    if (s.message) details.push({ label: s.status === 'fail' ? 'Why' : 'Problem', value: s.message });
    if (s.expected !== undefined) details.push({ label: 'Expected', value: s.expected });
    if (s.actual !== undefined) details.push({ label: 'Actual', value: s.actual });
    mistake = s.status === 'fail' ? matchMistake(s.message, options.mistakes) : undefined;
    if (mistake) details.push({ label: 'Common mistake', value: mistake.description + (mistake.hint ? ` Hint ${mistake.hint} is about this.` : '') });
    if (s.fix) details.push({ label: 'Fix', value: s.fix });
  }
  return { summary: `${title}: ${statusWords[s.status]}`, details, ...(mistake ? { mistake } : {}) };
}

/** The sentence the live region reads for a change. */
export function announce(title: string, to: TaskState['status']): string {
  return to === 'pass' ? `${title}: passed.` : to === 'fail' ? `${title}: not passing.` : to === 'error' ? `${title}: could not be checked.` : to === 'unsupported' ? `${title}: needs real nodes.` : '';
}
