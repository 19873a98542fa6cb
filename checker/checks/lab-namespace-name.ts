/**
 * `<namespace>` in a check stands for the lab namespace, wherever it is: an object name, a user,
 * an expected value, a request's URL, headers or body. A cluster-scoped object, an identity or a
 * host that a task asks for is named after the namespace (`<namespace>-blue`, the user
 * `<namespace>-jane`, the host `shop.<namespace>.example.com`), so learners sharing one cluster
 * (and the harness's two runs at once) each have their own; the task text spells it the same way.
 */
export const labNamespacePlaceholder = '<namespace>';

export function inLabNamespace(value: string, namespace: string): string;
export function inLabNamespace(value: string | undefined, namespace: string): string | undefined;
export function inLabNamespace(value: string | undefined, namespace: string): string | undefined {
  return value?.replaceAll(labNamespacePlaceholder, namespace);
}

/** The check (any value) with `<namespace>` filled in every string; the very same value when none holds it. */
export function withLabNamespace<T>(value: T, namespace: string): T {
  if (typeof value === 'string') return (value.includes(labNamespacePlaceholder) ? inLabNamespace(value, namespace) : value) as T;
  if (Array.isArray(value)) {
    const items = value.map((item) => withLabNamespace(item, namespace));
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value).map(([key, item]) => [key, withLabNamespace(item, namespace)] as const);
    return (entries.some(([key, item]) => item !== (value as Record<string, unknown>)[key]) ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
