/**
 * A container's environment as the kubelet builds it (makeEnvironmentVariables): first every
 * `envFrom` source in order (a later source overrides an earlier one, `prefix` before each key),
 * then every `env` entry in order, which overrides them; a `value` has its `$(VAR)` references
 * expanded against what is defined so far (`$$` escapes, an unknown name stays as written).
 * A missing ConfigMap/Secret or key stops the container (CreateContainerConfigError) unless the
 * reference is `optional`, which leaves the variable unset instead.
 */
import { decodeSecretValue } from './secret-value.ts';

export type EnvSourceKind = 'ConfigMap' | 'Secret';

/** Where a variable's value comes from. */
export type EnvOrigin =
  | { kind: 'value' }
  | { kind: EnvSourceKind; name: string; key: string; via: 'env' | 'envFrom' }
  | { kind: 'field'; field: string };

export interface EnvVar {
  name: string;
  /** What the process sees; undefined when the source cannot be read here (or for a field of the Pod). */
  value?: string;
  origin: EnvOrigin;
}

export interface Environment {
  vars: Map<string, EnvVar>;
  /** References that keep the container from starting (CreateContainerConfigError), as the kubelet words them. */
  blocking: string[];
  /** References marked optional whose object or key is missing: the variable is silently unset. */
  skipped: Array<{ name?: string; reason: string }>;
}

/** The namespace's ConfigMaps and Secrets by name; a kind left out cannot be read (values unknown). */
export interface EnvSources {
  configMaps?: Map<string, any>;
  secrets?: Map<string, any>;
}

export function sourcesByName(configMaps?: any[], secrets?: any[]): EnvSources {
  const byName = (items?: any[]) => (items ? new Map(items.map((o) => [o.metadata?.name as string, o])) : undefined);
  return { configMaps: byName(configMaps), secrets: byName(secrets) };
}

/** The key → value pairs a ConfigMap or Secret offers as variables (the kubelet reads ConfigMap `data`, Secret `data` decoded). */
function entriesOf(kind: EnvSourceKind, object: any): Map<string, string | undefined> {
  const data: Record<string, unknown> = object?.data ?? {};
  return new Map(Object.entries(data).map(([k, v]) => [k, kind === 'ConfigMap' ? String(v) : decoded(v)]));
}

function decoded(v: unknown): string | undefined {
  const d = decodeSecretValue(v);
  return d.ok ? d.text : undefined;
}

/** The object, `null` when it does not exist, `undefined` when this kind cannot be read here. */
function lookup(kind: EnvSourceKind, name: string, sources: EnvSources): any | null | undefined {
  const all = kind === 'ConfigMap' ? sources.configMaps : sources.secrets;
  return all ? (all.get(name) ?? null) : undefined;
}

/** `$(VAR)` replaced by what is defined so far; `$$(VAR)` stays `$(VAR)`; an unknown name is left as written. */
export function expandEnvValue(value: string, defined: Map<string, EnvVar>): { text: string; known: boolean } {
  let known = true;
  const text = value.replace(/\$\$|\$\(([^)]*)\)/g, (whole, name: string | undefined) => {
    if (whole === '$$') return '$';
    const v = defined.get(name!);
    if (!v) return whole;
    if (v.value === undefined) known = false;
    return v.value ?? whole;
  });
  return { text, known };
}

const envVarName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export function effectiveEnv(container: any, sources: EnvSources = {}): Environment {
  const vars = new Map<string, EnvVar>();
  const blocking: string[] = [];
  const skipped: Environment['skipped'] = [];
  for (const f of container?.envFrom ?? []) {
    const kind: EnvSourceKind | undefined = f?.configMapRef ? 'ConfigMap' : f?.secretRef ? 'Secret' : undefined;
    if (!kind) continue;
    const ref = f.configMapRef ?? f.secretRef;
    const object = lookup(kind, ref.name, sources);
    if (object === null) {
      const reason = `envFrom refers to ${kind} ${ref.name}, which does not exist`;
      if (ref.optional) skipped.push({ reason });
      else blocking.push(reason);
      continue;
    }
    if (object === undefined) continue;
    for (const [key, value] of entriesOf(kind, object)) {
      const name = `${f.prefix ?? ''}${key}`;
      // The kubelet skips (with an event) keys that are not valid variable names.
      if (!envVarName.test(name)) continue;
      vars.set(name, { name, value, origin: { kind, name: ref.name, key, via: 'envFrom' } });
    }
  }
  for (const e of container?.env ?? []) {
    if (!e?.name) continue;
    const ref = e.valueFrom?.configMapKeyRef ?? e.valueFrom?.secretKeyRef;
    if (!e.valueFrom || (e.value !== undefined && e.value !== '')) {
      const { text, known } = expandEnvValue(String(e.value ?? ''), vars);
      vars.set(e.name, { name: e.name, ...(known ? { value: text } : {}), origin: { kind: 'value' } });
    } else if (ref) {
      const kind: EnvSourceKind = e.valueFrom.configMapKeyRef ? 'ConfigMap' : 'Secret';
      const origin = { kind, name: ref.name, key: ref.key, via: 'env' } as const;
      const object = lookup(kind, ref.name, sources);
      const entries = object ? entriesOf(kind, object) : undefined;
      const missing = object === null ? `${kind} ${ref.name}, which does not exist` : entries && !entries.has(ref.key) ? `key "${ref.key}" of ${kind} ${ref.name}, which has no such key (its keys: ${[...entries.keys()].join(', ') || 'none'})` : undefined;
      if (missing) {
        const reason = `${e.name} refers to ${missing}`;
        if (ref.optional) {
          skipped.push({ name: e.name, reason });
          continue;
        }
        blocking.push(reason);
      }
      vars.set(e.name, { name: e.name, ...(entries?.has(ref.key) && entries.get(ref.key) !== undefined ? { value: entries.get(ref.key) } : {}), origin });
    } else {
      const field = e.valueFrom.fieldRef?.fieldPath ?? e.valueFrom.resourceFieldRef?.resource ?? Object.keys(e.valueFrom)[0] ?? 'valueFrom';
      vars.set(e.name, { name: e.name, origin: { kind: 'field', field } });
    }
  }
  return { vars, blocking, skipped };
}

