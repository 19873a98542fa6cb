import { ContextError } from '../lib/errors.ts';
import type { KubeApi } from '../environments/kube-api.ts';
import { KubeHttpError } from '../environments/kube-api.ts';

const labLabel = 'kubecamp.io/lab';

/**
 * Delete the namespace (and everything in it) and wait until it is gone. Its
 * Pods are deleted at once (grace period 0): on real kubelets a container whose
 * PID 1 ignores SIGTERM (busybox `httpd`, `sleep`) would otherwise hold the
 * namespace for its 30 s grace period, on every reset.
 */
export async function deleteNamespace(api: KubeApi, name: string, timeoutMs = 120_000): Promise<void> {
  try {
    await api.send('DELETE', `/api/v1/namespaces/${name}`);
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 404) return;
    throw err;
  }
  // After the namespace is Terminating, so no controller makes new Pods in between.
  await api.send('DELETE', `/api/v1/namespaces/${name}/pods`, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 }).catch((err) => {
    if (!(err instanceof KubeHttpError && err.status === 404)) throw err;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await api.get(`/api/v1/namespaces/${name}`);
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 404) return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new ContextError(`namespace ${name} was still terminating after ${timeoutMs / 1000} s`, {
    fix: `look at what blocks it: kubectl get namespace ${name} -o yaml (finalizers, conditions)`,
  });
}

/** A fresh, empty lab namespace labelled with its lab. */
export async function recreateNamespace(api: KubeApi, name: string, labId: string): Promise<void> {
  await deleteNamespace(api, name);
  await api.send('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { [labLabel]: labId } } });
  // The ServiceAccount controller creates "default" shortly after; Pods are rejected until it exists.
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      await api.get(`/api/v1/namespaces/${name}/serviceaccounts/default`);
      return;
    } catch (err) {
      if (!(err instanceof KubeHttpError && err.status === 404)) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
