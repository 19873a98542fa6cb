/**
 * Mutation testing of a lab: small changes to the reference solution's manifests. A
 * `meaning` mutation changes what the learner's work does (a scalar changed or removed, a
 * list item removed) and some task should fail; an `equivalent` rewrite spells the same
 * thing another way (a fully-qualified image, matchExpressions, a trailing-slash Prefix
 * path, base64 `data` for `stringData`, a quantity in other units) and every task must
 * still pass. This module only generates them; mutate-run.ts applies them.
 */
import { parseAllDocuments, stringify } from 'yaml';
import { z } from 'zod';
import { parseQuantity } from '../engine/quantity.ts';
import { sameSelection, sameTargetPort, type LabelledPods } from './mutate-selectors.ts';
import { rollingUpdateLimits } from '../semantics/rolling-update.ts';

export interface Mutation {
  id: string;
  kind: 'meaning' | 'equivalent';
  file: string;
  /** `Deployment web: spec.replicas` */
  where: string;
  description: string;
  /** The whole mutated file. */
  text: string;
}

/** `labs/<id>/mutate.yaml`: fields a lab's tasks do not care about, each with its reason. */
export const mutateConfigSchema = z
  .object({
    irrelevant: z
      .array(
        z
          .object({
            kind: z.string().optional(),
            name: z.string().optional().describe("The object's metadata.name; every object of the kind when left out."),
            path: z.string().min(1).describe('A field path (dots, [n] for items) or a prefix of one: `metadata.labels`, `spec.template.spec.containers[0].ports`.'),
            reason: z.string().min(10),
          })
          .strict(),
      )
      .default([]),
    /**
     * Fields the tasks bound rather than fix ("at most 256Mi"): a changed value still inside the
     * bounds means the same (an equivalent rewrite, it must pass); outside them, or removed, it is a
     * meaning mutation as usual. Quantities compare by value (`64Mi` < `0.5Gi`).
     */
    within: z
      .array(
        z
          .object({
            kind: z.string().optional(),
            name: z.string().optional(),
            path: z.string().min(1),
            gte: z.union([z.number(), z.string()]).optional(),
            lte: z.union([z.number(), z.string()]).optional(),
            reason: z.string().min(10),
          })
          .strict()
          .refine((w) => w.gte !== undefined || w.lte !== undefined, 'give gte, lte or both'),
      )
      .default([]),
  })
  .strict();
export type MutateConfig = z.infer<typeof mutateConfigSchema>;

/** A lab without mutate.yaml. */
export const noMutateConfig: MutateConfig = { irrelevant: [], within: [] };

/** The bound a `within` entry of mutate.yaml puts on this field, if the changed value keeps to it: its reason. */
export function withinBounds(config: MutateConfig, kind: string, path: Path, name: string | undefined, value: unknown): string | undefined {
  const p = pathText(path);
  const n = parseQuantity(value);
  if (n === null) return undefined;
  const bound = config.within.find((w) => (!w.kind || w.kind === kind) && (!w.name || w.name === name) && w.path === p);
  if (!bound) return undefined;
  const low = bound.gte === undefined ? -Infinity : parseQuantity(bound.gte);
  const high = bound.lte === undefined ? Infinity : parseQuantity(bound.lte);
  return low !== null && high !== null && n >= low && n <= high ? bound.reason : undefined;
}

type Path = Array<string | number>;

/** Fields whose change the API server rejects or that name the object itself: not mutated. */
const frozen = new Set(['apiVersion', 'kind', 'metadata.name', 'metadata.namespace']);

/**
 * The value the API server fills in when a field is left out: removing a field that holds its
 * default changes nothing, so that removal is an equivalent rewrite (it must pass), not a
 * meaning mutation. Keyed by the end of the field's path; a function when the default depends
 * on the sibling fields.
 */
