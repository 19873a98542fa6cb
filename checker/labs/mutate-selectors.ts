/**
 * Selector mutations judged by what they select. Removing `app` from a Service's selector
 * `{app: shop, version: green}` still selects exactly the green Pods when no other Pod of the
 * lab is labelled `version: green`: the same traffic, so the mutation is an equivalent rewrite
 * (every task must pass), not a meaning mutation. The Pods a lab runs are known from its
 * manifests: the Pod templates of every object the setup and the solution apply.
 */
import { parseAllDocuments } from 'yaml';
import { describeLabels, selectorOf, selects, type Labels } from '../semantics/label-selector.ts';
import { podSpecOf } from '../semantics/ports.ts';

/** A Pod or a Pod template of the lab, with its labels. */
export interface LabelledPods {
  /** `Deployment shop-green` */
  owner: string;
  labels: Labels;
  /** The containers' named ports: name → containerPort. */
  namedPorts?: Record<string, number>;
}

function namedPortsOf(doc: any): Record<string, number> {
  const spec = podSpecOf(doc)?.spec;
  const out: Record<string, number> = {};
  for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) for (const p of c?.ports ?? []) if (p?.name) out[p.name] = Number(p.containerPort);
  return out;
}

/**
 * Removing a Service port's `targetPort` leaves it at `port`: when the named targetPort it had is
 * that same number on every lab Pod the Service selects, why the removal changes nothing; else undefined.
 */
export function sameTargetPort(service: any, index: number, pods: LabelledPods[]): string | undefined {
  const entry = service?.spec?.ports?.[index];
  if (service?.kind !== 'Service' || typeof entry?.targetPort !== 'string') return undefined;
  const selector = service.spec?.selector ? selectorOf(service) : undefined;
  if (!selector) return undefined;
  const selected = pods.filter((p) => selects(selector, p.labels));
  const numbers = new Set(selected.map((p) => p.namedPorts?.[entry.targetPort]));
  if (selected.length === 0 || numbers.size !== 1 || [...numbers][0] !== Number(entry.port)) return undefined;
  return `targetPort ${entry.targetPort} is port ${entry.port} on the Pods it selects: the default`;
}

/** The labels of a Pod, or of the Pods a workload (Deployment, StatefulSet, Job, CronJob …) creates. */
export function podLabelsOf(doc: any): Labels | undefined {
  if (doc?.kind === 'Pod') return doc.metadata?.labels ?? {};
  const template = doc?.spec?.template ?? doc?.spec?.jobTemplate?.spec?.template;
  if (template?.spec?.containers) return template.metadata?.labels ?? {};
  return undefined;
}

/**
 * The Pods of a set of manifests (YAML texts, applied in order): a later object of the same kind
 * and name replaces an earlier one, as `kubectl apply` of the solution replaces the setup's.
 */
export function labPods(texts: string[]): LabelledPods[] {
  const byObject = new Map<string, LabelledPods>();
  for (const text of texts) {
    for (const doc of parseAllDocuments(text).map((d) => d.toJS())) {
      const labels = podLabelsOf(doc);
      const owner = `${doc?.kind} ${doc?.metadata?.name}`;
      if (labels) byObject.set(owner, { owner, labels, namedPorts: namedPortsOf(doc) });
      else byObject.delete(owner);
    }
  }
  return [...byObject.values()];
}

/**
 * When `mutated` changes only the selector of `original` and both select the same, non-empty set
 * of the lab's Pods (with `mutated`'s own template in place of the original's), why it is
 * equivalent ("selects the same Pods: …"); otherwise undefined. A selector that selects none of
 * the known Pods is left a meaning mutation: its Pods may come from a step the manifests do not show.
 */
export function sameSelection(original: any, mutated: any, pods: LabelledPods[]): string | undefined {
  const before = selectorOf(original);
  const after = selectorOf(mutated);
  if (before === undefined || after === undefined || JSON.stringify(before) === JSON.stringify(after)) return undefined;
  const self = `${original.kind} ${original.metadata?.name}`;
  const own = podLabelsOf(mutated);
  const universe = [...pods.filter((p) => p.owner !== self), ...(own ? [{ owner: self, labels: own }] : [])];
  const selectedBy = (s: typeof before) => universe.filter((p) => selects(s, p.labels)).map((p) => p.owner);
  const a = selectedBy(before);
  const b = selectedBy(after);
  if (a.length === 0 || a.length !== b.length || a.some((o, i) => o !== b[i])) return undefined;
  return `selects the same Pods: ${universe.filter((p) => a.includes(p.owner)).map((p) => `${p.owner} (${describeLabels(p.labels)})`).join(', ')}`;
}
