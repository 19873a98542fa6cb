import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { matchesSelector, selectorFromMap } from '../engine/labels.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import type { KubeView } from '../environments/kube-view.ts';
import { pattern } from '../engine/pattern.ts';
import type { Assertion } from '../schemas/assertion.ts';
import { semanticOperatorOf, semanticOperators, type Related } from '../semantics/assertions.ts';
import { podSpecOf } from '../semantics/ports.ts';
import { imagePatternMatches } from '../semantics/image-reference.ts';
import { describeExtras, describeMatrix, extraGrants, grantsBeside, judgeMatrix, matrixVerbs } from '../semantics/rbac-matrix.ts';
import { podReadiness, type PodReadiness } from '../semantics/pod-readiness.ts';
import { selectorOf, selects } from '../semantics/label-selector.ts';
import { sourcesByName } from '../semantics/env.ts';

type ObjectRef = { kind: string; apiVersion?: string; name?: string; selector?: string; namespace?: string };

function describe(o: any): string {
  return `${o.kind} ${o.metadata?.name}`;
}

function refText(ref: ObjectRef, ns: string | undefined): string {
  const what = ref.name ? `${ref.kind} "${ref.name}"` : ref.selector ? `${ref.kind} with labels ${ref.selector}` : `any ${ref.kind}`;
  return ns ? `${what} in namespace ${ns}` : what;
}

/**
 * `kind: Namespace` with neither `name` nor `selector` means the lab namespace
 * itself, whose name differs per learner (`lab-<id>`, a workshop namespace…).
 */
function resolveRef(ref: ObjectRef, plural: string, ctx: CheckContext): ObjectRef {
  return plural === 'namespaces' && ref.kind === 'Namespace' && !ref.name && !ref.selector ? { ...ref, name: ctx.namespace } : ref;
}

async function findObjects(view: KubeView, given: ObjectRef, ctx: CheckContext): Promise<{ items: any[]; ns?: string; ref: ObjectRef }> {
  const resource = await view.resource(given.kind, given.apiVersion);
  const ref = resolveRef(given, resource.plural, ctx);
  const ns = resource.namespaced ? (ref.namespace ?? ctx.namespace) : undefined;
  const all = await view.list(ref.kind, { apiVersion: ref.apiVersion, namespace: ns });
  const items = all.filter(
    (o) => (!ref.name || o.metadata?.name === ref.name) && (!ref.selector || matchesSelector(o.metadata?.labels, ref.selector)),
  );
  return { items, ns, ref };
}

export async function k8sObject(check: CheckOf<'k8s.object'>, ctx: CheckContext): Promise<Outcome> {
  const { items, ns, ref } = await findObjects(ctx.kube(), check, ctx);
  const retry = !!check.within;
  if (check.count !== undefined && items.length !== check.count) {
    return fail(`expected ${check.count} × ${refText(ref, ns)}, found ${items.length}`, { expected: String(check.count), actual: String(items.length), retry });
  }
  if (check.minCount !== undefined && items.length < check.minCount) {
    return fail(`expected at least ${check.minCount} × ${refText(ref, ns)}, found ${items.length}`, { expected: `≥ ${check.minCount}`, actual: String(items.length), retry });
  }
  if (items.length === 0 && check.count === undefined && check.minCount === undefined) {
    return fail(`${refText(ref, ns)} not found`, { expected: 'it exists', actual: 'not found', retry });
  }
  const related = items.length ? await relatedObjects(ctx.kube(), ns ?? ctx.namespace, check.expect) : undefined;
  for (const o of items) {
    for (const a of check.expect) {
      const r = evaluateAssertion(o, a, related, check.expect);
      if (!r.ok) return fail(`${describe(o)}${r.verbPhrase ? ' ' : ': '}${r.message}`, { expected: r.expected, actual: r.actual, retry });
    }
  }
  // `count: 0` passing (the learner deleted something): there are no names to list.
  if (items.length === 0) return pass(`${refText(ref, ns)}: none found, as expected`);
  const names = items.map((o) => o.metadata?.name).join(', ');
  return pass(check.expect.length ? `${check.kind} ${names}: ${check.expect.length} field(s) as expected` : `${check.kind} ${names} exists`);
}

const podOwners = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

