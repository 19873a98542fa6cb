import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
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
  /**
   * The chart as the lab ships it (a folder, relative to the lab's folder, e.g. `starter/hello-web`):
   * the chosen revision must have been installed from it unchanged, its values.yaml (as data) and
   * templates. Values typed into the chart's own values.yaml live only in this copy of the chart.
   */
  chart?: string;
}

/** What of a chart decides what it renders: its default values and its templates' text, by name (`templates/x.yaml`). */
export interface ChartContent {
  values: Record<string, unknown>;
  templates: Record<string, string>;
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
  /** The chart the revision was installed from, as Helm stored it in the record. */
  chart: ChartContent;
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
    chart: {
      values: r.chart?.values ?? {},
      templates: Object.fromEntries((r.chart?.templates ?? []).map((t: any) => [t.name, Buffer.from(t.data ?? '', 'base64').toString('utf8')])),
    },
  };
}

/** A chart folder read as `helm install ./dir` loads it: values.yaml parsed, every file under templates/. */
export function readChart(dir: string): ChartContent {
  const values = (parseYaml(readFileSync(join(dir, 'values.yaml'), 'utf8')) ?? {}) as Record<string, unknown>;
  const templates: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      if (e.isDirectory()) walk(`${sub}/${e.name}`);
      else templates[`${sub}/${e.name}`] = readFileSync(join(dir, sub, e.name), 'utf8');
    }
  };
  walk('templates');
  return { values, templates };
}

/** Leaves that differ between two value trees, `replicaCount 1→2`; a key on one side only shows as `(none)` on the other. */
function valueChanges(shipped: unknown, used: unknown, prefix = ''): string[] {
  if (isObject(shipped) && isObject(used)) {
    const keys = [...new Set([...Object.keys(shipped), ...Object.keys(used)])];
    return keys.flatMap((k) => valueChanges(shipped[k], used[k], `${prefix}${k}.`));
  }
  if (JSON.stringify(shipped) === JSON.stringify(used)) return [];
  const text = (v: unknown) => (v === undefined ? '(none)' : show(v));
  return [`${prefix.slice(0, -1)} ${text(shipped)}→${text(used)}`];
}

// An editor may save other line endings or trailing blanks: those change nothing Helm renders.
const normalise = (text: string) => text.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '').trimEnd();

/** What was changed in the chart a revision was installed from, against the chart as shipped: `values.yaml: replicaCount 1→2`. */
export function chartEdits(shipped: ChartContent, used: ChartContent): string[] {
  const edits: string[] = [];
  const values = valueChanges(shipped.values, used.values);
  if (values.length) edits.push(`values.yaml: ${values.join(', ')}`);
  for (const name of [...new Set([...Object.keys(shipped.templates), ...Object.keys(used.templates)])].sort()) {
    const [was, is] = [shipped.templates[name], used.templates[name]];
    if (was === undefined) edits.push(`${name} added`);
    else if (is === undefined) edits.push(`${name} removed`);
    else if (normalise(was) !== normalise(is)) edits.push(`${name} edited`);
  }
  return edits;
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

/** Pure: judge a release's records against the options (`shipped`: the chart `options.chart` names, read). */
export function judgeRelease(records: ReleaseRecord[], options: HelmReleaseOptions, namespace: string, shipped?: ChartContent): Outcome {
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
  const edits = shipped ? chartEdits(shipped, record.chart) : [];
  if (edits.length) {
    return fail(
      `${where} was installed from an edited chart (${edits.join('; ')}): those changes live in this copy of the chart only, and the next install of the published chart loses them — restore the chart, override its values with -f or --set, and install again (helm uninstall ${name} first)`,
      { expected: 'the chart as shipped, values passed with -f or --set', actual: `edited: ${edits.join('; ')}` },
    );
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
  const shipped = options.chart ? readChart(resolve(ctx.labDir, options.chart)) : undefined;
  return judgeRelease(secrets.map(toRecord), options, ctx.namespace, shipped);
}
