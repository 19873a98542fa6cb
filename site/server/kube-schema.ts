import { parseAllDocuments } from 'yaml';
import { builtinResource } from '../../checker/environments/kube-resources.ts';
import type { Lab } from '../../checker/schemas/lab.ts';

/** A kind as a manifest names it. */
export interface ApiKind {
  apiVersion: string;
  kind: string;
}

/** The part of an OpenAPI v3 document for one group version that schemas are built from. */
export interface OpenApiDocument {
  components?: { schemas?: Record<string, any> };
}

/** Kinds most manifests use; the editor completes them in every Kubernetes lab. */
export const commonKinds: ApiKind[] = ['Pod', 'Service', 'ConfigMap', 'Secret', 'Deployment', 'Namespace'].map((kind) => ({
  apiVersion: builtinResource(kind)!.apiVersion,
  kind,
}));

const key = (k: ApiKind) => `${k.apiVersion}/${k.kind}`;

/** Each kind once, sorted. */
export function uniqueKinds(kinds: ApiKind[]): ApiKind[] {
  const seen = new Map<string, ApiKind>();
  for (const k of kinds) if (!seen.has(key(k))) seen.set(key(k), k);
  return [...seen.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/** `apiVersion`/`kind` of every YAML document in these texts (unparseable ones are skipped). */
export function kindsInManifests(texts: string[]): ApiKind[] {
  const kinds: ApiKind[] = [];
  for (const text of texts) {
    for (const doc of parseAllDocuments(text)) {
      if ('errors' in doc && doc.errors.length) continue;
      let value: { apiVersion?: unknown; kind?: unknown } | null;
      try {
        value = doc.toJS({ maxAliasCount: 50 }) as typeof value; // an alias bomb is skipped like a syntax error
      } catch {
        continue;
      }
      if (value && typeof value.apiVersion === 'string' && typeof value.kind === 'string') kinds.push({ apiVersion: value.apiVersion, kind: value.kind });
    }
  }
  return uniqueKinds(kinds);
}

/** Kinds a lab's checks read (built-in kinds get their apiVersion from the checker's table). */
export function kindsInChecks(lab: Lab): ApiKind[] {
  const kinds: ApiKind[] = [];
  for (const task of lab.tasks) {
    for (const check of task.checks as { type: string; kind?: string; apiVersion?: string }[]) {
      const kind = check.type === 'k8s.rollout' ? 'Deployment' : check.type === 'k8s.endpoints' ? 'Service' : check.kind;
      if (!kind || !check.type.startsWith('k8s.')) continue;
      const apiVersion = check.apiVersion ?? builtinResource(kind)?.apiVersion;
      if (apiVersion) kinds.push({ apiVersion, kind });
    }
  }
  return uniqueKinds(kinds);
}

/** `apps/v1` → `apis/apps/v1`, `v1` → `api/v1`: the key in `/openapi/v3`'s `paths`. */
export function openApiPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
}

function matchesKind(schema: any, k: ApiKind): boolean {
  const [group, version] = k.apiVersion.includes('/') ? k.apiVersion.split('/') : ['', k.apiVersion];
  const gvks = schema?.['x-kubernetes-group-version-kind'];
  return Array.isArray(gvks) && gvks.length === 1 && gvks[0].group === group && gvks[0].version === version && gvks[0].kind === k.kind;
}

const refPrefix = '#/components/schemas/';

/**
 * OpenAPI → JSON Schema for the editor: `$ref`s point into `definitions`, and
 * objects with known properties refuse unknown ones (a typo such as `replica:`
 * is flagged), unless the API says it keeps unknown fields.
 */
function convert(node: any, refs: Set<string>): any {
  if (Array.isArray(node)) return node.map((n) => convert(n, refs));
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) {
      const name = v.slice(refPrefix.length);
      refs.add(name);
      out.$ref = `#/definitions/${name}`;
    } else out[k] = convert(v, refs);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * One JSON Schema validating any of `kinds`: a `oneOf` over their definitions,
 * each pinned to its `apiVersion` and `kind` (found by the OpenAPI documents'
 * `x-kubernetes-group-version-kind`), with everything they reference. Kinds no
 * document defines are listed in `missing`.
 */
export function buildKubernetesSchema(documents: OpenApiDocument[], kinds: ApiKind[]): { schema: any; missing: ApiKind[] } {
  const all: Record<string, any> = {};
  for (const d of documents) Object.assign(all, d.components?.schemas ?? {});
  const definitions: Record<string, any> = {};
  const oneOf: any[] = [];
  const missing: ApiKind[] = [];
  const pending: string[] = [];
  const add = (name: string) => {
    if (definitions[name] || !all[name]) return;
    const refs = new Set<string>();
    definitions[name] = convert(all[name], refs);
    pending.push(...refs);
  };
  for (const k of uniqueKinds(kinds)) {
    const name = Object.keys(all).find((n) => matchesKind(all[n], k));
    if (!name) {
      missing.push(k);
      continue;
    }
    add(name);
    const def = definitions[name];
    def.properties = {
      ...def.properties,
      apiVersion: { ...def.properties?.apiVersion, type: 'string', enum: [k.apiVersion] },
      kind: { ...def.properties?.kind, type: 'string', enum: [k.kind] },
    };
    def.required = [...new Set(['apiVersion', 'kind', ...(def.required ?? [])])];
    oneOf.push({ $ref: `#/definitions/${name}` });
  }
  while (pending.length) add(pending.pop()!);
  return {
    schema: { $schema: 'http://json-schema.org/draft-07/schema#', title: `Kubernetes: ${kinds.map((k) => k.kind).join(', ')}`, oneOf, definitions },
    missing,
  };
}