/** The objects semantic assertions read beside the subject (checker/semantics/assertions.ts), fetched only when one needs them. */
async function relatedObjects(view: KubeView, ns: string, expect: Assertion[]): Promise<Related | undefined> {
  const needs = new Set(expect.flatMap((a) => {
    const op = semanticOperatorOf(a);
    return op ? [...semanticOperators[op].needs] : [];
  }));
  if (needs.size === 0) return undefined;
  const related: Related = {};
  if (needs.has('pods')) {
    // Pods a controller owns speak through their owner's template (a rollout's old Pods keep an old spec).
    const pods = (await view.list('Pod', { namespace: ns }))
      .filter((p) => !p.metadata?.deletionTimestamp && !(p.metadata?.ownerReferences ?? []).length)
      .map((p) => ({ from: `Pod ${p.metadata?.name}`, labels: p.metadata?.labels ?? {}, spec: p.spec ?? {} }));
    const templates = [];
    for (const kind of podOwners) {
      // A Deployment's ReplicaSets (old ones keep old templates) and a CronJob's Jobs speak through their owner.
      for (const w of await view.list(kind, { namespace: ns })) {
        if ((w.metadata?.ownerReferences ?? []).length) continue;
        const t = podSpecOf({ ...w, kind });
        if (t) templates.push({ from: `the Pod template of ${kind} ${w.metadata?.name}`, labels: t.labels, spec: t.spec });
      }
    }
    related.pods = [...templates, ...pods];
  }
  if (needs.has('services')) related.services = await view.list('Service', { namespace: ns });
  if (needs.has('networkPolicies')) related.networkPolicies = await view.list('NetworkPolicy', { namespace: ns });
  if (needs.has('envSources')) {
    const [configMaps, secrets] = await Promise.all([view.list('ConfigMap', { namespace: ns }), view.list('Secret', { namespace: ns })]);
    related.envSources = sourcesByName(configMaps, secrets);
  }
  if (needs.has('namespaceLabels')) {
    const own = (await view.list('Namespace', {})).find((n) => n.metadata?.name === ns);
    related.namespaceLabels = { 'kubernetes.io/metadata.name': ns, ...(own?.metadata?.labels ?? {}) };
  }
  return related;
}

/** Evaluate `judge` on every object the reference matches; the first non-pass wins. */
async function forEachObject(given: ObjectRef, ctx: CheckContext, judge: (o: any) => Outcome): Promise<Outcome> {
  const { items, ns, ref } = await findObjects(ctx.kube(), given, ctx);
  if (items.length === 0) return fail(`${refText(ref, ns)} not found`, { expected: 'it exists', actual: 'not found' });
  const outcomes = items.map(judge);
  return outcomes.find((o) => o.status !== 'pass') ?? (outcomes.length === 1 ? outcomes[0] : pass(outcomes.map((o) => o.message).join('; ')));
}

export function k8sCondition(check: CheckOf<'k8s.condition'>, ctx: CheckContext): Promise<Outcome> {
  return forEachObject(check, ctx, (object) => conditionOf(object, check));
}

function conditionOf(object: any, check: CheckOf<'k8s.condition'>): Outcome {
  const cond = (object.status?.conditions ?? []).find((c: any) => c.type === check.condition);
  const want = `${check.condition}=${check.status}${check.reason ? ` (${check.reason})` : ''}`;
  if (!cond) return fail(`${describe(object)} has no ${check.condition} condition yet`, { expected: want, actual: 'no such condition', retry: true });
  const got = `${check.condition}=${cond.status}${cond.reason ? ` (${cond.reason})` : ''}`;
  if (cond.status !== check.status || (check.reason && cond.reason !== check.reason)) {
    return fail(`${describe(object)}: condition ${got}${cond.message ? `: ${cond.message}` : ''}`, { expected: want, actual: got, retry: true });
  }
  return pass(`${describe(object)}: ${got}`);
}