const defaults: Array<[RegExp, unknown | ((parent: any) => unknown)]> = [
  [/(^|\.)strategy\.type$/, 'RollingUpdate'],
  [/(^|\.)rollingUpdate\.(maxSurge|maxUnavailable)$/, '25%'],
  [/(^|\.)protocol$/, 'TCP'],
  [/^spec\.type$/, (_: any, kind: string) => (kind === 'Service' ? 'ClusterIP' : undefined)],
  [/(^|\.)restartPolicy$/, 'Always'],
  [/(^|\.)periodSeconds$/, 10],
  [/(^|\.)timeoutSeconds$/, 1],
  [/(^|\.)successThreshold$/, 1],
  [/(^|\.)failureThreshold$/, 3],
  [/(^|\.)initialDelaySeconds$/, 0],
  [/(^|\.)scheme$/, 'HTTP'],
  [/(^|\.)readOnly$/, false],
  [/(^|\.)optional$/, false],
  [/(^|\.)privileged$/, false],
  [/(^|\.)sessionAffinity$/, 'None'],
  [/(^|\.)volumeMode$/, 'Filesystem'],
  [/(^|\.)terminationGracePeriodSeconds$/, 30],
  [/(^|\.)revisionHistoryLimit$/, 10],
  [/(^|\.)progressDeadlineSeconds$/, 600],
  [/^spec\.replicas$/, (_: any, kind: string) => (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(kind) ? 1 : undefined)],
  [/^spec\.minReplicas$/, (_: any, kind: string) => (kind === 'HorizontalPodAutoscaler' ? 1 : undefined)],
  [/^type$/, (_: any, kind: string) => (kind === 'Secret' ? 'Opaque' : undefined)],
  [/(^|\.)ports\[\d+\]\.targetPort$/, (parent: any) => parent?.port],
  // RBAC bindings: the API server fills in the group of the role and of User/Group subjects (a ServiceAccount's is "").
  [/^roleRef\.apiGroup$/, (_: any, kind: string) => (['RoleBinding', 'ClusterRoleBinding'].includes(kind) ? 'rbac.authorization.k8s.io' : undefined)],
  [/^subjects\[\d+\]\.apiGroup$/, (parent: any) => (['User', 'Group'].includes(parent?.kind) ? 'rbac.authorization.k8s.io' : parent?.kind === 'ServiceAccount' ? '' : undefined)],
  [/(^|\.)imagePullPolicy$/, (parent: any) => (typeof parent?.image === 'string' && /:[^/]+$/.test(parent.image) && !parent.image.endsWith(':latest') ? 'IfNotPresent' : 'Always')],
];

/**
 * Removing a rolling-update limit leaves the API default, 25 %: the same rollout when it resolves to
 * the same Pod counts at the Deployment's replicas (semantics/rolling-update.ts), e.g. maxUnavailable 0
 * at 3 replicas. Says why, or undefined when the rollout changes.
 */
function sameRollout(before: unknown, after: unknown): string | undefined {
  const a = rollingUpdateLimits(before);
  const b = rollingUpdateLimits(after);
  if (!a.surge || !a.unavailable || !b.surge || !b.unavailable || a.surge.pods !== b.surge.pods || a.unavailable.pods !== b.unavailable.pods) return undefined;
  return `the default 25% is the same ${b.surge.pods} extra and ${b.unavailable.pods} unavailable Pod(s) at ${b.replicas} replicas`;
}

/** The API default of the field at `path` (whose parent object is `parent`), or undefined when it has none. */
export function defaultOf(kind: string, path: Path, parent: unknown): unknown {
  const p = pathText(path);
  for (const [pattern, value] of defaults) {
    if (pattern.test(p)) return typeof value === 'function' ? (value as (parent: unknown, kind: string) => unknown)(parent, kind) : value;
  }
  return undefined;
}

