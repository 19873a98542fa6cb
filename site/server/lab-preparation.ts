import type { LoadedLab } from '../../checker/engine/engine.ts';
import type { Environment } from '../../checker/environments/environment.ts';
import { KubeHttpError } from '../../checker/environments/kube-api.ts';
import { withContext } from '../../checker/lib/errors.ts';
import { recreateNamespace } from '../../checker/labs/namespace.ts';
import { labSession } from '../../checker/labs/session.ts';
import { runSteps } from '../../checker/labs/steps.ts';
import type { LabCatalog } from './lab-catalog.ts';

export interface LabPreparation {
  /**
   * Make the lab workable before a shell or the live checks use it: its
   * workspace (starter files the first time) and, once its engines are up, its
   * namespace and setup steps when the namespace is missing (first use, or a
   * cluster that was recreated). Concurrent calls for a lab share one run.
   */
  prepare(loaded: LoadedLab, options?: { environmentReady?: boolean }): Promise<void>;
  /** Forget pending setup (a reset just ran it). */
  settled(labId: string): void;
  /**
   * Run a reset of the lab; `prepare` (and so a new shell) waits for it, since
   * a reset replaces the workspace folder. Undefined when one is already running.
   */
  resetting<T>(labId: string, run: () => Promise<T>): Promise<T> | undefined;
}

async function namespaceExists(environment: Environment, name: string): Promise<boolean> {
  const api = await environment.kubeApi();
  try {
    await api.get(`/api/v1/namespaces/${name}`);
    return true;
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 404) return false;
    throw err;
  }
}

export function createLabPreparation(catalog: LabCatalog, environment: Environment): LabPreparation {
  const running = new Map<string, Promise<void>>();
  const resets = new Map<string, Promise<unknown>>();
  const setupPending = new Set<string>();

  async function prepare(loaded: LoadedLab, environmentReady: boolean): Promise<void> {
    const { lab } = loaded;
    if (await catalog.ensureWorkspace(loaded)) setupPending.add(lab.id);
    if (!environmentReady) return;
    const target = catalog.target(lab.id);
    let needsSetup = setupPending.has(lab.id);
    if (lab.environments.includes('kubernetes') && !(await namespaceExists(environment, target.namespace))) {
      await recreateNamespace(await environment.kubeApi(), target.namespace, lab.id);
      needsSetup = true;
    }
    if (needsSetup && lab.setup.length) {
      await runSteps(lab.setup, await labSession(lab, target), loaded.dir, `${lab.id} setup`);
    }
    setupPending.delete(lab.id);
  }

  return {
    prepare(loaded, options = {}) {
      const id = loaded.lab.id;
      const current = running.get(id);
      if (current) return current;
      const run = withContext(`preparing lab ${id}`, async () => {
        await resets.get(id)?.catch(() => undefined);
        await prepare(loaded, options.environmentReady ?? true);
      }).finally(() => running.delete(id));
      running.set(id, run);
      return run;
    },
    settled: (labId) => void setupPending.delete(labId),
    resetting(labId, run) {
      if (resets.has(labId)) return undefined;
      const job = run().finally(() => resets.delete(labId));
      resets.set(labId, job);
      return job;
    },
  };
}