export async function k8sReady(check: CheckOf<'k8s.ready'>, ctx: CheckContext): Promise<Outcome> {
  const view = ctx.kube();
  const { items, ns, ref } = await findObjects(view, check, ctx);
  if (items.length === 0) return fail(`${refText(ref, ns)} not found`, { expected: 'it exists', actual: 'not found' });
  // A workload counts its Pods itself: its readyReplicas include a crash-looping container's moment of being Ready.
  const pods = items.some((o) => o.kind !== 'Pod') ? await view.list('Pod', { namespace: ns }) : [];
  const now = Date.now();
  const outcomes = items.map((o) => readinessOf(o, pods, now));
  return outcomes.find((o) => o.status !== 'pass') ?? (outcomes.length === 1 ? outcomes[0]! : pass(outcomes.map((o) => o.message).join('; ')));
}

function podOutcome(pod: any, now: number): Outcome {
  const r = podReadiness(pod, now);
  if (r.steady) return pass(`Pod ${pod.metadata.name} is Ready`);
  return fail(r.why ?? `Pod ${pod.metadata.name} is not Ready`, { expected: 'Ready', actual: r.state, retry: true, ...(r.settlesInMs !== undefined ? { settlesInMs: r.settlesInMs } : {}) });
}

function readinessOf(object: any, allPods: any[], now: number): Outcome {
  if (object.kind === 'Pod') return podOutcome(object, now);
  const s = object.status ?? {};
  let desired: number;
  let ready: number;
  if (object.kind === 'DaemonSet') {
    desired = s.desiredNumberScheduled ?? 0;
    ready = s.numberReady ?? 0;
  } else {
    desired = object.spec?.replicas ?? 1;
    ready = s.readyReplicas ?? 0;
  }
  const selector = selectorOf(object);
  const pods = selector === undefined ? [] : allPods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && selects(selector, p.metadata?.labels));
  const judged = pods.map((p) => ({ pod: p, readiness: podReadiness(p, now) }));
  // The first Pod that does not count, crashes before the merely young: what the learner should look at.
  const firstTrouble = judged.find((j) => !j.readiness.steady && j.readiness.settlesInMs === undefined) ?? judged.find((j) => !j.readiness.steady);
  const observed = (object.metadata?.generation ?? 0) <= (s.observedGeneration ?? 0);
  // A Deployment mid-rollout still has old replicas: done only when every replica is updated (as `kubectl rollout status`).
  const updated = object.kind !== 'Deployment' || ((s.updatedReplicas ?? 0) >= desired && (s.replicas ?? 0) <= (s.updatedReplicas ?? 0));
  if (!(observed && updated && ready >= desired)) {
    const why = firstTrouble?.readiness.why ? `; ${firstTrouble.readiness.why}` : '';
    return fail(`${describe(object)}: ${ready}/${desired} replicas ready${updated ? '' : `, ${s.updatedReplicas ?? 0} updated`}${observed ? '' : ', but the controller has not processed the latest change yet'}${why}`, {
      expected: `${desired} ready`,
      actual: `${ready} ready`,
      retry: true,
    });
  }
  if (selector === undefined || desired === 0) return pass(`${describe(object)}: ${ready}/${desired} replicas ready`);
  const steady = judged.filter((j) => j.readiness.steady).length;
  if (steady >= desired) return pass(`${describe(object)}: ${ready}/${desired} replicas ready`);
  const young = judged.filter((j) => j.readiness.settlesInMs !== undefined);
  const settlesInMs = steady + young.length >= desired && young.length ? Math.max(...young.map((j) => j.readiness.settlesInMs!)) : undefined;
  return fail(`${describe(object)}: ${steady}/${desired} replicas have stayed ready${firstTrouble?.readiness.why ? `: ${firstTrouble.readiness.why}` : ''}`, {
    expected: `${desired} ready`,
    actual: `${steady} ready${firstTrouble ? ` (${firstTrouble.readiness.state})` : ''}`,
    retry: true,
    ...(settlesInMs !== undefined ? { settlesInMs } : {}),
  });
}

