import { join } from 'node:path';
import type { Environment } from '../environments/environment.ts';
import type { LoadedLab } from '../engine/engine.ts';
import { formatError, withContext } from '../lib/errors.ts';
import { noopLogger, type Logger } from '../lib/logger.ts';
import { deleteNamespace, recreateNamespace } from './namespace.ts';
import { labSession, type LabSession } from './session.ts';
import { runSteps } from './steps.ts';
import { overlay, resetWorkspace } from './workspace.ts';

export interface LabTarget {
  namespace: string;
  workspace: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Back to the starting line: a fresh lab namespace, the lab's own clean-up,
 * the starter files (plus `overlays`) in the workspace, then the lab's setup.
 */
export async function resetLab(loaded: LoadedLab, target: LabTarget, environment: Environment, logger: Logger = noopLogger, overlays: string[] = []): Promise<LabSession> {
  const { lab } = loaded;
  return withContext(`resetting lab ${lab.id}`, async () => {
    const session = await labSession(lab, target);
    if (lab.environments.includes('kubernetes')) {
      const api = await environment.kubeApi();
      logger.debug(`recreating namespace ${target.namespace}`);
      await recreateNamespace(api, target.namespace, lab.id);
    }
    await runSteps(lab.reset, session, loaded.dir, `${lab.id} reset`);
    await resetWorkspace(loaded, target.workspace, overlays);
    await runSteps(lab.setup, session, loaded.dir, `${lab.id} setup`);
    return session;
  });
}

/** Copy the reference solution into the workspace and apply it as a learner would. */
export async function solveLab(loaded: LoadedLab, session: LabSession): Promise<void> {
  await withContext(`applying the solution of lab ${loaded.lab.id}`, async () => {
    await overlay(join(loaded.dir, 'solution'), session.workspace);
    await runSteps(loaded.lab.solution, session, session.workspace, `${loaded.lab.id} solution`);
  });
}

/**
 * After a test or mutation run: the lab's own clean-up (cluster-scoped objects named after the
 * namespace, e.g. `<namespace>-blue`, which deleting the namespace leaves behind), then the
 * namespace. A failure is logged, not thrown: the run's results stand.
 */
export async function cleanUpLab(loaded: LoadedLab, target: LabTarget, environment: Environment, logger: Logger = noopLogger): Promise<void> {
  try {
    const session = await labSession(loaded.lab, target);
    await runSteps(loaded.lab.reset, session, loaded.dir, `${loaded.lab.id} clean-up`);
    if (loaded.lab.environments.includes('kubernetes')) await deleteNamespace(await environment.kubeApi(), target.namespace);
  } catch (err) {
    logger.warn(`clean-up after ${loaded.lab.id} failed: ${formatError(err)}`);
  }
}

