import type { Check } from '../schemas/check.ts';
import type { Lab, EnvironmentName } from '../schemas/lab.ts';
import type { LabResult, Status, TaskResult } from '../schemas/result.ts';
import type { Task } from '../schemas/task.ts';
import { ContextError } from '../lib/errors.ts';
import { noopLogger, type Logger } from '../lib/logger.ts';
import { environmentsNeeded, evaluateCheck, liveMode } from '../checks/registry.ts';
import type { Environment } from '../environments/environment.ts';
import { filesView } from '../environments/files-view.ts';
import { liveView, snapshotView, type KubeView } from '../environments/kube-view.ts';
import type { DockerView } from '../environments/docker-view.ts';
import type { SandboxView } from '../environments/sandbox-view.ts';
import type { CheckContext } from './context.ts';
import { EnvironmentUnavailable, parseDuration, thrownOutcome, type Outcome } from './outcome.ts';

export interface LoadedLab {
  lab: Lab;
  dir: string;
}

export interface CheckOptions {
  /** Namespace for namespaced objects: `lab-<id>`, or a learner's namespace in workshop mode. */
  namespace: string;
  /** The learner's workspace folder (static file checks read it). */
  workspace: string;
  /** Typed answers by task id. */
  answers?: Record<string, string>;
  /** Failed attempts so far by task id: picks the next hint. */
  attempts?: Record<string, number>;
  /** Only these tasks (default: all). */
  taskIds?: string[];
  /** Deadline for the whole run (default 120 s); checks still waiting then are errors. */
  deadlineMs?: number;
  /** Don't wait out `within` (live mode re-evaluates on change instead). */
  noWait?: boolean;
}

export interface Checker {
  check(loaded: LoadedLab, options: CheckOptions): Promise<LabResult>;
  /**
   * Live results: evaluates now and again whenever a watched object or the
   * Docker engine changes (debounced). Returns a stop function.
   */
  watch(loaded: LoadedLab, options: CheckOptions, onResult: (r: LabResult) => void, onError?: (err: unknown) => void): Promise<() => void>;
}

interface Views {
  kube?: KubeView | Error;
  docker?: DockerView | Error;
  sandbox?: SandboxView | Error;
}

const unavailable = (what: string, err: unknown) =>
  err instanceof EnvironmentUnavailable ? err : new EnvironmentUnavailable(`${what} is not available`, { cause: err });

async function connect(environment: Environment, needed: Set<EnvironmentName>, kubeMode: (api: Awaited<ReturnType<Environment['kubeApi']>>) => KubeView): Promise<Views> {
  const views: Views = {};
  const jobs: Promise<void>[] = [];
  if (needed.has('kubernetes')) jobs.push(environment.kubeApi().then((api) => void (views.kube = kubeMode(api)), (e) => void (views.kube = unavailable('the lab cluster', e))));
  if (needed.has('docker')) jobs.push(environment.docker().then((d) => void (views.docker = d), (e) => void (views.docker = unavailable('the Docker engine', e))));
  if (needed.has('sandbox')) jobs.push(environment.sandbox().then((s) => void (views.sandbox = s), (e) => void (views.sandbox = unavailable('the Linux sandbox', e))));
  await Promise.all(jobs);
  return views;
}

function use<T>(view: T | Error | undefined, what: string): T {
  if (view instanceof Error) throw view;
  if (!view) throw new EnvironmentUnavailable(`${what} was not connected for this check`);
  return view;
}

/** Told how long until a failed check's verdict may change by itself (see Outcome.settlesInMs). */
type Settles = (ms: number) => void;

/**
 * Runs a check elsewhere (another thread, with a time limit), or returns
 * undefined to leave it to the engine: see check-isolation.ts.
 */
export type IsolateCheck = (check: Check, ctx: CheckContext) => Promise<Outcome> | undefined;

