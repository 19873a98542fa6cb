/**
 * RBAC as a full matrix: least privilege means the verbs a task grants are allowed **and** every
 * other verb is denied. The API server answers each cell (a SubjectAccessReview); this file only
 * says which cells to ask and judges the answers, so a wildcard grant (`verbs: ["*"]`) fails by
 * naming the verbs it adds.
 */

/** The verbs the API server serves for an ordinary resource (kubectl api-resources -o wide). */
export const resourceVerbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;

/** The cells to ask: the standard verbs, plus any granted verb outside them (e.g. `escalate`). */
export function matrixVerbs(granted: string[]): string[] {
  return [...resourceVerbs, ...granted.filter((v) => !(resourceVerbs as readonly string[]).includes(v))];
}

export interface MatrixVerdict {
  ok: boolean;
  /** Granted by the task but denied by the cluster. */
  missing: string[];
  /** Allowed by the cluster but not granted by the task. */
  extra: string[];
  allowed: string[];
}

export function judgeMatrix(granted: string[], answers: Record<string, boolean>): MatrixVerdict {
  const verbs = matrixVerbs(granted);
  const allowed = verbs.filter((v) => answers[v]);
  const missing = granted.filter((v) => !answers[v]);
  const extra = allowed.filter((v) => !granted.includes(v));
  return { ok: missing.length === 0 && extra.length === 0, missing, extra, allowed };
}

const list = (verbs: string[]) => verbs.join(', ') || 'nothing';

/** `may also deletecollection deployments.apps in namespace x, which the task does not grant (it may: …)`. */
export function describeMatrix(v: MatrixVerdict, granted: string[], action: string): string {
  if (v.ok) return `may ${list(granted)} ${action}, and no other verb`;
  const parts: string[] = [];
  if (v.extra.length) parts.push(`may also ${list(v.extra)} ${action}, which the task does not grant`);
  if (v.missing.length) parts.push(`cannot ${list(v.missing)} ${action}`);
  return `${parts.join(', and ')} (allowed: ${list(v.allowed)}; expected exactly: ${list(granted)})`;
}

/**
 * "Nothing else": grants beside the task's resource that change what a subject can do, each with
 * what it means. The API server answers each cell (a SubjectAccessReview, in the namespace); a
 * subresource is its own cell (`pods/exec` is not covered by `pods`, nor denied with it).
 */
export interface SensitiveGrant {
  group: string;
  /** Plural resource, `pods/exec` for a subresource. */
  resource: string;
  verbs: string[];
  /** What the subject can then do, as "it can …". */
  means: string;
}

const workloadWrites = ['create', 'update', 'patch', 'delete'];

export const sensitiveGrants: SensitiveGrant[] = [
  { group: '', resource: 'pods/exec', verbs: ['create'], means: 'run commands in every Pod (kubectl exec)' },
  { group: '', resource: 'pods/attach', verbs: ['create'], means: "attach to every Pod's running process" },
  { group: '', resource: 'pods/portforward', verbs: ['create'], means: 'open connections into every Pod (kubectl port-forward)' },
  { group: '', resource: 'pods/ephemeralcontainers', verbs: ['update', 'patch'], means: 'add a debug container to every Pod (kubectl debug)' },
  { group: '', resource: 'pods/log', verbs: ['get'], means: "read every Pod's logs" },
  { group: '', resource: 'pods/eviction', verbs: ['create'], means: 'evict any Pod' },
  { group: '', resource: 'pods', verbs: ['get', 'list', 'watch'], means: 'read every Pod, its environment included' },
  { group: '', resource: 'pods', verbs: [...workloadWrites, 'deletecollection'], means: 'start, change or delete Pods directly' },
  { group: '', resource: 'secrets', verbs: ['get', 'list', 'watch'], means: 'read every Secret in the namespace (passwords, tokens)' },
  { group: '', resource: 'secrets', verbs: workloadWrites, means: 'replace the Secrets other workloads trust' },
  { group: '', resource: 'serviceaccounts/token', verbs: ['create'], means: 'mint a token for every ServiceAccount of the namespace' },
  { group: '', resource: 'serviceaccounts', verbs: ['impersonate'], means: 'act as any ServiceAccount of the namespace' },
  { group: '', resource: 'replicationcontrollers', verbs: workloadWrites, means: 'run Pods through a ReplicationController' },
  { group: 'apps', resource: 'replicasets', verbs: workloadWrites, means: 'run Pods through a ReplicaSet, outside any Deployment' },
  { group: 'apps', resource: 'statefulsets', verbs: workloadWrites, means: 'run Pods through a StatefulSet' },
  { group: 'apps', resource: 'daemonsets', verbs: workloadWrites, means: 'run a Pod on every node through a DaemonSet' },
  { group: 'batch', resource: 'jobs', verbs: workloadWrites, means: 'run Pods through a Job' },
  { group: 'batch', resource: 'cronjobs', verbs: workloadWrites, means: 'run Pods on a schedule through a CronJob' },
  { group: 'rbac.authorization.k8s.io', resource: 'roles', verbs: ['create', 'update', 'patch', 'escalate'], means: 'write itself a Role with more rights' },
  { group: 'rbac.authorization.k8s.io', resource: 'rolebindings', verbs: ['create', 'update', 'patch'], means: 'bind itself (or anyone) to more rights' },
];

/** The grants to ask about, leaving out the cells of the resource the task grants (its matrix judges them). */
export function grantsBeside(group: string, resource: string, grants: SensitiveGrant[] = sensitiveGrants): SensitiveGrant[] {
  return grants.filter((g) => !(g.group === group && g.resource === resource));
}

/** The grants the subject holds after all: for each, only the verbs the cluster allowed. */
export function extraGrants(grants: SensitiveGrant[], allowed: (group: string, resource: string, verb: string) => boolean): SensitiveGrant[] {
  return grants.map((g) => ({ ...g, verbs: g.verbs.filter((v) => allowed(g.group, g.resource, v)) })).filter((g) => g.verbs.length > 0);
}

/** `may also, in namespace x: create pods/exec, so it can run commands in every Pod (kubectl exec); get pods/log, so …. The task grants …`. */
export function describeExtras(extras: SensitiveGrant[], where: string, granted: string[], resource: string): string {
  const items = extras.map((g) => `${list(g.verbs)} ${g.group ? `${g.resource}.${g.group}` : g.resource}, so it can ${g.means}`);
  return `may also, ${where}: ${items.join('; ')}. The task grants ${list(granted)} ${resource} and nothing else`;
}
