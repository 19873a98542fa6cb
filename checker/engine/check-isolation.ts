import { Worker } from 'node:worker_threads';
import type { Check } from '../schemas/check.ts';
import { isIsolated } from '../checks/registry.ts';
import type { Lab } from '../schemas/lab.ts';
import type { Task } from '../schemas/task.ts';
import type { CheckContext } from './context.ts';
import type { IsolateCheck } from './engine.ts';
import type { Outcome } from './outcome.ts';


export interface IsolatedJob {
  id: number;
  check: Check;
  lab: Lab;
  labDir: string;
  task: Task;
  namespace: string;
  answer?: string;
  workspace: string;
}

export interface IsolatedReply {
  id: number;
  outcome: Outcome;
}

export interface CheckIsolation {
  isolate: IsolateCheck;
  close(): void;
}

const what = (check: Check) => ('file' in check && typeof check.file === 'string' ? check.file : check.type === 'answer' ? 'the answer' : `the ${check.type} check`);

/** The outcome of a check stopped at its time limit: an error (nothing was decided), saying why and what to do. */
export function timedOut(check: Check, timeoutMs: number): Outcome {
  const subject = what(check);
  return {
    status: 'error',
    message: `checking ${subject} took longer than ${timeoutMs / 1000} s and was stopped, so the lab server stays responsive: ${subject === 'the answer' ? 'the answer is very long' : `${subject} is very large or repetitive`}, or the lab's pattern is slow on it`,
    fix: `shorten ${subject} and check again; if it is short, report the lab`,
  };
}

/**
 * Checks on learner files, run in a worker thread with a time limit so a
 * pathological file (an alias bomb, a regex that backtracks on blank lines)
 * can neither freeze the caller's event loop nor run forever: at the limit
 * the worker is terminated (V8 interrupts even a running regex) and a fresh
 * one takes the next check. One check at a time, in order; the time limit
 * counts from when the worker starts the check, not from when it was queued.
 */
export function createCheckIsolation({ timeoutMs = 10_000 }: { timeoutMs?: number } = {}): CheckIsolation {
  interface Pending {
    job: IsolatedJob;
    resolve(outcome: Outcome): void;
  }
  const queue: Pending[] = [];
  let worker: Worker | undefined;
  let ready = false;
  let current: (Pending & { timer: NodeJS.Timeout }) | undefined;
  let nextId = 1;
  let closed = false;

  const start = () => {
    ready = false;
    const w = new Worker(new URL('./check-worker.mjs', import.meta.url));
    w.unref();
    w.on('message', (m: IsolatedReply | { ready: true }) => {
      if (w !== worker) return;
      if ('ready' in m) {
        ready = true;
      } else if (current && m.id === current.job.id) {
        clearTimeout(current.timer);
        current.resolve(m.outcome);
        current = undefined;
      }
      pump();
    });
    const lost = (err: unknown) => {
      if (w !== worker) return;
      worker = undefined;
      const outcome: Outcome = { status: 'error', message: `the check worker stopped: ${err instanceof Error ? err.message : String(err)}` };
      if (current) {
        clearTimeout(current.timer);
        current.resolve(outcome);
        current = undefined;
      }
      // A worker that cannot even start would be restarted forever: fail what waits; the next check tries again.
      if (!ready) for (const p of queue.splice(0)) p.resolve(outcome);
      pump();
    };
    w.on('error', lost);
    w.on('exit', (code) => lost(new Error(`exit code ${code}`)));
    worker = w;
  };

  function pump() {
    if (closed || current || queue.length === 0) return;
    if (!worker) start();
    if (!ready) return;
    const next = queue.shift()!;
    const running = {
      ...next,
      timer: setTimeout(() => {
        if (current !== running) return;
        current = undefined;
        const w = worker;
        worker = undefined;
        void w?.terminate();
        next.resolve(timedOut(next.job.check, timeoutMs));
        pump();
      }, timeoutMs),
    };
    current = running;
    worker!.postMessage(next.job);
  }

  return {
    isolate(check: Check, ctx: CheckContext) {
      if (closed || !isIsolated(check)) return undefined;
      const job: IsolatedJob = { id: nextId++, check, lab: ctx.lab, labDir: ctx.labDir, task: ctx.task, namespace: ctx.namespace, answer: ctx.answer, workspace: ctx.files.root };
      return new Promise<Outcome>((resolve) => {
        queue.push({ job, resolve });
        pump();
      });
    },
    close() {
      closed = true;
      if (current) clearTimeout(current.timer);
      void worker?.terminate();
      worker = undefined;
      const left = [...(current ? [current] : []), ...queue.splice(0)];
      current = undefined;
      for (const p of left) p.resolve({ status: 'error', message: 'the checker was closed before this check ran' });
    },
  };
}