export async function k8sEndpoints(check: CheckOf<'k8s.endpoints'>, ctx: CheckContext): Promise<Outcome> {
  const view = ctx.kube();
  const ns = check.namespace ?? ctx.namespace;
  const services = await view.list('Service', { namespace: ns });
  const svc = services.find((s) => s.metadata?.name === check.service);
  if (!svc) return fail(`Service "${check.service}" in namespace ${ns} not found`, { expected: 'it exists', actual: 'not found' });
  const selector = selectorFromMap(svc.spec?.selector);
  const slices = (await view.list('EndpointSlice', { namespace: ns })).filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === check.service);
  const readyEndpoints = slices.flatMap((s) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready !== false);
  const ready = readyEndpoints.length;
  if (check.maxEndpoints !== undefined && ready > check.maxEndpoints) return tooManyEndpoints(check, ready, selector, ctx);
  if (ready >= check.minEndpoints) {
    const unsteady = await unsteadyEndpoints(check, readyEndpoints, ns, ctx);
    if (unsteady) return unsteady;
    return pass(`Service ${check.service} has ${ready} ready endpoint(s)${check.maxEndpoints !== undefined ? `, at most ${check.maxEndpoints} as expected` : ''}`);
  }
  if (!selector) {
    return fail(`Service ${check.service} has no selector, so it selects no Pods`, { expected: `≥ ${check.minEndpoints} ready endpoints`, actual: 'no selector' });
  }
  const pods = (await view.list('Pod', { namespace: ns })).filter((p) => matchesSelector(p.metadata?.labels, selector));
  const readyPods = pods.filter((p) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
  // Waiting helps only if matching Pods are still becoming ready, the EndpointSlice controller lags
  // behind ready Pods, or a workload whose template matches will create Pods.
  let coming = readyPods.length < pods.length || readyPods.length > ready;
  if (!coming) {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const workloads = await view.list(kind, { namespace: ns });
      if (workloads.some((w) => matchesSelector(w.spec?.template?.metadata?.labels, selector))) coming = true;
    }
  }
  const detail = pods.length === 0 ? `its selector ${selector} matches no Pods` : `its selector ${selector} matches ${pods.length} Pod(s), ${readyPods.length} ready`;
  return fail(`Service ${check.service} has ${ready} ready endpoint(s): ${detail}`, { expected: `≥ ${check.minEndpoints} ready endpoints`, actual: String(ready), retry: coming });
}

/**
 * Enough ready endpoints, but are their Pods staying Ready? A crash-looping container is an
 * endpoint for a moment after each start, as it is Ready (semantics/pod-readiness.ts): an
 * endpoint counts once its Pod has stayed Ready. Endpoints that name no Pod here count as they are.
 */
async function unsteadyEndpoints(check: CheckOf<'k8s.endpoints'>, endpoints: any[], ns: string, ctx: CheckContext): Promise<Outcome | undefined> {
  const pods = await ctx.kube().list('Pod', { namespace: ns });
  const now = Date.now();
  const judged = endpoints
    .map((e) => (e.targetRef?.kind === 'Pod' ? pods.find((p) => p.metadata?.name === e.targetRef.name) : undefined))
    .map((pod) => (pod ? podReadiness(pod, now) : undefined));
  const steady = judged.filter((r) => r === undefined || r.steady).length;
  if (steady >= check.minEndpoints) return undefined;
  const unsteady = judged.filter((r): r is PodReadiness => r !== undefined && !r.steady);
  const young = unsteady.filter((r) => r.settlesInMs !== undefined);
  const trouble = unsteady.find((r) => r.settlesInMs === undefined) ?? unsteady[0]!;
  const settlesInMs = steady + young.length >= check.minEndpoints ? Math.max(...young.map((r) => r.settlesInMs!)) : undefined;
  return fail(`Service ${check.service} has ${endpoints.length} ready endpoint(s), ${steady} of them on a Pod that has stayed Ready: ${trouble.why ?? trouble.state}`, {
    expected: `≥ ${check.minEndpoints} ready endpoints`,
    actual: `${steady} steady (${trouble.state})`,
    retry: true,
    ...(settlesInMs !== undefined ? { settlesInMs } : {}),
  });
}