/** `key DATABASE_HOST of ConfigMap api-config`, `a value written in the manifest`, for messages. */
export function describeOrigin(origin: EnvOrigin): string {
  if (origin.kind === 'value') return 'a value written in the manifest (env[].value)';
  if (origin.kind === 'field') return `the Pod's ${origin.field} (valueFrom)`;
  return `key ${origin.key} of ${origin.kind} ${origin.name}${origin.via === 'envFrom' ? ' (envFrom)' : ''}`;
}

/** The value for a message: quoted, or hidden when it comes from a Secret. */
export function showEnvValue(v: EnvVar): string {
  if (v.origin.kind === 'Secret') return 'a Secret value';
  return v.value === undefined ? 'a value not known here' : JSON.stringify(v.value);
}

/** What an `env` assertion asks of one variable. */
export interface EnvExpectation {
  name: string;
  equals?: string | number | boolean;
  matches?: RegExp;
  from?: { configMap?: string; secret?: string; key?: string };
}

export interface EnvJudgement {
  ok: boolean;
  message: string;
  expected: string;
  actual: string;
}

function describeWanted(want: EnvExpectation): string {
  const value = want.equals !== undefined ? JSON.stringify(String(want.equals)) : want.matches ? `a value matching /${want.matches.source}/` : '';
  const from = want.from ? `${want.from.key ? `key ${want.from.key} of ` : ''}${want.from.configMap ? `ConfigMap ${want.from.configMap}` : `Secret ${want.from.secret}`}` : '';
  return [value, from && `from ${from}`].filter(Boolean).join(' ');
}

function originMatches(origin: EnvOrigin, from: NonNullable<EnvExpectation['from']>): boolean {
  if (origin.kind !== 'ConfigMap' && origin.kind !== 'Secret') return false;
  const [kind, name] = from.configMap !== undefined ? ['ConfigMap', from.configMap] : ['Secret', from.secret];
  return origin.kind === kind && origin.name === name && (from.key === undefined || origin.key === from.key);
}

/** Judge one variable of a container by its effective value and where that value comes from. */
export function judgeEnv(container: any, want: EnvExpectation, sources: EnvSources, field = `container ${container?.name ?? ''}`.trim()): EnvJudgement {
  const expected = describeWanted(want) || 'set';
  if (!container || typeof container !== 'object') return { ok: false, expected, actual: 'no container', message: `${field} is not set, expected ${want.name} ${expected}` };
  const env = effectiveEnv(container, sources);
  if (env.blocking.length) {
    return { ok: false, expected, actual: 'container cannot start', message: `${field} cannot start (CreateContainerConfigError): ${env.blocking.join('; ')}` };
  }
  const v = env.vars.get(want.name);
  if (!v) {
    const hidden = env.skipped.find((s) => s.name === want.name);
    const why = hidden ? `: ${hidden.reason}, and optional: true leaves it unset` : ' (neither env nor envFrom defines it)';
    return { ok: false, expected, actual: 'not set', message: `${field} does not set ${want.name}${why}, expected ${expected}` };
  }
  const actual = `${showEnvValue(v)} from ${describeOrigin(v.origin)}`;
  const fail = (expectedText: string) => ({ ok: false, expected, actual, message: `${field} sets ${want.name} to ${actual}, expected ${expectedText}` });
  if (want.from && !originMatches(v.origin, want.from)) return fail(`it ${describeWanted({ name: want.name, from: want.from })}`);
  if (want.equals !== undefined || want.matches) {
    const wanted = describeWanted({ name: want.name, equals: want.equals, matches: want.matches });
    if (v.value === undefined) return fail(`${wanted} (its value cannot be read here)`);
    const ok = want.equals !== undefined ? v.value === String(want.equals) : want.matches!.test(v.value);
    if (!ok) return fail(wanted);
  }
  return { ok: true, expected, actual, message: `${field} sets ${want.name} to ${actual}` };
}
