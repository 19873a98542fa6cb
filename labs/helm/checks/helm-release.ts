import { gunzipSync } from 'node:zlib';
import { looseEquals, show, fail, pass, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * Reads Helm's release records as `helm history` does: Secrets of type
 * `helm.sh/release.v1` labelled owner=helm, name=<release>, version=<N>, whose
 * `release` field is base64(gzip(JSON)) (base64 once more in the Secret's data).
 * Values are judged as the templates saw them: the chart's values.yaml with
 * the values the learner passed (`-f`, `--set`) merged over it.
 */
export interface HelmReleaseOptions {
  release: string;
  /** Which revision: a number, `deployed` (default: the current one), or `any` (the newest whose values contain `where`). */
  revision?: number | 'deployed' | 'any';
  /** With `revision: any`: the values that identify the revision, e.g. `{ image: { tag: 1.31-trixie } }`. */
  where?: Record<string, unknown>;
  /** Values the chosen revision must have (a subset, by dotted path in messages). */
  values?: Record<string, unknown>;
  /** The chosen revision's number is at least this. */
  minRevision?: number;
  /** The chosen revision must be a rollback to this revision (`helm rollback <release> <N>`, or to the previous one). */
  rollbackTo?: number;
}

export interface ReleaseRecord {
  name: string;
  version: number;
  status: string;
  description: string;
  rollbackRevision?: number;
  /** The values the learner passed. */
  config: Record<string, unknown>;
  /** Chart defaults with `config` merged over them. */
  values: Record<string, unknown>;
}

/** The release JSON inside a Secret; Helm writes gzip, but older records may be plain JSON. */
export function decodeRelease(secret: any): any {
  const stored = secret.data?.release;
  if (!stored) throw new Error(`Secret ${secret.metadata?.name} has no release field`);
  const helmEncoded = Buffer.from(stored, 'base64').toString('utf8');
  const bytes = Buffer.from(helmEncoded, 'base64');
  const json = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
  return JSON.parse(json);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Helm's coalescing, for plain values: user values win, maps merge, `null` deletes a default. */
export function mergeValues(defaults: unknown, overrides: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = isObject(defaults) ? structuredClone(defaults) : {};
  if (!isObject(overrides)) return out;
  for (const [k, v] of Object.entries(overrides)) {
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = mergeValues(out[k], v);
    else out[k] = structuredClone(v);
  }
  return out;
}

export function toRecord(secret: any): ReleaseRecord {
  const r = decodeRelease(secret);
  const description: string = r.info?.description ?? '';
  const fromText = /^Rollback to (\d+)/.exec(description)?.[1];
  const rollbackRevision = r.info?.rollback_revision ?? (fromText ? Number(fromText) : undefined);
  return {
    name: r.name,
    version: Number(r.version ?? secret.metadata?.labels?.version),
    status: r.info?.status ?? secret.metadata?.labels?.status ?? 'unknown',
    description,
    ...(rollbackRevision ? { rollbackRevision } : {}),
    config: r.config ?? {},
    values: mergeValues(r.chart?.values ?? {}, r.config ?? {}),
  };
}

/** Leaf paths of an expected subset: `{ image: { tag: x } }` → `[['image.tag', x]]`. */
function leaves(expected: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(expected).flatMap(([k, v]) => (isObject(v) ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

const at = (values: Record<string, unknown>, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (isObject(v) ? v[k] : undefined), values);

function mismatch(values: Record<string, unknown>, expected: Record<string, unknown> | undefined): { path: string; actual: unknown; wanted: unknown } | null {
  for (const [path, wanted] of leaves(expected ?? {})) {
    const actual = at(values, path);
    if (!looseEquals(actual, wanted)) return { path, actual, wanted };
  }
  return null;
}

const passed = (config: Record<string, unknown>) => (Object.keys(config).length ? `values you passed: ${JSON.stringify(config)}` : 'you passed no values');

/** Pure: judge a release's records against the options. */
export function judgeRelease(records: ReleaseRecord[], options: HelmReleaseOptions, namespace: string): Outcome {
  const name = options.release;
  const history = records.filter((r) => r.name === name).sort((a, b) => b.version - a.version);
  if (history.length === 0) {
    return fail(`no Helm release "${name}" in namespace ${namespace} (no Secret of type helm.sh/release.v1 labelled owner=helm,name=${name})`, {
      expected: `release ${name}`,
      actual: 'not installed',
    });
  }
  const summary = history.map((r) => `${r.version} ${r.status}`).join(', ');
  const which = options.revision ?? 'deployed';
  let record: ReleaseRecord | undefined;
  if (which === 'deployed') {
    record = history.find((r) => r.status === 'deployed');
    if (!record) return fail(`release ${name} has no deployed revision (revisions: ${summary})`, { expected: 'a deployed revision', actual: summary });
  } else if (which === 'any') {
    record = history.find((r) => !mismatch(r.values, options.where));
    if (!record) {
      const [path, wanted] = leaves(options.where ?? {})[0] ?? ['', ''];
      const seen = history.map((r) => `${r.version}: ${show(at(r.values, path))}`).join(', ');
      return fail(`release ${name}: no revision has ${path} ${show(wanted)} (revisions: ${seen})`, { expected: `${path} ${show(wanted)}`, actual: seen });
    }
  } else {
    record = history.find((r) => r.version === which);
    if (!record) return fail(`release ${name} has no revision ${which} (revisions: ${summary})`, { expected: `revision ${which}`, actual: summary });
  }
  const where = `release ${name} revision ${record.version}`;
  if (options.minRevision !== undefined && record.version < options.minRevision) {
    return fail(`release ${name} is at revision ${record.version} (${record.description || record.status}), expected revision ${options.minRevision} or later (revisions: ${summary})`, {
      expected: `revision ≥ ${options.minRevision}`,
      actual: `revision ${record.version}`,
    });
  }
  if (options.rollbackTo !== undefined && record.rollbackRevision !== options.rollbackTo) {
    const made = record.rollbackRevision ? `a rollback to revision ${record.rollbackRevision}` : `"${record.description}", not by helm rollback`;
    return fail(`${where} was made by ${made}; expected a rollback to revision ${options.rollbackTo}`, {
      expected: `Rollback to ${options.rollbackTo}`,
      actual: record.description,
    });
  }
  const bad = mismatch(record.values, options.values);
  if (bad) {
    return fail(`${where}: ${bad.path} is ${show(bad.actual)}, expected ${show(bad.wanted)} (${passed(record.config)})`, {
      expected: show(bad.wanted),
      actual: show(bad.actual),
    });
  }
  const checked = leaves(options.values ?? {}).map(([p, v]) => `${p}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return pass(`${where} (${record.status}${record.rollbackRevision ? `, rollback to ${record.rollbackRevision}` : ''})${checked.length ? `: ${checked.join(', ')}` : ''}`);
}

export default async function helmRelease(ctx: CheckContext, raw: Record<string, unknown>): Promise<Outcome> {
  const options = raw as unknown as HelmReleaseOptions;
  if (options.revision === 'any' && !options.where) throw new Error('helm-release: revision "any" needs `where`');
  if (options.where && options.revision !== 'any') throw new Error('helm-release: `where` needs revision "any"');
  const secrets = (await ctx.kube().list('Secret', { namespace: ctx.namespace })).filter(
    (s) => s.type === 'helm.sh/release.v1' && s.metadata?.labels?.owner === 'helm' && s.metadata?.labels?.name === options.release,
  );
  return judgeRelease(secrets.map(toRecord), options, ctx.namespace);
}