/** Values with a meaningful valid alternative. */
const alternatives: Record<string, string> = {
  Prefix: 'Exact',
  Exact: 'Prefix',
  RollingUpdate: 'Recreate',
  Recreate: 'RollingUpdate',
  ClusterIP: 'NodePort',
  NodePort: 'ClusterIP',
  TCP: 'UDP',
  ReadWriteOnce: 'ReadWriteMany',
  ReadWriteMany: 'ReadWriteOnce',
  In: 'NotIn',
  NotIn: 'In',
  Ingress: 'Egress',
  Egress: 'Ingress',
  RuntimeDefault: 'Unconfined',
  ALL: 'NET_RAW',
  Role: 'ClusterRole',
  Always: 'IfNotPresent',
  IfNotPresent: 'Always',
  get: 'create',
  list: 'get',
  watch: 'list',
  create: 'get',
  update: 'patch',
  patch: 'update',
  delete: 'get',
};

export function pathText(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[\w-]+$/.test(p) ? `${i ? '.' : ''}${p}` : `["${p}"]`)).join('');
}

/** Another valid value of the same type, or undefined when none is known. */
export function changedScalar(value: unknown, key: string): unknown {
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'number') return value === 0 ? 1 : value + 1;
  if (typeof value !== 'string') return undefined;
  if (alternatives[value]) return alternatives[value];
  // A reference's apiVersion (an HPA's scaleTargetRef): controllers look the target up by group and
  // kind, so only another group changes what it refers to (apps/v1 → the long-gone extensions group).
  if (key === 'apiVersion' && value.includes('/')) return value === 'apps/v1' ? 'extensions/v1beta1' : `${value.split('/')[0]}.example.com/${value.split('/')[1]}`;
  if (key === 'image') {
    const m = /^(.*:)(\D*)(\d+)\.(\d+)(.*)$/.exec(value);
    if (m) return `${m[1]}${m[2]}${m[3]}.${Number(m[4]) + 1}${m[5]}`;
    return `${value.split(':')[0]}:other`;
  }
  const quantity = /^(\d+)(m|Mi|Gi|Ki|M|G)?$/.exec(value);
  if (quantity) return `${Number(quantity[1]) + 1}${quantity[2] ?? ''}`;
  if (value.startsWith('/')) return `${value.replace(/\/$/, '')}/other`;
  if (/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/i.test(value)) return `${value}-x`;
  return `${value} (changed)`;
}

