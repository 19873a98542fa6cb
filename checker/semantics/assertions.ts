/**
 * Assertions that judge what an object does, not how it is spelled: the semantic
 * operators of `expect:` lists (`image`, `selects`/`notSelects`, `reachesPort`,
 * `routes`) and the `decoded` reading of Secret data. Each message says what the
 * learner's object does ("selects no Pods labelled app=web: it selects tier=frontend").
 */
import { describeLabels, describeSelector, readSelector, selectorOf, selects, type Labels, type Selector } from './label-selector.ts';
import { imageMatches, canonicalImage } from './image-reference.ts';
import { describePort, podSpecOf, probePort, resolvePort, type Container } from './ports.ts';
import { describeBackend, hostMatches, route } from './ingress-routing.ts';
import { decodeSecretValue } from './secret-value.ts';
import { scaleDownLimit } from './hpa-behavior.ts';
import { describeSurge, describeUnavailable, rollingUpdateLimits } from './rolling-update.ts';
import { describeVolume, mountAt, mountedSubPath, mountReadOnly, presentsKeys, volumeForms } from './volumes.ts';
import { getPath } from '../engine/path.ts';
import { describeTraffic, judgeTraffic, type Traffic } from './network-policy.ts';
import { describeCapabilities, effectiveCapabilities, privilegeEscalation } from './capabilities.ts';
import { pid1Is, pid1Of } from './pid1.ts';
import { judgeEnv, type EnvSources } from './env.ts';
import { pattern } from '../engine/pattern.ts';

/** Objects beside the subject some operators need; a check that has none leaves them undefined. */
export interface Related {
  /** Pods and workload Pod templates in the namespace: where a Service's traffic can go. */
  pods?: Array<{ from: string; labels: Labels; spec: any }>;
  /** Services in the namespace: an Ingress backend may name a Service port. */
  services?: any[];
  /** NetworkPolicies of the namespace: they add up, so `allows`/`denies` read them all. */
  networkPolicies?: any[];
  /** Labels of the namespace (for namespaceSelector). */
  namespaceLabels?: Labels;
  /** ConfigMaps and Secrets of the namespace by name: where a container's variables take their values. */
  envSources?: EnvSources;
}

export interface SemanticOutcome {
  ok: boolean;
  message: string;
  expected: string;
  actual: string;
  /** The message reads on from the object's name ("Service web selects …"), not after a colon. */
  verbPhrase?: boolean;
}

/** The semantic operators, each with the objects it needs from the cluster: the one list the engine reads. */
export const semanticOperators = {
  image: { needs: [] },
  selects: { needs: [] },
  notSelects: { needs: [] },
  reachesPort: { needs: ['pods'] },
  routes: { needs: ['services'] },
  presentsFiles: { needs: [] },
  scalesDownAtMost: { needs: [] },
  rollingUpdate: { needs: [] },
  mounts: { needs: [] },
  capabilities: { needs: [] },
  pid1: { needs: [] },
  env: { needs: ['envSources'] },
  allows: { needs: ['pods', 'networkPolicies', 'namespaceLabels'] },
  denies: { needs: ['pods', 'networkPolicies', 'namespaceLabels'] },
} as const satisfies Record<string, { needs: ReadonlyArray<keyof Related> }>;
export type SemanticOperator = keyof typeof semanticOperators;

export function semanticOperatorOf(a: object): SemanticOperator | undefined {
  return (Object.keys(semanticOperators) as SemanticOperator[]).find((k) => k in a && (a as any)[k] !== undefined);
}

export interface SemanticAssertion {
  image?: string;
  selects?: Labels;
  notSelects?: Labels;
  reachesPort?: number;
  routes?: { host: string; path: string; to: { service: string; port: number | string } | 'nowhere' };
  presentsFiles?: string[];
  scalesDownAtMost?: { pods: number; perSeconds: number };
  rollingUpdate?: { maxSurge?: number; maxUnavailable?: number };
  mounts?: { path: string; from: Record<string, unknown>; readOnly?: boolean; sameVolumeAs?: { container: string; path: string } };
  allows?: Traffic;
  denies?: Traffic;
  capabilities?: { exactly: string[]; privilegeEscalation?: boolean };
  pid1?: string;
  env?: { name: string; equals?: string | number | boolean; matches?: string; from?: { configMap: string; key?: string } | { secret: string; key?: string } };
}

