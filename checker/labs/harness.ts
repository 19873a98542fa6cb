import type { Checker, LoadedLab } from '../engine/engine.ts';
import type { Environment } from '../environments/environment.ts';
import type { LabResult } from '../schemas/result.ts';
import { inLabNamespace } from '../checks/lab-namespace-name.ts';
import { formatError } from '../lib/errors.ts';
import { noopLogger, type Logger } from '../lib/logger.ts';
import { readAnswers } from './answers.ts';
import { loadRightVariants, loadVariants } from './load.ts';
import { cleanUpLab, resetLab, solveLab, type LabTarget } from './operations.ts';
import type { LabSession } from './session.ts';
import { runSteps } from './steps.ts';

export interface HarnessPhase {
  name: string;
  ok: boolean;
  /** Why it failed (or what passed), one line per task. */
  detail: string;
  durationMs: number;
  result?: LabResult;
}

export interface HarnessReport {
  lab: string;
  ok: boolean;
  phases: HarnessPhase[];
  durationMs: number;
}

export interface HarnessOptions extends LabTarget {
  checker: Checker;
  environment: Environment;
  logger?: Logger;
  /** Leave the namespace and workspace as the last phase left them (for debugging a lab). */
  keep?: boolean;
}

const line = (r: LabResult) => r.tasks.map((t) => `${t.status.padEnd(5)} ${t.id}: ${t.message}`).join('\n');

/**
 * A phase where every checked task must pass. A task this cluster cannot judge
 * (`unsupported`: it needs real nodes) counts: the lab declares it, and the
 * harness on kind proves it.
 */
function allPass(result: LabResult): Omit<HarnessPhase, 'name' | 'durationMs'> {
  const wrong = result.tasks.filter((t) => t.status !== 'pass' && t.status !== 'unsupported');
  return { ok: wrong.length === 0, detail: wrong.length ? wrong.map((t) => `task ${t.id} is "${t.status}": ${t.message}`).join('\n') : line(result), result };
}

/**
 * Prove a lab: the starter state fails every task, the reference solution
 * passes every task, each valid alternative (`right/`) passes the tasks it
 * names, and each known-wrong variant fails the task it targets with the
 * declared message. Each phase starts from a reset.
 */