function getAt(obj: any, path: Path): any {
  return path.reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function withChange(doc: any, path: Path, change: (parent: any, key: string | number) => void): any {
  const copy = structuredClone(doc);
  const parent = getAt(copy, path.slice(0, -1));
  change(parent, path[path.length - 1]);
  return copy;
}

function isIrrelevant(config: MutateConfig, kind: string, path: Path, name?: string): boolean {
  const p = pathText(path);
  return config.irrelevant.some((r) => (!r.kind || r.kind === kind) && (!r.name || r.name === name) && (p === r.path || p.startsWith(`${r.path}.`) || p.startsWith(`${r.path}[`)));
}

function render(docs: unknown[], index: number, replacement: unknown): string {
  return docs.map((d, i) => stringify(i === index ? replacement : d).trimEnd()).join('\n---\n') + '\n';
}

/**
 * Every meaning mutation and equivalent rewrite of one manifest file. With the lab's `pods`
 * (mutate-selectors.ts), a selector changed so that it still selects exactly the same Pods is an
 * equivalent rewrite. `setupObjects` (`Deployment web`) are the objects the lab's setup already
 * created: their selector is immutable, so a rewrite of it is refused whatever it means, and none is made.
 */
export function mutationsOf(file: string, text: string, config: MutateConfig = noMutateConfig, lab: { pods?: LabelledPods[]; setupObjects?: Set<string> } = {}): Mutation[] {
  const { pods, setupObjects } = lab;
  const docs = parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d && typeof d === 'object');
  const out: Mutation[] = [];
  docs.forEach((doc: any, index) => {
    const kind = String(doc.kind ?? 'object');
    const name = doc.metadata?.name === undefined ? undefined : String(doc.metadata.name);
    const subject = `${kind} ${doc.metadata?.name ?? `#${index + 1}`}`;
    const add = (m: Omit<Mutation, 'id' | 'file' | 'text'>, mutated: unknown) => {
      const same = m.kind === 'meaning' && pods ? sameSelection(doc, mutated, pods) : undefined;
      if (same) m = { ...m, kind: 'equivalent', description: `${m.description} (${same})` };
      out.push({ ...m, id: `${file}#${out.length + 1}`, file, text: render(docs, index, mutated) });
    };

    const walk = (value: any, path: Path) => {
      const p = pathText(path);
      if (path.length && (frozen.has(p) || isIrrelevant(config, kind, path, name))) return;
      const key = String([...path].reverse().find((k) => typeof k === 'string') ?? '');
      if (Array.isArray(value)) {
        value.forEach((_, i) => {
          if (!isIrrelevant(config, kind, [...path, i], name)) {
            add({ kind: 'meaning', where: `${subject}: ${pathText([...path, i])}`, description: `removed item ${i} of ${p}` }, withChange(doc, [...path, i], (parent, k) => parent.splice(k as number, 1)));
          }
          walk(value[i], [...path, i]);
        });
        return;
      }
      if (value && typeof value === 'object') {
        for (const k of Object.keys(value)) {
          const child = [...path, k];
          const cp = pathText(child);
          if (frozen.has(cp) || isIrrelevant(config, kind, child, name)) continue;
          if (path.length > 0 && !(value[k] && typeof value[k] === 'object' && !Array.isArray(value[k]))) {
            const isDefault = defaultOf(kind, child, value) !== undefined && defaultOf(kind, child, value) === value[k];
            const samePort = k === 'targetPort' && path.length === 3 && path[1] === 'ports' && pods ? sameTargetPort(doc, path[2] as number, pods) : undefined;
            const removed = withChange(doc, child, (parent, kk) => delete parent[kk]);
            const sameLimits = kind === 'Deployment' && cp.startsWith('spec.strategy.rollingUpdate.') ? sameRollout(doc, removed) : undefined;
            const same = samePort ?? sameLimits;
            add(
              isDefault
                ? { kind: 'equivalent', where: `${subject}: ${cp}`, description: `removed ${cp} (${JSON.stringify(value[k])} is the API default)` }
                : same
                  ? { kind: 'equivalent', where: `${subject}: ${cp}`, description: `removed ${cp} (${same})` }
                  : { kind: 'meaning', where: `${subject}: ${cp}`, description: `removed ${cp}` },
              removed,
            );
          }
          walk(value[k], child);
        }
        return;
      }
      const changed = changedScalar(value, key);
      if (changed !== undefined) {
        const same = withinBounds(config, kind, path, name, changed);
        add(
          same
            ? { kind: 'equivalent', where: `${subject}: ${p}`, description: `${p}: ${JSON.stringify(value)} → ${JSON.stringify(changed)} (still within the task's bounds: ${same})` }
            : { kind: 'meaning', where: `${subject}: ${p}`, description: `${p}: ${JSON.stringify(value)} → ${JSON.stringify(changed)}` },
          withChange(doc, path, (parent, k) => (parent[k] = changed)),
        );
      }
      // An image without its tag runs whatever `latest` is today.
      const untagged = key === 'image' && typeof value === 'string' ? /^(.+?):[\w][\w.-]*$/.exec(value) : null;
      if (untagged && !untagged[1].endsWith('/') && !value.endsWith(':latest')) {
        add({ kind: 'meaning', where: `${subject}: ${p}`, description: `${p}: ${JSON.stringify(value)} → ${JSON.stringify(untagged[1])} (no tag: latest)` }, withChange(doc, path, (parent, k) => (parent[k] = untagged[1])));
      }
    };
    walk(doc, []);
    const immutableSelector = immutableSelectorKinds.has(kind) && setupObjects?.has(`${kind} ${name}`);
    for (const r of equivalentRewrites(doc, (path) => isIrrelevant(config, kind, path, name))) {
      if (immutableSelector && r.description.startsWith('spec.selector')) continue;
      add({ kind: 'equivalent', where: subject, description: r.description }, r.doc);
    }
  });
  for (const r of namedTargetPorts(docs)) {
    out.push({ kind: 'equivalent', where: r.where, description: r.description, id: `${file}#${out.length + 1}`, file, text: r.docs.map((d) => stringify(d).trimEnd()).join('\n---\n') + '\n' });
  }
  return out;
}