/** Base64 `data` of a Secret read as the Pod sees it; other rules then apply to the text. */
export function decodeForAssertion(value: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  const d = decodeSecretValue(value);
  return d.ok ? { ok: true, value: d.text } : { ok: false, reason: d.reason };
}

export function evaluateSemantic(subject: any, a: SemanticAssertion, at: { path: string; value: unknown; field: string }, related?: Related): SemanticOutcome {
  if (a.image !== undefined) return imageOutcome(at, a.image);
  if (a.selects !== undefined || a.notSelects !== undefined) return selectsOutcome(subject, at, a);
  if (a.reachesPort !== undefined) return reachesPortOutcome(subject, at, a.reachesPort, related);
  if (a.routes !== undefined) return routesOutcome(subject, a.routes, related);
  if (a.presentsFiles !== undefined) return presentsFilesOutcome(at, a.presentsFiles);
  if (a.scalesDownAtMost !== undefined) return scalesDownOutcome(subject, a.scalesDownAtMost);
  if (a.rollingUpdate !== undefined) return rollingUpdateOutcome(at, a.rollingUpdate);
  if (a.mounts !== undefined) return mountsOutcome(subject, at, a.mounts);
  if (a.capabilities !== undefined) return capabilitiesOutcome(at, a.capabilities);
  if (a.pid1 !== undefined) return pid1Outcome(at, a.pid1);
  if (a.env !== undefined) return envOutcome(at, a.env, related);
  if (a.allows !== undefined) return trafficOutcome(a.allows, true, related);
  if (a.denies !== undefined) return trafficOutcome(a.denies, false, related);
  throw new Error('no semantic operator in this assertion');
}

function imageOutcome(at: { value: unknown; field: string }, expected: string): SemanticOutcome {
  const actual = typeof at.value === 'string' ? at.value : undefined;
  if (!actual) return { ok: false, message: `${at.field} is not set, expected image ${expected}`, expected, actual: 'not set' };
  const ok = imageMatches(actual, expected);
  const full = canonicalImage(actual);
  const spelled = full === actual ? `"${actual}"` : `"${actual}" (${full})`;
  return { ok, expected, actual, message: ok ? `${at.field} is ${spelled}` : `${at.field} is ${spelled}, which is not ${expected}` };
}

function selectsOutcome(subject: any, at: { path: string; value: unknown }, a: SemanticAssertion): SemanticOutcome {
  let selector: Selector | undefined = at.path ? readSelector(at.value, { emptySelectsAll: subject?.kind !== 'Service' }) : selectorOf(subject);
  if (selector === undefined) throw new Error(`a ${subject?.kind ?? 'value'} has no Pod selector: give the selector's path for selects/notSelects`);
  const now = describeSelector(selector);
  if (a.selects) {
    const labels = describeLabels(a.selects);
    if (!selects(selector, a.selects)) {
      return { ok: false, verbPhrase: true, expected: `selects ${labels}`, actual: now, message: `selects no Pods labelled ${labels}: it selects ${now}` };
    }
  }
  if (a.notSelects) {
    const labels = describeLabels(a.notSelects);
    if (selects(selector, a.notSelects)) {
      return { ok: false, verbPhrase: true, expected: `does not select ${labels}`, actual: now, message: `also selects Pods labelled ${labels}: it selects ${now}` };
    }
  }
  const what = [a.selects ? `Pods labelled ${describeLabels(a.selects)}` : '', a.notSelects ? `not ${describeLabels(a.notSelects)}` : ''].filter(Boolean).join(' and ');
  return { ok: true, verbPhrase: true, expected: what, actual: now, message: `selects ${what} (${now})` };
}

