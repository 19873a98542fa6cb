import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { paths } from './paths.ts';

/**
 * A `cluster:up` in progress, written by it while it runs (and removed when it
 * ends) so `cluster:status` and the site's banner can say what it is doing:
 * "building kube-apiserver, 2 of 8, about 6 min left".
 */
export const startProgressSchema = z.object({
  /** The `cluster:up` process; a file whose process is gone is stale. */
  pid: z.number().int(),
  since: z.string(),
  /** The step running now (a build step's name as in build-times.json, or `starting the kwok cluster`). */
  step: z.string().optional(),
  stepStartedAt: z.string().optional(),
  /** Every step this start runs, in order, with the time each took when last recorded (ms). */
  plan: z.array(z.object({ name: z.string(), recordedMs: z.number().optional() })).default([]),
});
export type StartProgress = z.infer<typeof startProgressSchema>;

export const startProgressFile = (env: NodeJS.ProcessEnv = process.env) => join(paths(env).home, 'cluster-starting.json');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The start in progress, or null (none, unreadable, or its process is gone). */
export async function readStartProgress(env: NodeJS.ProcessEnv = process.env, isAlive = alive): Promise<StartProgress | null> {
  const file = startProgressFile(env);
  if (!existsSync(file)) return null;
  try {
    const parsed = startProgressSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success && isAlive(parsed.data.pid) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Records the steps of one `cluster:up` as they start; `end()` removes the file. */
export function startProgressWriter(env: NodeJS.ProcessEnv, plan: StartProgress['plan'], now = () => new Date()) {
  const file = startProgressFile(env);
  const state: StartProgress = { pid: process.pid, since: now().toISOString(), plan: [...plan] };
  let queue: Promise<void> = Promise.resolve();
  const save = () => {
    const text = `${JSON.stringify(state, null, 2)}\n`;
    queue = queue.then(async () => {
      await mkdir(paths(env).home, { recursive: true });
      await writeFile(file, text);
    }).catch(() => {});
    return queue;
  };
  return {
    step(name: string) {
      // A step nobody planned (a kind build) goes before the final start step.
      if (!state.plan.some((s) => s.name === name)) state.plan.splice(Math.max(0, state.plan.length - 1), 0, { name });
      state.step = name;
      state.stepStartedAt = now().toISOString();
      return save();
    },
    begin: save,
    async end() {
      await queue;
      await rm(file, { force: true });
    },
  };
}

/** Step `index` (1-based) of `total`, and the time left by the recorded step times (undefined when a step left has no record). */
export function estimateStart(p: StartProgress, now: Date): { index: number; total: number; remainingMs?: number } {
  const total = p.plan.length;
  const at = p.step ? p.plan.findIndex((s) => s.name === p.step) : -1;
  const index = at + 1;
  const left = p.plan.slice(Math.max(at, 0));
  if (left.length === 0 || left.some((s) => s.recordedMs === undefined)) return { index, total };
  const inStep = at >= 0 && p.stepStartedAt ? Math.max(0, now.getTime() - Date.parse(p.stepStartedAt)) : 0;
  const current = at >= 0 ? Math.max(0, left[0]!.recordedMs! - inStep) : left[0]!.recordedMs!;
  return { index, total, remainingMs: current + left.slice(1).reduce((sum, s) => sum + s.recordedMs!, 0) };
}

const roughly = (ms: number) => (ms < 60_000 ? 'less than a minute' : `about ${Math.round(ms / 60_000)} min`);

/** "building kube-apiserver, 2 of 8, about 6 min left" (or "starting the kwok cluster, 8 of 8, …"). */
export function describeStartProgress(p: StartProgress, now: Date): string {
  const { index, total, remainingMs } = estimateStart(p, now);
  const what = p.step ? (p.step.startsWith('starting ') ? p.step : `building ${p.step}`) : 'preparing';
  const where = index > 0 && total > 0 ? `, ${index} of ${total}` : '';
  const eta = remainingMs !== undefined ? `, ${roughly(remainingMs)} left` : '';
  return `${what}${where}${eta}`;
}

/** The last step of every start, after the builds (its time is recorded per engine). */
export const startClusterStep = (engine: string) => `starting the ${engine} cluster`;

/** The recorded step times (`~/.cache/kubecamp/bin/build-times.json`, written by the builds). */
export async function readBuildTimes(env: NodeJS.ProcessEnv = process.env): Promise<Record<string, number>> {
  try {
    const parsed = JSON.parse(await readFile(join(paths(env).bin, 'build-times.json'), 'utf8')) as { steps?: Record<string, number> };
    return parsed.steps ?? {};
  } catch {
    return {};
  }
}