/** Kinds whose `spec.selector` the API server refuses to change once the object exists. */
const immutableSelectorKinds = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

/** The Pod template of a workload (or the Pod's own spec), with its labels. */
function podTemplate(doc: any): { labels: Record<string, string>; spec: any; path: Path } | undefined {
  if (doc?.kind === 'Pod') return { labels: doc.metadata?.labels ?? {}, spec: doc.spec, path: ['spec'] };
  if (doc?.spec?.template?.spec?.containers) return { labels: doc.spec.template.metadata?.labels ?? {}, spec: doc.spec.template.spec, path: ['spec', 'template', 'spec'] };
  return undefined;
}

/** A port name the container does not use yet (IANA_SVC_NAME: ≤ 15 characters, a letter). */
function portName(port: number): string {
  return `port-${port}`;
}

/**
 * A Service in the same file whose numeric targetPort is a port its Pods' container declares,
 * rewritten to the port's name (named in the container if it was not): the same port.
 */
export function namedTargetPorts(docs: any[]): Array<{ where: string; description: string; docs: any[] }> {
  const out: Array<{ where: string; description: string; docs: any[] }> = [];
  docs.forEach((svc, si) => {
    if (svc?.kind !== 'Service' || !svc.spec?.selector || !Array.isArray(svc.spec.ports)) return;
    svc.spec.ports.forEach((sp: any, pi: number) => {
      const target = sp.targetPort ?? sp.port;
      if (typeof target !== 'number') return;
      docs.forEach((w, wi) => {
        const t = podTemplate(w);
        if (!t || !Object.entries(svc.spec.selector).every(([k, v]) => t.labels[k] === v)) return;
        (t.spec.containers as any[]).forEach((c, ci) => {
          const cpi = (c.ports ?? []).findIndex((cp: any) => cp.containerPort === target);
          if (cpi < 0) return;
          const copy = structuredClone(docs);
          const cp = podTemplate(copy[wi])!.spec.containers[ci].ports[cpi];
          cp.name ??= portName(target);
          copy[si].spec.ports[pi].targetPort = cp.name;
          out.push({ where: `Service ${svc.metadata?.name}`, description: `spec.ports[${pi}].targetPort: ${target} → the named port ${cp.name} of ${w.kind} ${w.metadata?.name}`, docs: copy });
        });
      });
    });
  });
  return out;
}