function reachesPortOutcome(subject: any, at: { path: string; value: unknown; field: string }, expected: number, related?: Related): SemanticOutcome {
  const want = String(expected);
  if (subject?.kind === 'Service') {
    if (!related?.pods) throw new Error('reachesPort on a Service reads the Pods it selects: use it in a k8s.object check');
    const entry: any = at.path ? at.value : subject.spec?.ports?.[0];
    if (!entry || typeof entry !== 'object') return { ok: false, message: `${at.field || 'spec.ports'} is not set: the Service forwards no port`, expected: want, actual: 'no port' };
    const target = entry.targetPort ?? entry.port;
    const selector = selectorOf(subject) ?? null;
    const selected = related.pods.filter((p) => selects(selector, p.labels));
    const name = `port ${entry.port}`;
    if (selected.length === 0) {
      return { ok: false, verbPhrase: true, expected: want, actual: 'no Pods', message: `sends ${name} nowhere: it selects ${describeSelector(selector)}, which no Pod or Pod template here carries` };
    }
    for (const p of selected) {
      const r = resolvePort(target, p.spec?.containers ?? []);
      if (!r.ok) return { ok: false, verbPhrase: true, expected: want, actual: String(target), message: `sends ${name} to targetPort ${describePort(target)}, which reaches nothing in ${p.from}: it ${r.reason}` };
      if (r.port !== expected) {
        return { ok: false, verbPhrase: true, expected: want, actual: String(r.port), message: `sends ${name} to port ${r.port} of ${p.from}${r.name ? ` (targetPort "${r.name}")` : ''}, expected port ${expected}` };
      }
    }
    return { ok: true, verbPhrase: true, expected: want, actual: want, message: `sends ${name} to port ${expected} of ${selected.map((p) => p.from).join(', ')}` };
  }
  const pod = podSpecOf(subject);
  const containers: Container[] = [...(pod?.spec?.containers ?? []), ...(pod?.spec?.initContainers ?? [])];
  const value: any = at.value;
  const port = value && typeof value === 'object' ? probePort(value) : value;
  const field = at.field || 'the port';
  const r = resolvePort(port, containers);
  if (!r.ok) return { ok: false, expected: want, actual: port === undefined ? 'not set' : String(port), message: port === undefined ? `${field} checks no port, expected port ${expected}` : `${field} ${r.reason}` };
  const ok = r.port === expected;
  const shown = describePort(port, r);
  return { ok, expected: want, actual: String(r.port), message: ok ? `${field} reaches port ${shown}` : `${field} reaches port ${shown}, expected port ${expected}` };
}

function routesOutcome(subject: any, want: NonNullable<SemanticAssertion['routes']>, related?: Related): SemanticOutcome {
  const url = `http://${want.host}${want.path}`;
  const r = route(subject, want.host, want.path);
  if (want.to === 'nowhere') {
    if (!r) return { ok: true, verbPhrase: true, expected: 'nowhere', actual: 'nowhere', message: `sends ${url} nowhere` };
    const reason = r.via.startsWith('any host')
      ? ': a rule without a host serves every host'
      : r.via === 'the default backend'
        ? ': a default backend answers whatever no rule matches'
        : r.via.startsWith('host *.')
          ? ': a wildcard host covers it'
          : '';
    return { ok: false, verbPhrase: true, expected: 'nowhere', actual: describeBackend(r.backend), message: `also answers ${url}, sending it to ${describeBackend(r.backend)} (${r.via})${reason}; expected only its own host` };
  }
  const to = want.to;
  const expected = `Service ${to.service} port ${to.port}`;
  if (!r) {
    // No rule for the host at all (not a path that misses): name the hosts it has, e.g. one spelt without the namespace.
    const hosts = [...new Set<string>((subject?.spec?.rules ?? []).map((rule: any) => rule?.host ?? '*'))];
    const other = hosts.length && !hosts.some((h) => hostMatches(h === '*' ? undefined : h, want.host)) ? ` (its rules are for ${hosts.join(', ')}, not ${want.host})` : '';
    return { ok: false, verbPhrase: true, expected, actual: 'nowhere', message: `sends ${url} nowhere: no rule matches it${other} and there is no default backend, expected ${expected}` };
  }
  const b = r.backend;
  const portOf = (svcName: string | undefined, port: number | string | undefined): number | string | undefined => {
    if (typeof port !== 'string' || /^\d+$/.test(port)) return port === undefined ? undefined : Number(port);
    const svc = related?.services?.find((s) => s.metadata?.name === svcName);
    return svc?.spec?.ports?.find((p: any) => p.name === port)?.port ?? port;
  };
  const gotPort = portOf(b.service, b.port);
  const wantPort = portOf(to.service, to.port);
  const ok = b.service === to.service && String(gotPort) === String(wantPort);
  const got = describeBackend(b) + (gotPort !== b.port ? ` (${gotPort})` : '');
  return { ok, verbPhrase: true, expected, actual: got, message: ok ? `sends ${url} to ${got} (${r.via})` : `sends ${url} to ${got} (${r.via}), expected ${expected}` };
}

/**
 * The files a Secret or ConfigMap volume (or a projected one) puts in its mount: every key of its
 * source, unless `items` picks some (then only those, at their `path`). The source's keys themselves
 * are another check's business: without `items`, every wanted file counts as present.
 */
