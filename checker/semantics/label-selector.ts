/**
 * Label selectors as the API server applies them, in all their forms: a Service's
 * map (`spec.selector`), a LabelSelector (`matchLabels` and/or `matchExpressions`
 * with In, NotIn, Exists, DoesNotExist) on workloads, NetworkPolicies, PodDisruptionBudgets.
 */
export type Labels = Record<string, string>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A selector in one shape; `null` selects nothing (a Service without selector), `[]` everything. */
export type Selector = Requirement[] | null;

/** Where each kind keeps the selector for its Pods, and how it reads an empty one. */
const selectorFields: Record<string, { path: string[]; map: boolean; emptySelectsAll: boolean }> = {
  Service: { path: ['spec', 'selector'], map: true, emptySelectsAll: false },
  ReplicationController: { path: ['spec', 'selector'], map: true, emptySelectsAll: false },
  Deployment: { path: ['spec', 'selector'], map: false, emptySelectsAll: false },
  ReplicaSet: { path: ['spec', 'selector'], map: false, emptySelectsAll: false },
  StatefulSet: { path: ['spec', 'selector'], map: false, emptySelectsAll: false },
  DaemonSet: { path: ['spec', 'selector'], map: false, emptySelectsAll: false },
  Job: { path: ['spec', 'selector'], map: false, emptySelectsAll: false },
  PodDisruptionBudget: { path: ['spec', 'selector'], map: false, emptySelectsAll: true },
  NetworkPolicy: { path: ['spec', 'podSelector'], map: false, emptySelectsAll: true },
};

export function selectorKinds(): string[] {
  return Object.keys(selectorFields);
}

/** Read a selector value: a plain map, or `{matchLabels, matchExpressions}`. */
export function readSelector(value: unknown, { emptySelectsAll = true } = {}): Selector {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const isLabelSelector = 'matchLabels' in v || 'matchExpressions' in v;
  const map = (isLabelSelector ? v.matchLabels : v) as Labels | undefined;
  const requirements: Requirement[] = Object.entries(map ?? {}).map(([key, val]) => ({ key, operator: 'In', values: [String(val)] }));
  if (isLabelSelector) {
    for (const e of (v.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
      requirements.push({ key: e.key, operator: e.operator as Requirement['operator'], values: e.values ?? [] });
    }
  }
  if (requirements.length === 0 && !emptySelectsAll) return null;
  return requirements;
}

/** The selector an object uses to pick its Pods (by kind); undefined for kinds without one. */
export function selectorOf(object: any): Selector | undefined {
  const field = selectorFields[object?.kind];
  if (!field) return undefined;
  const value = field.path.reduce((o: any, k) => o?.[k], object);
  return readSelector(value, { emptySelectsAll: field.emptySelectsAll });
}

export function selects(selector: Selector, labels: Labels | undefined): boolean {
  if (selector === null) return false;
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        return has && (r.values ?? []).includes(l[r.key]);
      case 'NotIn':
        return !has || !(r.values ?? []).includes(l[r.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
}

/** `app=web,tier in (a,b),!canary`, as kubectl prints it; `everything` and `nothing` for the edge cases. */
export function describeSelector(selector: Selector): string {
  if (selector === null) return 'nothing (it has no selector)';
  if (selector.length === 0) return 'every Pod (its selector is empty)';
  return selector
    .map((r) => {
      const values = r.values ?? [];
      if (r.operator === 'In') return values.length === 1 ? `${r.key}=${values[0]}` : `${r.key} in (${values.join(',')})`;
      if (r.operator === 'NotIn') return values.length === 1 ? `${r.key}!=${values[0]}` : `${r.key} notin (${values.join(',')})`;
      return r.operator === 'Exists' ? r.key : `!${r.key}`;
    })
    .join(',');
}

export function describeLabels(labels: Labels): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}
