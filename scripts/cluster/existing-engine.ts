import { KubeConfig } from '@kubernetes/client-node';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Availability, ClusterEngine, ClusterInfo, EngineContext } from './engine.ts';
import { waitForApiServer } from './api-client.ts';

/** The user's kubeconfig file as kubectl would pick it (first entry of KUBECONFIG, else ~/.kube/config). */
export function userKubeconfig(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.KUBECONFIG?.split(delimiter).find(Boolean);
  return fromEnv ?? join(env.HOME || homedir(), '.kube', 'config');
}

/**
 * Use whatever cluster the user's current context points at, unchanged: we
 * record the context name and never write to their kubeconfig or delete their cluster.
 */
export function existingEngine({ env, logger }: EngineContext): ClusterEngine {
  const file = userKubeconfig(env);
  const currentContext = (): string | null => {
    try {
      const kc = new KubeConfig();
      kc.loadFromFile(file);
      return kc.getCurrentContext() || null;
    } catch {
      return null;
    }
  };
  const info = (): ClusterInfo => ({ engine: 'existing', kubeconfig: file, context: currentContext() ?? '' });
  return {
    name: 'existing',
    info,
    async exists() {
      return currentContext() !== null;
    },
    async detect(): Promise<Availability> {
      return currentContext()
        ? { ok: true }
        : { ok: false, reason: `no current context in ${file}`, fix: 'point kubectl at a cluster (`kubectl config use-context NAME`), or use --engine kwok' };
    },
    async up(options) {
      options.onBuilt?.();
      const target = info();
      const version = await waitForApiServer(target, 15_000);
      logger.info(`using context "${target.context}" from ${file} (Kubernetes ${version}); it is left unchanged`);
      return target;
    },
    async down() {
      logger.info('the existing cluster is not ours to delete; only forgetting it');
    },
  };
}