function presentsFilesOutcome(at: { value: unknown; field: string }, wanted: string[]): SemanticOutcome {
  const volume: any = at.value;
  const field = at.field || 'the volume';
  const expected = wanted.join(', ');
  if (!volume || typeof volume !== 'object') return { ok: false, expected, actual: 'not set', message: `${field} is not set, expected a volume presenting ${expected}` };
  const sources: any[] = volume.projected ? (volume.projected.sources ?? []).map((s: any) => s.secret ?? s.configMap).filter(Boolean) : [volume.secret ?? volume.configMap].filter(Boolean);
  if (sources.length === 0) return { ok: false, expected, actual: 'no Secret or ConfigMap', message: `${field} takes its files from no Secret or ConfigMap, expected ${expected}` };
  if (sources.some((s) => !s.items)) return { ok: true, expected, actual: 'every key', message: `${field} presents every key of its source` };
  const present = sources.flatMap((s) => (s.items ?? []).map((i: any) => i.path));
  const missing = wanted.filter((w) => !present.includes(w));
  if (missing.length === 0) return { ok: true, expected, actual: present.join(', '), message: `${field} presents ${present.join(', ')}` };
  return { ok: false, expected, actual: present.join(', ') || 'no files', message: `${field} presents only ${present.join(', ') || 'no files'}: its items leave out ${missing.join(', ')}` };
}

/** An HPA removes at most `pods` Pods per `perSeconds` (at its maxReplicas), as the controller combines its policies; and it does scale down. */
function scalesDownOutcome(hpa: any, want: { pods: number; perSeconds: number }): SemanticOutcome {
  const replicas = Number(hpa?.spec?.maxReplicas ?? 1);
  const limit = scaleDownLimit(hpa, replicas, want.perSeconds);
  const expected = `at most ${want.pods} Pod(s) per ${want.perSeconds} s`;
  const actual = `${limit.pods} per ${want.perSeconds} s`;
  if (limit.pods === 0) return { ok: false, verbPhrase: true, expected, actual, message: `never scales down (${limit.by}), expected ${expected}` };
  const ok = limit.pods <= want.pods;
  const message = `scales down by up to ${limit.pods} Pod(s) per ${want.perSeconds} s at ${replicas} replicas (${limit.by})${ok ? '' : `, expected ${expected}`}`;
  return { ok, verbPhrase: true, expected, actual, message };
}

/** A Deployment (at `path`, default the subject) rolls out within these Pod counts, as the controller resolves its limits. */
function rollingUpdateOutcome(at: { value: unknown }, want: NonNullable<SemanticAssertion['rollingUpdate']>): SemanticOutcome {
  const l = rollingUpdateLimits(at.value);
  const expected = [want.maxSurge !== undefined ? `up to ${want.maxSurge} extra Pod(s)` : '', want.maxUnavailable !== undefined ? `${want.maxUnavailable} Pod(s) unavailable` : ''].filter(Boolean).join(' and ');
  if (l.invalid) return { ok: false, verbPhrase: true, expected, actual: 'invalid', message: `has no valid rollout limits: ${l.invalid}` };
  if (!l.surge || !l.unavailable) {
    return { ok: false, verbPhrase: true, expected, actual: l.strategy, message: `replaces its Pods with strategy ${l.strategy}: it stops all ${l.replicas} old Pods before starting new ones, expected a rolling update with ${expected}` };
  }
  const surge = describeSurge(l.surge);
  const unavailable = describeUnavailable(l.unavailable, l.replicas);
  const actual = `${l.surge.pods} extra, ${l.unavailable.pods} unavailable`;
  if (want.maxUnavailable !== undefined && l.unavailable.pods !== want.maxUnavailable) {
    const allowed = want.maxUnavailable === 0 ? 'the task allows none' : `expected ${want.maxUnavailable}`;
    return { ok: false, verbPhrase: true, expected, actual, message: `${unavailable} during a rollout: ${allowed}` };
  }
  if (want.maxSurge !== undefined && l.surge.pods !== want.maxSurge) {
    return { ok: false, verbPhrase: true, expected, actual, message: `${surge} during a rollout, expected ${want.maxSurge === 0 ? 'none' : `up to ${want.maxSurge}`}` };
  }
  return { ok: true, verbPhrase: true, expected, actual, message: `${surge} and ${unavailable} during a rollout` };
}

