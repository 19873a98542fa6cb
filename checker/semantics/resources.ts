/**
 * A container's resources as its Pods get them: when a Pod is created the API server
 * (SetDefaults_Pod) copies each limit whose request is missing into the requests, so
 * `limits: {cpu: 100m}` alone schedules, and is measured by an HPA, as a 100m request.
 * A workload's Pod template is stored as written: a check of its requests reads it through this.
 */
export interface Resources {
  requests?: Record<string, unknown>;
  limits?: Record<string, unknown>;
  [key: string]: unknown;
}

export function effectiveResources(resources: Resources | undefined): Resources | undefined {
  if (!resources?.limits) return resources;
  const requests = { ...resources.limits, ...(resources.requests ?? {}) };
  return { ...resources, requests };
}

/** The object with every container of its Pod (or Pod template) given its effective resources. */
export function withEffectiveResources<T>(object: T): T {
  const o: any = object;
  const template = o?.spec?.jobTemplate?.spec?.template ?? o?.spec?.template;
  const spec = o?.kind === 'Pod' ? o.spec : template?.spec;
  if (!spec) return object;
  const fix = (list?: any[]) => list?.map((c) => (c?.resources ? { ...c, resources: effectiveResources(c.resources) } : c));
  const done = { ...spec, ...(spec.containers ? { containers: fix(spec.containers) } : {}), ...(spec.initContainers ? { initContainers: fix(spec.initContainers) } : {}) };
  if (o.kind === 'Pod') return { ...o, spec: done };
  if (o.spec.jobTemplate) return { ...o, spec: { ...o.spec, jobTemplate: { ...o.spec.jobTemplate, spec: { ...o.spec.jobTemplate.spec, template: { ...template, spec: done } } } } };
  return { ...o, spec: { ...o.spec, template: { ...template, spec: done } } };
}