/** More ready endpoints than `maxEndpoints`: a Pod that should be kept out of the Service's traffic still gets it. */
async function tooManyEndpoints(check: CheckOf<'k8s.endpoints'>, ready: number, selector: string | undefined, ctx: CheckContext): Promise<Outcome> {
  const ns = check.namespace ?? ctx.namespace;
  const pods = selector ? (await ctx.kube().list('Pod', { namespace: ns })).filter((p) => matchesSelector(p.metadata?.labels, selector)) : [];
  const readyPods = pods.filter((p) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
  const detail = pods.length && readyPods.length === pods.length
    ? `all ${pods.length} Pod(s) its selector ${selector} matches are Ready, so none is kept out of its traffic`
    : `its selector ${selector ?? '(none)'} matches ${pods.length} Pod(s), ${readyPods.length} ready`;
  // A readiness probe takes failureThreshold × periodSeconds to take a Pod out: waiting can help.
  return fail(`Service ${check.service} has ${ready} ready endpoint(s), expected at most ${check.maxEndpoints}: ${detail}`, {
    expected: `≤ ${check.maxEndpoints} ready endpoints`,
    actual: String(ready),
    retry: true,
  });
}

export async function k8sRollout(check: CheckOf<'k8s.rollout'>, ctx: CheckContext): Promise<Outcome> {
  const view = ctx.kube();
  const ns = check.namespace ?? ctx.namespace;
  const dep = (await view.list('Deployment', { namespace: ns })).find((d) => d.metadata?.name === check.deployment);
  if (!dep) return fail(`Deployment "${check.deployment}" in namespace ${ns} not found`, { expected: 'it exists', actual: 'not found' });
  const owned = (await view.list('ReplicaSet', { namespace: ns }))
    .filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o: any) => o.uid === dep.metadata.uid))
    .map((rs) => ({ rs, revision: Number(rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0) }))
    .sort((a, b) => b.revision - a.revision);
  const revision = Number(dep.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  // Waiting helps only while the controller is still rolling out; a settled Deployment changes only when the learner acts.
  const s = dep.status ?? {};
  const desired = dep.spec?.replicas ?? 1;
  const settled = (s.observedGeneration ?? 0) >= (dep.metadata?.generation ?? 0) && (s.updatedReplicas ?? 0) >= desired && (s.replicas ?? 0) <= (s.updatedReplicas ?? 0);
  const retry = !settled;
  const imageOf = (spec: any) => {
    const containers = spec?.template?.spec?.containers ?? [];
    return (check.container ? containers.find((c: any) => c.name === check.container) : containers[0])?.image as string | undefined;
  };
  if (check.minRevision !== undefined && revision < check.minRevision) {
    return fail(`Deployment ${check.deployment} is at revision ${revision}, expected revision ${check.minRevision} or later (each rollout and each undo adds one)`, {
      expected: `revision ≥ ${check.minRevision}`,
      actual: `revision ${revision}`,
      retry,
    });
  }
  const current = imageOf(dep.spec);
  const containerText = check.container ? `container ${check.container}` : 'the first container';
  if (check.image && !(current && imagePatternMatches(pattern(check.image), current))) {
    return fail(`Deployment ${check.deployment}: ${containerText} runs image ${current ?? 'none'}, expected one matching /${check.image}/`, { expected: `/${check.image}/`, actual: current ?? 'none', retry });
  }
  if (check.historyImage) {
    const history = owned.map((o) => imageOf(o.rs.spec)).filter(Boolean) as string[];
    if (!history.some((i) => imagePatternMatches(pattern(check.historyImage!), i))) {
      return fail(`Deployment ${check.deployment}: no revision ran an image matching /${check.historyImage}/ (revisions ran: ${history.join(', ') || 'none'})`, {
        expected: `/${check.historyImage}/ in the rollout history`,
        actual: history.join(', ') || 'no revisions',
        retry,
      });
    }
  }
  return pass(`Deployment ${check.deployment} at revision ${revision} with image ${current}`);
}