/**
 * The container at `path` mounts, at `want.path`, a volume whose source (or a projected source of
 * it) contains `want.from`, as a whole (a subPath of a Secret or ConfigMap puts one file there),
 * read-only or writable when asked, and the same folder of the same volume another container
 * mounts when `sameVolumeAs` names one.
 */
function mountsOutcome(subject: any, at: { value: unknown; field: string }, want: NonNullable<SemanticAssertion['mounts']>): SemanticOutcome {
  const container: any = at.value;
  const field = at.field || 'the container';
  const expected = `${describeVolume(want.from)} at ${want.path}${want.readOnly === undefined ? '' : want.readOnly ? ', read-only' : ', writable'}`;
  if (!container || typeof container !== 'object') return { ok: false, expected, actual: 'not set', message: `${field} is not set, expected it to mount ${expected}` };
  const spec = podSpecOf(subject)?.spec ?? {};
  const found = mountAt(spec, container, want.path);
  if (!found.mount) return { ok: false, expected, actual: 'nothing', message: `${field} mounts nothing at ${want.path}${found.others.length ? ` (it mounts ${found.others.join(', ')})` : ''}, expected ${describeVolume(want.from)} there` };
  const volume = found.volume;
  const source = volume ? describeVolume(volume) : `volume "${found.mount.name}", which the Pod does not define`;
  const matches = !!volume && volumeForms(volume).some((v) => isSubsetOf(v, want.from));
  const ro = mountReadOnly(found.mount, volume);
  const sub = mountedSubPath(found.mount);
  const actual = `${source}${sub ? ` (subPath ${sub})` : ''}${ro.readOnly ? ', read-only' : ''}`;
  if (!matches) return { ok: false, expected, actual, message: `${field} mounts ${source} at ${want.path}, expected ${describeVolume(want.from)}` };
  if (sub && presentsKeys(volume)) {
    return { ok: false, expected, actual, message: `${field} mounts only "${sub}" of ${source} at ${want.path} (subPath): ${want.path} is then that one file, not a folder holding every file of ${source}` };
  }
  if (want.readOnly !== undefined && ro.readOnly !== want.readOnly) {
    return { ok: false, expected, actual, message: `${field} mounts ${source} at ${want.path} ${ro.readOnly ? 'read-only' : 'writable'} (${ro.why}), expected it ${want.readOnly ? 'read-only' : 'writable'}` };
  }
  if (want.sameVolumeAs) {
    const shared = sharedMount(subject, spec, { mount: found.mount, sub, at: want.path, field }, want.sameVolumeAs);
    if (shared) return { ok: false, expected, actual, message: shared };
  }
  return { ok: true, expected, actual, message: `${field} mounts ${actual} at ${want.path}` };
}

/** Why this mount does not show the same files as the other container's mount at `other.path` (same volume, same subPath), or undefined when it does. */
function sharedMount(subject: any, spec: any, mine: { mount: any; sub: string; at: string; field: string }, other: { container: string; path: string }): string | undefined {
  const container: any = getPath(subject, other.container);
  if (!container || typeof container !== 'object') return `${other.container} is not set: no container to share ${mine.at} with`;
  const name = `container ${container.name}`;
  const theirs = mountAt(spec, container, other.path);
  if (!theirs.mount) return `${name} mounts nothing at ${other.path}, so ${mine.field} shares nothing with it at ${mine.at}`;
  const theirSub = mountedSubPath(theirs.mount);
  if (theirs.mount.name === mine.mount.name && theirSub === mine.sub) return undefined;
  const shown = (m: any, sub: string) => `volume ${m.name}${sub ? ` (subPath ${sub})` : ''}`;
  return `${mine.field} mounts ${shown(mine.mount, mine.sub)} at ${mine.at}, but ${name} mounts ${shown(theirs.mount, theirSub)} at ${other.path}: they see different files, so what ${container.name} writes there never reaches ${mine.field}`;
}

function isSubsetOf(actual: any, expected: any): boolean {
  if (expected === null || typeof expected !== 'object') return String(actual) === String(expected);
  return !!actual && typeof actual === 'object' && Object.entries(expected).every(([k, v]) => isSubsetOf(actual[k], v));
}