/** Rewrites that keep the meaning: each must pass every task the original passes. */
export function equivalentRewrites(doc: any, irrelevant: (path: Path) => boolean = () => false): Array<{ description: string; doc: any }> {
  const out: Array<{ description: string; doc: any }> = [];
  const visit = (value: any, path: Path) => {
    if (Array.isArray(value)) return value.forEach((v, i) => visit(v, [...path, i]));
    if (!value || typeof value !== 'object') return;
    for (const [k, v] of Object.entries(value)) {
      const child = [...path, k];
      // A field the lab marks irrelevant gets no rewrite either (e.g. one the API server keeps immutable).
      if (irrelevant(child)) continue;
      if (k === 'image' && typeof v === 'string' && !v.split(':')[0].includes('/')) {
        out.push({ description: `${pathText(child)}: ${v} → docker.io/library/${v}`, doc: withChange(doc, child, (p, kk) => (p[kk] = `docker.io/library/${v}`)) });
      }
      if (k === 'verbs' && Array.isArray(v) && v.length > 1) {
        out.push({ description: `${pathText(child)}: ${v.join(', ')} in reverse order`, doc: withChange(doc, child, (p, kk) => (p[kk] = [...v].reverse())) });
      }
      if (k === 'matchLabels' && v && typeof v === 'object' && Object.keys(v).length) {
        out.push({
          description: `${pathText(child)} → matchExpressions (In)`,
          doc: withChange(doc, path, (p, kk) => {
            const sel = p[kk];
            sel.matchExpressions = [...(sel.matchExpressions ?? []), ...Object.entries(sel.matchLabels).map(([key, val]) => ({ key, operator: 'In', values: [val] }))];
            delete sel.matchLabels;
          }),
        });
      }
      if (k === 'path' && typeof v === 'string' && v.length > 1 && !v.endsWith('/') && value.pathType === 'Prefix') {
        out.push({ description: `${pathText(child)}: Prefix ${v} → ${v}/`, doc: withChange(doc, child, (p, kk) => (p[kk] = `${v}/`)) });
      }
      if (typeof v === 'string' && /^\d+m$/.test(v) && Number(v.slice(0, -1)) % 10 === 0 && /cpu/i.test(k)) {
        out.push({ description: `${pathText(child)}: ${v} → ${Number(v.slice(0, -1)) / 1000}`, doc: withChange(doc, child, (p, kk) => (p[kk] = String(Number(v.slice(0, -1)) / 1000))) });
      }
      if (typeof v === 'string' && /^\d+Gi$/.test(v)) {
        out.push({ description: `${pathText(child)}: ${v} → ${Number(v.slice(0, -2)) * 1024}Mi`, doc: withChange(doc, child, (p, kk) => (p[kk] = `${Number(v.slice(0, -2)) * 1024}Mi`)) });
      }
      visit(v, child);
    }
  };
  visit(doc, []);
  const template = podTemplate(doc);
  for (const [ci, c] of ((template?.spec.containers ?? []) as any[]).entries()) {
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      for (const handler of ['httpGet', 'tcpSocket']) {
        const port = c[probe]?.[handler]?.port;
        const cpi = typeof port === 'number' ? (c.ports ?? []).findIndex((cp: any) => cp.containerPort === port) : -1;
        if (cpi < 0) continue;
        const copy = structuredClone(doc);
        const cc = podTemplate(copy)!.spec.containers[ci];
        cc.ports[cpi].name ??= portName(port);
        cc[probe][handler].port = cc.ports[cpi].name;
        out.push({ description: `${pathText([...template!.path, 'containers', ci, probe, handler, 'port'])}: ${port} → the named port ${cc.ports[cpi].name}`, doc: copy });
      }
    }
  }
  if (doc.kind === 'Secret' && doc.stringData && typeof doc.stringData === 'object') {
    const copy = structuredClone(doc);
    copy.data = { ...(copy.data ?? {}), ...Object.fromEntries(Object.entries(copy.stringData).map(([k, v]) => [k, Buffer.from(String(v)).toString('base64')])) };
    delete copy.stringData;
    out.push({ description: 'stringData → base64 data', doc: copy });
  }
  return out;
}

/**
 * A deterministic sample of `n` (a seeded shuffle, so runs are comparable), equivalent rewrites first.
 * With `equivalents`, at most that many equivalent rewrites (a seeded sample of them too), so a small
 * sample of a lab with many rewrites still reaches its meaning mutations.
 */
export function sampleMutations(all: Mutation[], n: number | undefined, seed = 1, equivalents?: number): Mutation[] {
  if (n === undefined || n >= all.length) return all;
  let s = seed;
  const random = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const shuffle = (list: Mutation[]) => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  };
  const equivalent = all.filter((m) => m.kind === 'equivalent');
  const meaning = shuffle(all.filter((m) => m.kind === 'meaning'));
  const chosen = equivalents === undefined || equivalents >= equivalent.length ? equivalent : shuffle(equivalent).slice(0, equivalents);
  return [...chosen, ...meaning].slice(0, n);
}