export async function k8sCan(check: CheckOf<'k8s.can'>, ctx: CheckContext): Promise<Outcome> {
  const api = ctx.kube().api;
  const namespace = check.namespace === '*' ? '' : (check.namespace ?? ctx.namespace);
  let user = check.user!;
  let groups = check.groups ?? [];
  let who = `user ${user}`;
  if (check.serviceAccount) {
    const sa = check.serviceAccount;
    const [saNs, saName] = sa.includes(':') ? sa.split(':', 2) : [ctx.namespace, sa];
    user = `system:serviceaccount:${saNs}:${saName}`;
    groups = ['system:serviceaccounts', `system:serviceaccounts:${saNs}`, 'system:authenticated', ...groups];
    who = `ServiceAccount ${saNs}/${saName}`;
  }
  const askAbout = async (verb: string, group: string, path: string, name?: string): Promise<boolean> => {
    const [resource, subresource] = path.split('/');
    const review = await api.send<any>('POST', '/apis/authorization.k8s.io/v1/subjectaccessreviews', {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user,
        groups,
        resourceAttributes: { namespace, verb, group, resource, ...(subresource ? { subresource } : {}), ...(name ? { name } : {}) },
      },
    });
    return review.status?.allowed === true;
  };
  const ask = (verb: string) => askAbout(verb, check.group, check.resource, check.name);
  const target = `${check.group ? `${check.resource}.${check.group}` : check.resource}${namespace ? ` in namespace ${namespace}` : ' cluster-wide'}`;
  if (check.verbs) {
    const verbs = matrixVerbs(check.verbs);
    const answers = Object.fromEntries(await Promise.all(verbs.map(async (v) => [v, await ask(v)] as const)));
    const verdict = judgeMatrix(check.verbs, answers);
    const message = `${who} ${describeMatrix(verdict, check.verbs, target)}`;
    const expected = `exactly: ${check.verbs.join(', ') || 'nothing'}`;
    // RBAC reaches the authorizer through a watch: a binding written a moment ago may not count yet (retry).
    if (!verdict.ok) return fail(message, { expected, actual: verdict.allowed.join(', ') || 'nothing', retry: true });
    if (!check.nothingElse) return pass(message);
    // Nothing else: the grants beside this resource that matter, each one cell the API server answers.
    const beside = grantsBeside(check.group, check.resource);
    const cells = beside.flatMap((g) => g.verbs.map((verb) => `${verb} ${g.group}/${g.resource}`));
    const besideAnswers = await Promise.all(beside.flatMap((g) => g.verbs.map((verb) => askAbout(verb, g.group, g.resource))));
    const held = new Set(cells.filter((_, i) => besideAnswers[i]));
    const extras = extraGrants(beside, (group, resource, verb) => held.has(`${verb} ${group}/${resource}`));
    if (extras.length === 0) return pass(`${message}, and nothing else that matters (${cells.length} other grants denied)`);
    const resourceText = check.group ? `${check.resource}.${check.group}` : check.resource;
    return fail(`${who} ${describeExtras(extras, namespace ? `in namespace ${namespace}` : 'cluster-wide', check.verbs, resourceText)}`, {
      expected: `nothing beside ${resourceText}`,
      actual: extras.map((g) => `${g.verbs.join(', ')} ${g.resource}`).join('; '),
      retry: true,
    });
  }
  const verb = check.verb!;
  const allowed = await ask(verb);
  const action = `${verb} ${target}`;
  const verdict = (a: boolean) => (a ? 'allowed' : 'denied');
  if (allowed === check.allowed) return pass(`${who} may ${check.allowed ? '' : 'not '}${action}`);
  return fail(`${who} ${allowed ? 'can' : 'cannot'} ${action}: ${verdict(allowed)}, expected ${verdict(check.allowed)}`, { expected: verdict(check.allowed), actual: verdict(allowed), retry: true });
}

export async function k8sEvent(check: CheckOf<'k8s.event'>, ctx: CheckContext): Promise<Outcome> {
  const ns = check.namespace ?? ctx.namespace;
  const events = await ctx.kube().list('Event', { namespace: ns });
  const about = (e: any) =>
    (!check.involvedKind || e.involvedObject?.kind === check.involvedKind) && (!check.involvedName || e.involvedObject?.name === check.involvedName);
  const found = events.find((e) => e.reason === check.reason && about(e) && (!check.messageMatches || pattern(check.messageMatches).test(e.message ?? '')));
  const target = [check.involvedKind, check.involvedName].filter(Boolean).join(' ') || 'any object';
  if (found) return pass(`event ${check.reason} on ${found.involvedObject?.kind} ${found.involvedObject?.name}: ${found.message ?? ''}`.trim());
  const reasons = [...new Set(events.filter(about).map((e) => e.reason))];
  return fail(`no ${check.reason} event${check.messageMatches ? ` with a message matching /${check.messageMatches}/` : ''} for ${target} in namespace ${ns}${reasons.length ? ` (seen: ${reasons.join(', ')})` : ''}`, { expected: check.reason, actual: reasons.join(', ') || 'no events', retry: true });
}
