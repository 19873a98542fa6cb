/**
 * Kind → REST resource for the built-in kinds labs use, so a check run needs no
 * discovery requests. Unknown kinds fall back to discovery (one request per group version).
 */
export interface ResourceInfo {
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

const builtins: Record<string, ResourceInfo> = {};
function add(apiVersion: string, namespaced: boolean, entries: Record<string, string>) {
  for (const [kind, plural] of Object.entries(entries)) builtins[kind] = { apiVersion, plural, namespaced };
}
add('v1', true, {
  Pod: 'pods', Service: 'services', ConfigMap: 'configmaps', Secret: 'secrets', ServiceAccount: 'serviceaccounts',
  PersistentVolumeClaim: 'persistentvolumeclaims', Event: 'events', Endpoints: 'endpoints', LimitRange: 'limitranges',
  ResourceQuota: 'resourcequotas', ReplicationController: 'replicationcontrollers',
});
add('v1', false, { Namespace: 'namespaces', Node: 'nodes', PersistentVolume: 'persistentvolumes' });
add('apps/v1', true, { Deployment: 'deployments', ReplicaSet: 'replicasets', StatefulSet: 'statefulsets', DaemonSet: 'daemonsets', ControllerRevision: 'controllerrevisions' });
add('batch/v1', true, { Job: 'jobs', CronJob: 'cronjobs' });
add('networking.k8s.io/v1', true, { Ingress: 'ingresses', NetworkPolicy: 'networkpolicies' });
add('networking.k8s.io/v1', false, { IngressClass: 'ingressclasses' });
add('discovery.k8s.io/v1', true, { EndpointSlice: 'endpointslices' });
add('rbac.authorization.k8s.io/v1', true, { Role: 'roles', RoleBinding: 'rolebindings' });
add('rbac.authorization.k8s.io/v1', false, { ClusterRole: 'clusterroles', ClusterRoleBinding: 'clusterrolebindings' });
add('autoscaling/v2', true, { HorizontalPodAutoscaler: 'horizontalpodautoscalers' });
add('policy/v1', true, { PodDisruptionBudget: 'poddisruptionbudgets' });
add('storage.k8s.io/v1', false, { StorageClass: 'storageclasses' });
add('events.k8s.io/v1', true, {});

export function builtinResource(kind: string, apiVersion?: string): ResourceInfo | undefined {
  const r = builtins[kind];
  if (!r) return undefined;
  if (apiVersion && apiVersion !== r.apiVersion) return undefined;
  return r;
}

export function collectionPath(r: ResourceInfo, namespace?: string): string {
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

export const knownKinds = Object.keys(builtins);
