import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { shellLangs, type CodeBlock } from './code-blocks.ts';

/**
 * Checks that keep the lessons right as the pinned versions and the lab engines change.
 * Each returns problems, one sentence each, naming the file and line; empty when sound.
 */

const where = (b: CodeBlock) => `${b.file}:${b.line}`;

/** A shell block that `bash -n` rejects, a YAML block that does not parse, a nocheck without a reason. */
export function blockProblems(b: CodeBlock): string[] {
  if (b.nocheck === '') return [`${where(b)}: a bare nocheck; say why the block is not checked: nocheck="…"`];
  if (b.nocheck !== undefined) return [];
  if (shellLangs.has(b.lang)) {
    const r = spawnSync('bash', ['-n'], { input: b.code, encoding: 'utf8' });
    if (r.status !== 0) return [`${where(b)}: the ${b.lang} block does not parse: ${r.stderr.trim().replace(/^bash: /, '')}`];
  }
  if (b.lang === 'yaml') {
    const errors = parseAllDocuments(b.code).flatMap((d) => ('errors' in d ? d.errors : []));
    if (errors.length) return [`${where(b)}: the yaml block does not parse: ${errors[0].message.split('\n')[0]}`];
  }
  return [];
}

/** The documents of a YAML block that are Kubernetes objects (apiVersion, kind and metadata.name). */
export function manifestsOf(b: CodeBlock): Record<string, unknown>[] {
  if (b.lang !== 'yaml' || b.nocheck !== undefined) return [];
  return parseAllDocuments(b.code)
    .map((d) => ('toJS' in d ? (d.toJS() as unknown) : null))
    .filter((o): o is Record<string, unknown> => {
      if (!o || typeof o !== 'object') return false;
      const r = o as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
      return typeof r.apiVersion === 'string' && typeof r.kind === 'string' && typeof r.metadata?.name === 'string';
    });
}

/** Talks about the lab's cluster… */
const aboutLabCluster = /\b(lab|lab's|course's|this)\s+(\w+\s+)?cluster\b|\blab engines?\b/i;
/** …and about behaviour that differs between the engines. */
const engineBehaviour = /\b(simulated|no container|containers? (really )?(runs?|starts?)|provisioner|traffic|cannot happen|kubelets?|metrics-server|ingress controller|image pulls?|kube-proxy|DNS server|crash(es)?|OOM|out-of-memory)\b/i;
/** kind (not "kind of …") or kwok. */
const namesEngine = /\bkwok\b|\bkind\b(?!\s+of\b)/;

/**
 * Paragraphs and admonitions (`:::note … :::`) that describe how the lab cluster behaves but name
 * neither engine: the default kind engine runs real kubelets, the Docker-free kwok engine
 * simulates them, so such a note is wrong on one of them.
 */
export function engineNoteProblems(prose: string, file: string): string[] {
  const problems: string[] = [];
  for (const { text, line } of proseUnits(prose)) {
    if (aboutLabCluster.test(text) && engineBehaviour.test(text) && !namesEngine.test(text)) {
      problems.push(`${file}:${line}: a note about the lab cluster names no engine; say whether it holds on kind, on kwok, or both: "${text.replace(/\s+/g, ' ').slice(0, 90)}…"`);
    }
  }
  return problems;
}

/** Paragraphs, with each `:::` admonition kept whole. */
export function proseUnits(prose: string): { text: string; line: number }[] {
  const lines = prose.split('\n');
  const units: { text: string; line: number }[] = [];
  let current: string[] = [];
  let start = 0;
  let inAdmonition = false;
  const flush = () => {
    if (current.join('').trim()) units.push({ text: current.join('\n'), line: start + 1 });
    current = [];
  };
  lines.forEach((l, i) => {
    if (/^:::\w/.test(l.trim())) {
      flush();
      inAdmonition = true;
      start = i;
      current.push(l);
      return;
    }
    if (inAdmonition) {
      current.push(l);
      if (l.trim() === ':::') {
        inAdmonition = false;
        flush();
      }
      return;
    }
    if (!l.trim()) return flush();
    if (!current.length) start = i;
    current.push(l);
  });
  flush();
  return units;
}