/** The namespace's NetworkPolicies, together, let (or do not let) this traffic through. */
function trafficOutcome(t: Traffic, wantAllowed: boolean, related?: Related): SemanticOutcome {
  if (!related?.networkPolicies || !related.namespaceLabels) throw new Error('allows/denies read the namespace\'s NetworkPolicies: use them in a k8s.object check');
  const destination = (related.pods ?? []).filter((p) => Object.entries(t.to).every(([k, v]) => p.labels?.[k] === v));
  const world = { policies: related.networkPolicies, namespaceLabels: related.namespaceLabels, destinationContainers: destination.flatMap((p) => p.spec?.containers ?? []) };
  const v = judgeTraffic(t, world);
  const what = describeTraffic(t, world);
  const verdict = (allowed: boolean) => (allowed ? 'allowed' : 'denied');
  const ok = v.allowed === wantAllowed;
  const message = v.allowed ? `lets ${what}: ${v.reason}` : `does not let ${what}: ${v.reason}`;
  return { ok, verbPhrase: true, expected: verdict(wantAllowed), actual: verdict(v.allowed), message: ok ? message : `${message}, expected ${wantAllowed ? 'it to' : 'it not to'}` };
}

/** Every container at `path` (a container, or a Pod spec: all its containers) ends up with exactly these capabilities, as the runtime computes them. */
function capabilitiesOutcome(at: { value: unknown; field: string }, want: NonNullable<SemanticAssertion['capabilities']>): SemanticOutcome {
  const v: any = at.value;
  const wanted = [...new Set(want.exactly.map((c) => c.toUpperCase().replace(/^CAP_/, '')))].sort();
  const expected = wanted.length ? wanted.join(', ') : 'no capabilities';
  if (!v || typeof v !== 'object') return { ok: false, expected, actual: 'not set', message: `${at.field || 'the container'} is not set` };
  const containers: any[] = Array.isArray(v.containers) ? [...(v.initContainers ?? []), ...v.containers] : [v];
  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const caps = effectiveCapabilities({ add: sc.capabilities?.add, drop: sc.capabilities?.drop, privileged: sc.privileged === true });
    const actual = describeCapabilities(caps);
    if (caps.all || caps.set.join() !== wanted.join()) {
      const extra = caps.all ? [] : caps.set.filter((x) => !wanted.includes(x));
      const has = extra.length && !caps.set.some((x) => !extra.includes(x)) ? extra.join(', ') : actual;
      return { ok: false, expected, actual, message: `container ${c.name} has ${has}: it ${caps.how}, expected ${expected}` };
    }
    if (want.privilegeEscalation !== undefined) {
      const esc = privilegeEscalation(sc);
      if (esc.allowed !== want.privilegeEscalation) {
        return { ok: false, expected: want.privilegeEscalation ? 'can gain privileges' : 'cannot gain privileges', actual: esc.allowed ? 'can gain privileges' : 'cannot gain privileges', message: `container ${c.name} ${esc.allowed ? 'can' : 'cannot'} gain privileges: ${esc.why}` };
      }
    }
  }
  const names = containers.map((c) => c.name).join(', ');
  return { ok: true, expected, actual: expected, message: `container(s) ${names} have ${expected}${want.privilegeEscalation === false ? ' and cannot gain privileges' : ''}` };
}

/** An image's (or container's) config at `path` starts `expected` as PID 1, the process `docker stop` signals. */
function pid1Outcome(at: { value: unknown; field: string }, expected: string): SemanticOutcome {
  const v: any = at.value;
  const config = v?.Config ?? v;
  const p = pid1Of(config?.Entrypoint, config?.Cmd);
  const ok = pid1Is(p, expected);
  const actual = p.program || 'nothing';
  const message = ok ? `runs ${actual} as PID 1 (${p.how})` : `runs ${actual} as PID 1, not ${expected}: ${p.how}; ${expected} does not get docker stop's SIGTERM`;
  return { ok, verbPhrase: true, expected, actual, message };
}

/** The container at `path` gets the variable with this value and/or from this source, as the kubelet builds its environment. */
function envOutcome(at: { path: string; value: unknown; field: string }, want: NonNullable<SemanticAssertion['env']>, related?: Related): SemanticOutcome {
  if (!related?.envSources) throw new Error('env reads the namespace\'s ConfigMaps and Secrets: use it in a k8s.object check');
  const { matches, ...rest } = want;
  const container: any = at.value;
  // Without a label the container's name reads better than its path.
  const field = at.field && at.field !== at.path ? at.field : `container ${container?.name ?? at.path}`;
  return judgeEnv(container, { ...rest, ...(matches !== undefined ? { matches: pattern(matches) } : {}) }, related.envSources, field);
}
