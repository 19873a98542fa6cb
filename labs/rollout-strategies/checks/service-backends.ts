import { matchesSelector, selectorFromMap, fail, pass, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * Where a Service really sends traffic: its ready EndpointSlice endpoints, traced back to their
 * Pods' labels. `k8s.endpoints` counts endpoints; this also says *which* Pods they are, which a
 * blue/green switch and a canary ratio are about.
 *
 * options:
 *   service  the Service's name (lab namespace)
 *   expect   [{ labels: { version: green }, count: 3 }, …]: how many endpoints each label set has
 *   only     true: every endpoint must match one of those label sets
 *   waitMs   how long to wait while the controllers are still converging (default 15000)
 */
interface Group {
  labels: Record<string, string>;
  count: number;
}

const labelText = (labels: Record<string, string>) => Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
const isReady = (p: any) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** A Deployment or ReplicaSet still creating, replacing or removing Pods. */
function converging(w: any): boolean {
  const s = w.status ?? {};
  const want = w.spec?.replicas ?? 1;
  return (s.observedGeneration ?? 0) < (w.metadata?.generation ?? 0) || (s.replicas ?? 0) !== want || (s.readyReplicas ?? 0) !== want;
}

async function evaluate(ctx: CheckContext, service: string, groups: Group[], only: boolean): Promise<Outcome & { settled: boolean }> {
  const view = ctx.kube();
  const ns = ctx.namespace;
  const svc = (await view.list('Service', { namespace: ns })).find((s) => s.metadata?.name === service);
  if (!svc) return { ...fail(`Service "${service}" in namespace ${ns} not found`, { expected: 'it exists', actual: 'not found' }), settled: true };
  const selector = selectorFromMap(svc.spec?.selector);
  const pods = await view.list('Pod', { namespace: ns });
  const byName = new Map(pods.map((p) => [p.metadata?.name, p]));
  const slices = (await view.list('EndpointSlice', { namespace: ns })).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === service);
  const backends = slices
    .flatMap((s) => s.endpoints ?? [])
    .filter((e: any) => e.conditions?.ready !== false && e.targetRef?.kind === 'Pod')
    .map((e: any) => ({ name: e.targetRef.name as string, labels: (byName.get(e.targetRef.name)?.metadata?.labels ?? {}) as Record<string, string> }));

  // Settled: the EndpointSlices list exactly the ready Pods the selector picks, and no workload is mid-change.
  const selected = selector ? pods.filter((p) => !p.metadata?.deletionTimestamp && matchesSelector(p.metadata?.labels, selector) && isReady(p)).map((p) => p.metadata.name).sort() : [];
  const listed = backends.map((b) => b.name).sort();
  const workloads = [...(await view.list('Deployment', { namespace: ns })), ...(await view.list('ReplicaSet', { namespace: ns }))];
  const settled = selected.join() === listed.join() && !workloads.some(converging);

  const counts = groups.map((g) => backends.filter((b) => Object.entries(g.labels).every(([k, v]) => b.labels[k] === v)).length);
  const others = backends.filter((b) => !groups.some((g) => Object.entries(g.labels).every(([k, v]) => b.labels[k] === v)));
  const where = `Service ${service}${selector ? ` (selector ${selector})` : ' (no selector)'} sends traffic to ${backends.length} Pod(s)`;
  const parts = groups.map((g, i) => `${counts[i]} labelled ${labelText(g.labels)}${counts[i] === g.count ? '' : ` (expected ${g.count})`}`);
  const wrongCounts = groups.some((g, i) => counts[i] !== g.count);
  const strays = only && others.length > 0;
  if (!wrongCounts && !strays) return { ...pass(`${where}: ${parts.join(', ')}`), settled };
  if (strays) {
    const shown = others.slice(0, 3).map((o) => o.name).join(', ') + (others.length > 3 ? ', …' : '');
    parts.push(`${others.length} not labelled ${groups.map((g) => labelText(g.labels)).join(' or ')} (${shown}), expected none`);
  }
  const expected = groups.map((g) => `${g.count} × ${labelText(g.labels)}`).join(', ') + (only ? ', nothing else' : '');
  return { ...fail(`${where}: ${parts.join(', ')}`, { expected, actual: parts.join(', ') }), settled };
}

export default async function serviceBackends(ctx: CheckContext, options: Record<string, unknown>): Promise<Outcome> {
  const service = String(options.service ?? '');
  const groups = (options.expect ?? []) as Group[];
  if (!service || !Array.isArray(groups) || groups.length === 0) throw new Error('service-backends needs options.service and options.expect');
  const only = options.only === true;
  const deadline = Date.now() + Number(options.waitMs ?? 15_000);
  for (;;) {
    const { settled, ...outcome } = await evaluate(ctx, service, groups, only);
    // A settled wrong state fails at once; while Pods and EndpointSlices still move, look again.
    if (outcome.status === 'pass' || settled || Date.now() >= deadline) return outcome;
    await new Promise((r) => setTimeout(r, 500));
    ctx.kube().invalidate();
  }
}
