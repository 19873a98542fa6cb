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