export async function testLab(loaded: LoadedLab, options: HarnessOptions): Promise<HarnessReport> {
  const { checker, environment, logger = noopLogger } = options;
  const target: LabTarget = { namespace: options.namespace, workspace: options.workspace, env: options.env };
  const started = Date.now();
  const phases: HarnessPhase[] = [];
  const check = async (session: LabSession, taskIds?: string[]) =>
    checker.check(loaded, { namespace: session.namespace, workspace: session.workspace, answers: await readAnswers(session.workspace), taskIds });

  async function phase(name: string, body: () => Promise<Omit<HarnessPhase, 'name' | 'durationMs'>>) {
    const t0 = Date.now();
    logger.info(`  ${name}`);
    let p: HarnessPhase;
    try {
      p = { name, durationMs: 0, ...(await body()) };
    } catch (err) {
      p = { name, ok: false, detail: formatError(err), durationMs: 0 };
    }
    p.durationMs = Date.now() - t0;
    logger.info(`    ${p.ok ? '✔' : '✘'} ${(p.durationMs / 1000).toFixed(1)} s${p.ok ? '' : `\n${p.detail.replace(/^/gm, '      ')}`}`);
    phases.push(p);
  }

  await phase('starter state fails every task', async () => {
    const session = await resetLab(loaded, target, environment, logger);
    const result = await check(session);
    const wrong = result.tasks.filter((t) => t.status !== 'fail' && t.status !== 'unsupported');
    return {
      ok: wrong.length === 0,
      detail: wrong.length ? wrong.map((t) => `task ${t.id} is "${t.status}" in the starter state, expected "fail": ${t.message}`).join('\n') : line(result),
      result,
    };
  });

  await phase('solution passes every task', async () => {
    const session = await resetLab(loaded, target, environment, logger);
    await solveLab(loaded, session);
    return allPass(await check(session));
  });

  for (const v of await loadRightVariants(loaded)) {
    await phase(`right/${v.name} passes ${v.variant.passes?.join(', ') ?? 'every task'}`, async () => {
      const session = await resetLab(loaded, target, environment, logger, [v.dir]);
      await runSteps(v.variant.steps, session, session.workspace, `${loaded.lab.id} right/${v.name}`);
      return allPass(await check(session, v.variant.passes));
    });
  }

  for (const v of await loadVariants(loaded)) {
    await phase(`wrong/${v.name} fails ${v.variant.fails} with "${v.variant.message}"`, async () => {
      const session = await resetLab(loaded, target, environment, logger, [v.dir]);
      await runSteps(v.variant.steps, session, session.workspace, `${loaded.lab.id} wrong/${v.name}`);
      const result = await check(session, [v.variant.fails]);
      const task = result.tasks[0];
      const message = inLabNamespace(v.variant.message, session.namespace);
      const messageOk = task.message.toLowerCase().includes(message.toLowerCase());
      // Where the task needs real nodes, a variant whose mistake only behaviour shows cannot fail here: the harness on kind proves it.
      const ok = (task.status === 'fail' && messageOk) || task.status === 'unsupported';
      const detail = ok
        ? `${task.status} ${task.id}: ${task.message}`
        : task.status !== 'fail'
          ? `task ${task.id} is "${task.status}", expected "fail" (${v.variant.description}): ${task.message}`
          : `task ${task.id} failed with "${task.message}", which does not contain "${message}"`;
      return { ok, detail, result };
    });
  }

  if (!options.keep) await cleanUpLab(loaded, target, environment, logger);
  return { lab: loaded.lab.id, ok: phases.every((p) => p.ok), phases, durationMs: Date.now() - started };
}

/** The same logger with `prefix` before every line (runs that log at once stay apart). */
export function prefixedLogger(logger: Logger, prefix: string): Logger {
  const p = (m: string) => m.replace(/^/gm, prefix);
  return { info: (m) => logger.info(p(m)), warn: (m) => logger.warn(p(m)), debug: (m) => logger.debug(p(m)), step: (name) => logger.step(p(name)) };
}

/** Two namespaces (and workspaces) for one lab run twice at once: `<namespace>-a`, `<namespace>-b`. */
export function concurrentTargets(namespace: string, workspace: (suffix: string) => string): { namespace: string; workspace: string }[] {
  return ['a', 'b'].map((suffix) => ({ namespace: `${namespace.slice(0, 61).replace(/-+$/, '')}-${suffix}`, workspace: workspace(suffix) }));
}

/**
 * One Kubernetes lab in several namespaces at once, as learners sharing one
 * cluster: every run must hold on its own. A cluster-scoped object named the
 * same in every namespace (a PersistentVolume, a ClusterRoleBinding, an
 * IngressClass), or a clean-up that deletes by label cluster-wide, makes the
 * other run fail or time out. Phases are named after their namespace.
 */
export async function testLabConcurrently(
  loaded: LoadedLab,
  options: Omit<HarnessOptions, 'namespace' | 'workspace'> & { targets: { namespace: string; workspace: string }[] },
): Promise<HarnessReport> {
  const { targets, ...rest } = options;
  const logger = options.logger ?? noopLogger;
  const started = Date.now();
  const reports = await Promise.all(targets.map((t) => testLab(loaded, { ...rest, ...t, logger: prefixedLogger(logger, `[${t.namespace}] `) })));
  return {
    lab: loaded.lab.id,
    ok: reports.every((r) => r.ok),
    phases: reports.flatMap((r, i) => r.phases.map((p) => ({ ...p, name: `${targets[i].namespace}: ${p.name}` }))),
    durationMs: Date.now() - started,
  };
}