/** An image reference a lesson or lab names: `nginx:1.30-trixie`, `node:26`. */
export interface ImageMention {
  name: string;
  tag: string;
  line: number;
}

/** References to the catalog's images (by name) in a text; `\.` in regular expressions reads as `.`. */
export function imageMentions(text: string, names: readonly string[]): ImageMention[] {
  const found: ImageMention[] = [];
  const re = new RegExp(`(?<![\\w./-])(?:docker\\.io/(?:library/)?)?(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')}):([\\w][\\w.-]*)`, 'g');
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\\\./g, '.');
    for (const m of l.matchAll(re)) found.push({ name: m[1], tag: m[2].replace(/[.-]+$/, ''), line: i + 1 });
  });
  return found;
}

/** The version a tag starts with: `1.30` of `1.30-trixie`, `26` of `26-bookworm-slim`; none for `bookworm-slim`. */
export function versionOf(tag: string): string | undefined {
  return /^\d+(?:\.\d+)*/.exec(tag)?.[0];
}

/**
 * Mentions of a catalog image on a version line the catalog does not pin: `node:20` when the
 * catalog has `node:26-bookworm-slim`. A mention may be more exact than the pin (`node:26.13.0`)
 * or name only its major (`redis:7`), but not another line. Tags without a version (`latest`, `bookworm-slim`) are not judged here.
 */
export function imageVersionProblems(text: string, file: string, refs: readonly string[]): string[] {
  const lines = new Map<string, string[]>();
  for (const ref of refs) {
    const [name, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
    const v = versionOf(tag);
    if (v) lines.set(name, [...(lines.get(name) ?? []), v]);
  }
  const problems: string[] = [];
  for (const m of imageMentions(text, [...lines.keys()])) {
    const v = versionOf(m.tag);
    // `postgres:5432` is a host and a port, not an image.
    if (!v || /^\d{3,5}$/.test(m.tag)) continue;
    const pinned = lines.get(m.name) ?? [];
    // As exact as the pin or more (node:26.13.0), or only its major (redis:7 for redis:7.2).
    if (!pinned.some((p) => v === p || v.startsWith(`${p}.`) || (!v.includes('.') && p.startsWith(`${v}.`)))) {
      problems.push(`${file}:${m.line}: ${m.name}:${m.tag} is not on a line the images catalog pins (${pinned.map((p) => `${m.name}:${p}`).join(', ')}); use the pinned line, or pin the new one in scripts/images/catalog.ts`);
    }
  }
  return problems;
}

/**
 * "Kubernetes 1.N" and "Helm N" newer than the pinned versions: a lesson cannot teach a release the
 * labs do not run.
 */
export function toolVersionProblems(text: string, file: string, pins: { kubernetes: string; helm: string }): string[] {
  const problems: string[] = [];
  const [kMajor, kMinor] = pins.kubernetes.split('.').map(Number);
  const helmMajor = Number(pins.helm.split('.')[0]);
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/\bKubernetes (?:v)?(\d+)\.(\d+)\b/g)) {
      const [maj, min] = [Number(m[1]), Number(m[2])];
      if (maj > kMajor || (maj === kMajor && min > kMinor)) problems.push(`${file}:${i + 1}: "${m[0]}" is newer than the pinned Kubernetes ${pins.kubernetes} (scripts/versions.ts)`);
    }
    for (const m of l.matchAll(/\bHelm (\d+)\b/g)) {
      if (Number(m[1]) > helmMajor) problems.push(`${file}:${i + 1}: "${m[0]}" is newer than the pinned Helm ${pins.helm} (scripts/versions.ts)`);
    }
  });
  return problems;
}
