import { KubeConfig } from '@kubernetes/client-node';
import { existsSync } from 'node:fs';
import { ContextError } from './errors.ts';

export interface KubeTarget {
  kubeconfig: string;
  context: string;
}

/** Load the lab cluster's kubeconfig at a fixed context, never the user's current one by accident. */
export function loadKubeConfig(target: KubeTarget): KubeConfig {
  if (!existsSync(target.kubeconfig)) {
    throw new ContextError(`kubeconfig ${target.kubeconfig} does not exist`, { fix: 'start the lab cluster with `npm run cluster:up`' });
  }
  const kc = new KubeConfig();
  kc.loadFromFile(target.kubeconfig);
  if (!kc.getContextObject(target.context)) {
    throw new ContextError(`context "${target.context}" is not in ${target.kubeconfig}`, { fix: 'recreate the cluster with `npm run cluster:reset`' });
  }
  kc.setCurrentContext(target.context);
  return kc;
}