export function createChecker({ environment, logger = noopLogger, isolate }: { environment: Environment; logger?: Logger; isolate?: IsolateCheck }): Checker {
  async function evaluateTask(loaded: LoadedLab, task: Task, views: Views, options: CheckOptions, deadline: number, settles: Settles): Promise<TaskResult> {
    const started = Date.now();
    const ctx: CheckContext = {
      lab: loaded.lab,
      labDir: loaded.dir,
      task,
      namespace: options.namespace,
      answer: options.answers?.[task.id],
      kube: () => use(views.kube, 'the lab cluster'),
      docker: () => use(views.docker, 'the Docker engine'),
      sandbox: () => use(views.sandbox, 'the Linux sandbox'),
      files: filesView(options.workspace),
      logger,
    };
    let last: Outcome = { status: 'pass', message: '' };
    let unsupported: Outcome | undefined;
    const messages: string[] = [];
    for (const check of task.checks as Check[]) {
      last = await evaluateWithWait(check, ctx, views, options, deadline, settles);
      // A check this cluster cannot do: the others still judge what they can (a fail there is still a fail).
      if (last.status === 'unsupported') {
        unsupported ??= last;
        continue;
      }
      if (last.status !== 'pass') break;
      messages.push(last.message);
    }
    if (last.status === 'pass' && unsupported) last = unsupported;
    else if (last.status === 'unsupported') last = unsupported!;
    const attempts = options.attempts?.[task.id] ?? 0;
    const result: TaskResult = {
      id: task.id,
      title: task.title,
      status: last.status,
      message: last.status === 'pass' ? messages.join('; ') : last.message,
      durationMs: Date.now() - started,
    };
    if (last.expected !== undefined) result.expected = last.expected;
    if (last.actual !== undefined) result.actual = last.actual;
    if (last.fix) result.fix = last.fix;
    if (last.status === 'fail' && task.hints.length) result.hint = task.hints[Math.min(attempts, task.hints.length - 1)];
    return result;
  }

  async function evaluateWithWait(check: Check, ctx: CheckContext, views: Views, options: CheckOptions, deadline: number, settles: Settles): Promise<Outcome> {
    const within = 'within' in check ? parseDuration(check.within as string | undefined) : 0;
    let until = Math.min(Date.now() + within, deadline);
    for (let attempt = 0; ; attempt++) {
      let outcome: Outcome;
      try {
        outcome = await (isolate?.(check, ctx) ?? evaluateCheck(check, ctx));
      } catch (err) {
        return thrownOutcome(err);
      }
      // A verdict that settles by itself shortly is waited for even past `within` (never past the deadline).
      if (outcome.status === 'fail' && outcome.settlesInMs !== undefined) {
        settles(outcome.settlesInMs);
        if (!options.noWait) until = Math.max(until, Math.min(Date.now() + outcome.settlesInMs, deadline));
      }
      if (outcome.status !== 'fail' || !outcome.retry || options.noWait || Date.now() >= until) {
        if (outcome.status === 'fail' && outcome.retry && !options.noWait && Date.now() >= deadline && within > 0) {
          const { retry: _retry, settlesInMs: _settles, ...rest } = outcome;
          return { ...rest, status: 'error', message: `${outcome.message} (the check run's deadline passed while waiting)` };
        }
        const { retry: _retry, settlesInMs: _settles, ...rest } = outcome;
        return rest;
      }
      // Back off, but never sleep past `within` or the run's deadline: the last evaluation happens on time.
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** Math.min(attempt, 2), 1000, Math.max(0, until - Date.now()))));
      if (views.kube && !(views.kube instanceof Error)) views.kube.invalidate();
    }
  }

  function selectTasks(loaded: LoadedLab, options: CheckOptions): Task[] {
    if (!options.taskIds?.length) return loaded.lab.tasks;
    const known = new Map(loaded.lab.tasks.map((t) => [t.id, t]));
    return options.taskIds.map((id) => {
      const t = known.get(id);
      if (!t) throw new ContextError(`lab ${loaded.lab.id} has no task "${id}"`, { fix: `tasks are: ${[...known.keys()].join(', ')}`, kind: 'bad-input' });
      return t;
    });
  }

  async function run(loaded: LoadedLab, options: CheckOptions, views: Views, tasks: Task[], settles: Settles = () => {}): Promise<LabResult> {
    const started = Date.now();
    const deadline = started + (options.deadlineMs ?? 120_000);
    // Tasks run concurrently; their reads share one batched view.
    const results = await Promise.all(tasks.map((t) => evaluateTask(loaded, t, views, options, deadline, settles)));
    const passed = results.filter((r) => r.status === 'pass').length;
    const status: Status = results.some((r) => r.status === 'error')
      ? 'error'
      : passed === results.length
        ? 'pass'
        : results.some((r) => r.status === 'fail')
          ? 'fail'
          : 'unsupported';
    return { lab: loaded.lab.id, status, passed, total: results.length, tasks: results, checkedAt: new Date().toISOString(), durationMs: Date.now() - started };
  }

  return {
    async check(loaded, options) {
      const tasks = selectTasks(loaded, options);
      const views = await connect(environment, environmentsNeeded(tasks.flatMap((t) => t.checks as Check[])), snapshotView);
      return run(loaded, options, views, tasks);
    },
    async watch(loaded, options, onResult, onError = () => {}) {
      const tasks = selectTasks(loaded, options);
      const needed = environmentsNeeded(tasks.flatMap((t) => t.checks as Check[]));
      let timer: NodeJS.Timeout | undefined;
      let settleTimer: NodeJS.Timeout | undefined;
      let running = false;
      let again = false;
      let stopped = false;
      const evaluate = async () => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          do {
            again = false;
            // A verdict that changes by itself (a Pod that has to stay Ready a while) is re-checked when it would.
            let settlesInMs: number | undefined;
            const result = await run(loaded, { ...options, noWait: true }, views, tasks, (ms) => (settlesInMs = Math.min(settlesInMs ?? ms, ms)));
            clearTimeout(settleTimer);
            if (settlesInMs !== undefined && !stopped) settleTimer = setTimeout(schedule, settlesInMs + 100);
            if (!stopped) onResult(result);
          } while (again && !stopped);
        } catch (err) {
          onError(err);
        } finally {
          running = false;
        }
      };
      const schedule = () => {
        if (stopped) return;
        clearTimeout(timer);
        timer = setTimeout(() => void evaluate(), 50);
      };
      let live: ReturnType<typeof liveView> | undefined;
      const views = await connect(environment, needed, (api) => (live = liveView(api, schedule)));
      const stopDocker = needed.has('docker') && views.docker && !(views.docker instanceof Error) && 'events' in views.docker
        ? (views.docker as DockerView & { events(onEvent: () => void): () => void }).events(schedule)
        : () => {};
      // Checks nothing announces a change for (the registry's live mode `poll`) are re-checked every few seconds.
      const poll = tasks.some((t) => (t.checks as Check[]).some((c) => liveMode(c) === 'poll')) ? setInterval(schedule, 2000) : undefined;
      await evaluate();
      return () => {
        stopped = true;
        clearTimeout(timer);
        clearTimeout(settleTimer);
        if (poll) clearInterval(poll);
        stopDocker();
        live?.close();
      };
    },
  };
}
