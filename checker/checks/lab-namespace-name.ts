/**
 * `<namespace>` in a check's object name or user stands for the lab namespace. A cluster-scoped
 * object or an identity that a task asks for is named after the namespace (`<namespace>-blue`,
 * the user `<namespace>-jane`), so learners sharing one cluster (and the harness's two runs at
 * once) each have their own; the task text spells it the same way.
 */
export const labNamespacePlaceholder = '<namespace>';

export function inLabNamespace(value: string, namespace: string): string;
export function inLabNamespace(value: string | undefined, namespace: string): string | undefined;
export function inLabNamespace(value: string | undefined, namespace: string): string | undefined {
  return value?.replaceAll(labNamespacePlaceholder, namespace);
}
