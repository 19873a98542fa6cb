import { StorageV1Api, type V1StorageClass } from '@kubernetes/client-node';
import { withContext } from '../../checker/lib/errors.ts';
import { loadKubeConfig, type KubeTarget } from '../../checker/lib/kube-config.ts';
import type { Logger } from '../../checker/lib/logger.ts';

/**
 * The kwok cluster has no volume provisioner, so storage labs use static
 * PersistentVolumes: this default class never provisions, and claims bind to
 * the PVs a lab's setup (or the learner) creates. kind brings its own default
 * class (local-path), so this only runs where no default exists.
 */
export const staticStorageClass: V1StorageClass = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: {
    name: 'standard',
    annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    labels: { 'app.kubernetes.io/managed-by': 'kubecamp' },
  },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'Immediate',
  reclaimPolicy: 'Retain',
};

export async function applyClusterDefaults(target: KubeTarget, logger: Logger): Promise<void> {
  await withContext('ensuring a default StorageClass', async () => {
    const storage = loadKubeConfig(target).makeApiClient(StorageV1Api);
    const classes = await storage.listStorageClass();
    const hasDefault = classes.items.some((c) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
    if (hasDefault) return;
    await storage.createStorageClass({ body: staticStorageClass });
    logger.info('created default StorageClass "standard" (static PersistentVolumes, no provisioner)');
  });
}
