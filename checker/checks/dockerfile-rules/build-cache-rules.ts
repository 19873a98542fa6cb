import { Add, Copy, Run, type Instruction } from 'dockerfile-ast';
import { cleanPath, commandText, copySources, flagValue, globRegex, lineage, lineOf, list, segments, shown, type Model, type Note, type RuleFn, type Violation } from './model.ts';

// ---------- cache-order ----------

interface Installer {
  pattern: RegExp;
  /** Files the tool reads; only those also in the check's `manifests` list are required. */
  files: string[];
  /**
   * Every file the install reads, when it reads nothing else: any other local file copied before it
   * (the source) makes each change to that file re-run the install. Absent for tools that build the
   * source too (mvn, cargo build) or may read the project itself (poetry, uv sync, pipenv).
   */
  reads?: string[];
  /** What this installer does that another does not, for a message that asked for it. */
  why?: string;
}

const nodeReads = ['package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', '.yarnrc', '.yarnrc.yml', '.yarn', '.pnpmfile.cjs'];

const installers: Installer[] = [
  // npm clean-install, ic and install-clean are npm ci's aliases.
  { pattern: /^npm\s+(ci|clean-install|ic|install-clean)\b/, files: ['package.json', 'package-lock.json'], reads: nodeReads, why: 'which installs exactly the versions package-lock.json pins (and fails when it is out of date)' },
  { pattern: /^npm\s+(install|i|add)\b(?!.*\s(-g|--global)\b)/, files: ['package.json'], reads: nodeReads },
  { pattern: /^yarn(\s+install)?(\s+--?[\w-]+(=\S+)?)*$/, files: ['package.json', 'yarn.lock'], reads: nodeReads },
  { pattern: /^pnpm\s+(install|i|fetch)\b/, files: ['package.json', 'pnpm-lock.yaml'], reads: nodeReads },
  { pattern: /^(pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b.*\s(-r|--requirement)[\s=]/, files: [], reads: ['requirements*.txt', 'constraints*.txt', 'requirements', 'pip.conf'] },
  { pattern: /^poetry\s+install\b/, files: ['pyproject.toml', 'poetry.lock'] },
  { pattern: /^pipenv\s+(install|sync)\b/, files: ['Pipfile', 'Pipfile.lock'] },
  { pattern: /^uv\s+sync\b/, files: ['pyproject.toml', 'uv.lock'] },
  { pattern: /^go\s+mod\s+download\b/, files: ['go.mod', 'go.sum'], reads: ['go.mod', 'go.sum', 'go.work', 'go.work.sum'] },
  { pattern: /^(\.\/)?mvnw?\b/, files: ['pom.xml'] },
  { pattern: /^bundle\s+install\b/, files: ['Gemfile', 'Gemfile.lock'], reads: ['Gemfile', 'Gemfile.lock', '*.gemspec', '.bundle'] },
  { pattern: /^cargo\s+(fetch|build)\b/, files: ['Cargo.toml', 'Cargo.lock'] },
];

interface Install {
  command: string;
  needs: string[];
  /** Whether a copied source is one the install reads (null: the tool may read anything). */
  reads: ((src: string) => boolean) | null;
}

/** The first install command of a RUN and the manifests it needs (pip: the `-r` files it names). */
function installIn(command: string, manifests: readonly string[]): Install | null {
  for (const seg of segments(command)) {
    const inst = installers.find((i) => i.pattern.test(seg));
    if (!inst) continue;
    const pipFiles = [...seg.matchAll(/\s(?:-r|--requirement)(?:\s+|=)(\S+)/g)].map((mm) => cleanPath(mm[1]));
    const needs = inst.files.length ? inst.files.filter((f) => manifests.includes(f)) : pipFiles;
    const known = inst.reads ? [...inst.reads, ...inst.files, ...pipFiles, ...manifests] : null;
    const reads = known && ((src: string) => readsOnly(src, known));
    return { command: seg.length > 40 ? `${seg.slice(0, 39)}…` : seg, needs, reads };
  }
  return null;
}

/** A COPY source names only files an install reads: `package*.json` does; `server.js`, `src/` or `*.js` do not. */
function readsOnly(src: string, known: readonly string[]): boolean {
  const name = cleanPath(src).split('/').pop()!;
  if (!name) return false;
  if (known.some((k) => globRegex(k).test(name))) return true;
  // A glob counts when what it matches is a manifest (`package*.json`, `*.lock`), not when it may be anything.
  return /[*?[]/.test(name) && known.some((k) => !/[*?[]/.test(k) && globRegex(name).test(k));
}

const wholeContext = (src: string) => ['.', './', '*', './*'].includes(src.trim());

function covers(src: string, manifest: string): boolean {
  const s = cleanPath(src);
  const want = cleanPath(manifest);
  if (want.includes('/')) return globRegex(s).test(want);
  return globRegex(s.split('/').pop()!).test(want);
}

function bindSources(ins: Instruction): string[] {
  return ((ins as Run).getFlags?.() ?? [])
    .filter((f) => f.getName() === 'mount' && /(^|,)type=bind(,|$)/.test(f.getValue() ?? ''))
    .map((f) => /(?:^|,)(?:source|src)=([^,]+)/.exec(f.getValue() ?? '')?.[1])
    .filter((v): v is string => !!v);
}

export const cacheOrder: RuleFn = (m, o) => {
  const out: Violation[] = [];
  for (const stage of m.stages) {
    const inherited = lineage(stage).slice(0, -1).flatMap((s) => s.body);
    const seen = new Set<string>();
    for (const [idx, ins] of stage.body.entries()) {
      if (!(ins instanceof Run)) continue;
      const install = installIn(commandText(ins, m.escape), o.manifests);
      if (!install) continue;
      const tool = install.command.split(/\s+/).slice(0, 2).join(' ');
      if (seen.has(tool.split(' ')[0])) continue;
      seen.add(tool.split(' ')[0]);
      // COPY --from counts as copying manifests (a runtime stage taking package.json from the build stage) but not as the context.
      const before = stage.body.slice(0, idx).filter((i) => i instanceof Copy || i instanceof Add);
      const manifestCopy = install.needs.length ? `COPY ${install.needs.join(' ')} ./` : 'COPY only the dependency manifests';
      const whole = before.find((c) => flagValue(c, 'from') === null && copySources(c).some(wholeContext));
      if (whole) {
        out.push({
          rule: 'cache-order',
          line: lineOf(whole),
          message: `line ${lineOf(whole)}: ${shown(whole)} copies the whole build context before RUN ${install.command} (line ${lineOf(ins)}), so any source change re-runs the install; ${manifestCopy} first, then RUN ${install.command}, then ${shown(whole)}`,
          expected: `the manifests copied before RUN ${install.command}, the sources after`,
          actual: `${shown(whole)} before RUN ${install.command}`,
        });
        continue;
      }
      const sources = [...inherited.filter((i) => i instanceof Copy || i instanceof Add), ...before].flatMap(copySources).concat(bindSources(ins));
      const missing = install.needs.filter((f) => !sources.some((s) => covers(s, f)));
      if (missing.length > 0) {
        out.push({
          rule: 'cache-order',
          line: lineOf(ins),
          message: `line ${lineOf(ins)}: RUN ${install.command} comes before ${list(missing)} ${missing.length > 1 ? 'are' : 'is'} copied; add ${manifestCopy} before it`,
          expected: `${list(install.needs)} copied before RUN ${install.command}`,
          actual: `${list(missing)} not copied yet`,
        });
        continue;
      }
      // The manifests are there, but so is some source: each edit to it invalidates the install layer.
      const early = install.reads && before.filter((c) => flagValue(c, 'from') === null).map((c) => ({ c, extra: copySources(c).filter((src) => !install.reads!(src)) })).find((e) => e.extra.length > 0);
      if (early) {
        const what = list(early.extra);
        out.push({
          rule: 'cache-order',
          line: lineOf(early.c),
          message: `line ${lineOf(early.c)}: ${shown(early.c)} copies ${what} before RUN ${install.command} (line ${lineOf(ins)}), so every change to ${what} re-runs the install; ${manifestCopy} first, then RUN ${install.command}, then copy ${what}`,
          expected: `only the manifests copied before RUN ${install.command}`,
          actual: `${what} copied before RUN ${install.command}`,
        });
      }
    }
  }
  return { violations: out };
};

// ---------- installs (a check field) ----------

/**
 * Some RUN installs the dependencies with `expected` (`npm ci`), or an alias of it (`npm clean-install`):
 * the same installer entry. Another install (`npm install`) or none is named with what it does instead.
 */
export function installsWith(m: Model, expected: string): Violation[] {
  const want = installers.find((i) => i.pattern.test(expected.trim()));
  const runs = m.stages.flatMap((s) => s.body).filter((i) => i instanceof Run);
  const found = runs.map((ins) => ({ ins, segs: segments(commandText(ins, m.escape)) }));
  if (found.some(({ segs }) => segs.some((seg) => (want ? want.pattern.test(seg) : seg.startsWith(expected))))) return [];
  const other = found.map(({ ins, segs }) => ({ ins, seg: segs.find((seg) => installers.some((i) => i.pattern.test(seg))) })).find((f) => f.seg);
  const line = other ? lineOf(other.ins) : (m.stages[0]?.line ?? 1);
  const message = other
    ? `line ${line}: RUN ${other.seg} installs the dependencies, not ${expected}${want?.why ? `, ${want.why}` : ''}; use RUN ${expected}`
    : `no RUN installs the dependencies with ${expected}; add RUN ${expected} after copying the manifests it reads`;
  return [{ rule: 'installs', line, message, expected: `RUN ${expected}`, actual: other ? `RUN ${other.seg}` : 'no install' }];
}

// ---------- dockerignore ----------

/** Whether `.dockerignore` text excludes `entry`, with Docker's semantics: the last matching line wins, `!` re-includes. */
export function dockerignoreExcludes(dockerignore: string, entry: string): boolean {
  const target = cleanPath(entry);
  const parts = target.split('/');
  const paths = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let excluded = false;
  for (const raw of dockerignore.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = cleanPath(negated ? line.slice(1) : line);
    if (!pattern) continue;
    const re = globRegex(pattern);
    if (paths.some((p) => re.test(p))) excluded = !negated;
  }
  return excluded;
}

export const dockerignore: RuleFn = (_m, o) => {
  const entries = o.ignoreEntries;
  if (o.dockerignore === null) {
    const message = entries.length
      ? `no .dockerignore beside the Dockerfile, so ${list(entries)} are sent to the build; create .dockerignore listing ${entries.length > 1 ? 'them' : 'it'}, one per line`
      : 'no .dockerignore beside the Dockerfile; create one so only what the build needs is sent';
    return { violations: [{ rule: 'dockerignore', line: 0, message, expected: '.dockerignore', actual: 'not found' }] };
  }
  const missing = entries.filter((e) => !dockerignoreExcludes(o.dockerignore!, e));
  if (missing.length === 0) return { violations: [] };
  return {
    violations: [{
      rule: 'dockerignore',
      line: 0,
      message: `.dockerignore does not exclude ${list(missing)}; add ${missing.length > 1 ? 'them' : 'it'} to .dockerignore, one per line`,
      expected: entries.join(', '),
      actual: `${list(missing)} not excluded`,
    }],
  };
};

// ---------- copy-over-add ----------

const isRemote = (src: string) => /^(https?|git):\/\//i.test(src) || /^git@/.test(src);
const isArchive = (src: string) => /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i.test(src);

export const copyOverAdd: RuleFn = (m) => {
  const violations: Violation[] = [];
  const notes: Note[] = [];
  for (const ins of m.stages.flatMap((s) => s.body)) {
    if (!(ins instanceof Add)) continue;
    const sources = copySources(ins);
    const local = sources.filter((s) => !isRemote(s) && !isArchive(s));
    const line = lineOf(ins);
    if (local.length > 0) {
      violations.push({
        rule: 'copy-over-add',
        line,
        message: `line ${line}: ${shown(ins)} copies local files; use ${shown(ins).replace(/^ADD/, 'COPY')} (keep ADD for URLs and archives to unpack)`,
        expected: 'COPY',
        actual: 'ADD',
      });
    } else if (sources.some(isRemote)) {
      notes.push({ rule: 'copy-over-add', line, message: `line ${line}: ${shown(ins)} downloads at build time (allowed; --checksum=sha256:… pins what it gets)` });
    } else if (sources.length > 0) {
      notes.push({ rule: 'copy-over-add', line, message: `line ${line}: ${shown(ins)} unpacks a local archive (allowed: that is what ADD is for)` });
    }
  }
  return { violations, notes };
};
