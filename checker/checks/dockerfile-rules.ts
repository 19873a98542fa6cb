import { Add, Arg, Copy, DockerfileParser, Env, From, Keyword, Label, Run, User, type Instruction } from 'dockerfile-ast';
import { dockerfileCheck, type DockerfileRule } from '../schemas/checks-files.ts';
import { closest } from '../lib/closest.ts';

/** One broken rule. `line` is 1-based; 0 means the finding is not about a Dockerfile line (a missing .dockerignore). */
export interface Violation {
  rule: DockerfileRule;
  line: number;
  /** Starts with `line N:`, names the instruction and says the fix, in one line. */
  message: string;
  expected?: string;
  actual?: string;
}

/** Something allowed but worth saying (ADD of a URL or an archive). */
export interface Note {
  rule: DockerfileRule;
  line: number;
  message: string;
}

export interface LintOptions {
  rules: readonly DockerfileRule[];
  requiredLabels?: readonly string[];
  /** Default: the check schema's default (`node_modules`, `.git`). */
  ignoreEntries?: readonly string[];
  /** Default: the check schema's default manifest list. */
  manifests?: readonly string[];
  /** Text of the .dockerignore beside the Dockerfile, null when there is none. */
  dockerignore: string | null;
}

interface Stage {
  from: From;
  line: number;
  name: string | null;
  /** The FROM image with global ARG defaults substituted. */
  base: string;
  /** ARGs used in the FROM image that have no value. */
  unresolved: string[];
  /** The earlier stage this one is built FROM, if any. */
  parent: Stage | null;
  body: Instruction[];
}

interface Model {
  escape: string;
  globalArgs: Map<string, string | null>;
  preamble: Instruction[];
  stages: Stage[];
}

type RuleFn = (m: Model, o: Required<LintOptions>) => { violations: Violation[]; notes?: Note[] };

// ---------- model ----------

function buildModel(text: string): Model {
  const df = DockerfileParser.parse(text);
  const globalArgs = new Map<string, string | null>();
  const preamble: Instruction[] = [];
  const stages: Stage[] = [];
  for (const ins of df.getInstructions()) {
    if (ins instanceof From) {
      const raw = ins.getImage() ?? '';
      const { value, unresolved } = substitute(raw, globalArgs);
      const parent = stages.find((s) => s.name?.toLowerCase() === value.toLowerCase()) ?? null;
      stages.push({ from: ins, line: lineOf(ins), name: ins.getBuildStage(), base: value, unresolved, parent, body: [] });
    } else if (stages.length > 0) {
      stages[stages.length - 1].body.push(ins);
    } else {
      preamble.push(ins);
      const p = ins instanceof Arg ? ins.getProperty() : null;
      if (p) globalArgs.set(p.getName(), p.getValue());
    }
  }
  return { escape: df.getEscapeCharacter(), globalArgs, preamble, stages };
}

const lineOf = (ins: Instruction) => ins.getRange().start.line + 1;

/** Shell-style `$X`, `${X}`, `${X:-default}`, `${X-default}`, `${X:+alt}`, `${X+alt}` as Docker expands them in FROM. */
function substitute(text: string, vars: Map<string, string | null>): { value: string; unresolved: string[] } {
  const unresolved: string[] = [];
  const value = text.replace(/\$(?:\{([A-Za-z_]\w*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_]\w*))/g, (_m, braced, op, word, bare) => {
    const name: string = braced ?? bare;
    const v = vars.get(name);
    const set = v !== undefined && v !== null;
    if (op === ':-') return set && v !== '' ? v : word;
    if (op === '-') return set ? v : word;
    if (op === ':+') return set && v !== '' ? word : '';
    if (op === '+') return set ? word : '';
    if (!set) unresolved.push(name);
    return v ?? '';
  });
  return { value, unresolved };
}

function parseImage(ref: string): { name: string; tag: string | null; digest: string | null } {
  const at = ref.indexOf('@');
  const nameTag = at >= 0 ? ref.slice(0, at) : ref;
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > nameTag.lastIndexOf('/');
  return { name: hasTag ? nameTag.slice(0, colon) : nameTag, tag: hasTag ? nameTag.slice(colon + 1) : null, digest: at >= 0 ? ref.slice(at + 1) : null };
}

/** The instruction as written, on one line, keyword upper-cased, cut at 72 characters. */
function shown(ins: Instruction, max = 72): string {
  const text = ins.getTextContent().split(/\r?\n/).filter((l, i) => i === 0 || !/^\s*#/.test(l)).join('\n');
  const flat = (ins.getKeyword() + text.slice(ins.getInstruction().length)).replace(/\\[ \t]*\r?\n/g, ' ').split('\n')[0].replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The shell command of a RUN (continuations joined, comment lines dropped; exec form joined by spaces). */
function commandText(ins: Instruction, escape: string): string {
  const raw = ins.getRawArgumentsContent() ?? '';
  const exec = execForm(raw);
  if (exec) return exec.join(' ');
  const lines = raw.split(/\r?\n/);
  const kept = [lines[0], ...lines.slice(1).filter((l) => !/^\s*#/.test(l))].join('\n');
  const esc = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return kept.replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), ' ');
}

function execForm(raw: string): string[] | null {
  if (!raw.trimStart().startsWith('[')) return null;
  try {
    const parsed = JSON.parse(raw.replace(/\\[ \t]*\r?\n/g, ' '));
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** Simple commands of a shell line: split on && || ; | and newlines, `sudo` and `VAR=x` prefixes dropped. */
function segments(command: string): string[] {
  return command
    .split(/&&|\|\||[;|\n]/)
    .map((s) => s.trim().replace(/^(sudo\s+(-\S+\s+)*)?(\w+=\S*\s+)*/, '').trim())
    .filter(Boolean);
}

/** COPY/ADD sources (flags dropped, JSON form understood); the last argument is the destination. */
function copySources(ins: Instruction): string[] {
  const exec = execForm(ins.getRawArgumentsContent() ?? '');
  const args = exec ?? ins.getArguments().map((a) => a.getValue());
  return args.slice(0, -1).map((s) => s.replace(/^["']|["']$/g, ''));
}

function flagValue(ins: Instruction, name: string): string | null {
  const flag = (ins as Copy).getFlags?.().find((f) => f.getName() === name);
  return flag ? flag.getValue() : null;
}

const finalStage = (m: Model) => m.stages[m.stages.length - 1];

/** A stage and the stages it is built FROM, oldest first. */
function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

function describeStage(s: Stage): string {
  return shown(s.from).replace(/\s+AS\s+\S+$/i, '');
}

function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[' && glob.indexOf(']', i) > i) {
      const end = glob.indexOf(']', i);
      re += glob.slice(i, end + 1).replace('[!', '[^');
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const cleanPath = (p: string) => p.trim().replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/\*\*$/, '').replace(/\/+$/, '');

const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

// ---------- parses ----------

const keywords = new Set<string>(Object.values(Keyword));

const closestKeyword = (word: string) => closest(word.toUpperCase(), keywords, word.length <= 4 ? 2 : 3);

const parses: RuleFn = (m) => {
  const out: Violation[] = [];
  const at = (ins: Instruction, col = ins.getRange().start.character) => `line ${lineOf(ins)}, column ${col + 1}`;
  const add = (ins: Instruction, message: string, col?: number) => out.push({ rule: 'parses', line: lineOf(ins), message: `${at(ins, col)}: ${message}` });
  const all = [...m.preamble, ...m.stages.flatMap((s) => [s.from as Instruction, ...s.body])];
  const notArg = m.preamble.find((i) => !(i instanceof Arg));
  if (notArg) add(notArg, `${notArg.getInstruction()} comes before FROM; a Dockerfile must start with FROM <image> (only ARG may come first)`);
  else if (m.stages.length === 0) out.push({ rule: 'parses', line: 1, message: 'line 1, column 1: no FROM instruction; start the Dockerfile with FROM <image>, e.g. FROM node:20-bookworm-slim' });
  for (const ins of all) {
    const word = ins.getInstruction();
    const args = ins.getArguments();
    if (!keywords.has(ins.getKeyword())) {
      if (ins === notArg) continue;
      const indented = ins.getRange().start.character > 0;
      const hint = indented ? `if it continues the instruction above, end the line before it with ${m.escape}` : closestKeyword(word) ? `did you mean ${closestKeyword(word)}?` : 'fix the spelling or remove the line';
      add(ins, `unknown instruction ${word}; ${hint}`);
    } else if (ins.getRawArgumentsContent() === null && args.length === 0) {
      add(ins, `${ins.getKeyword()} has no arguments; complete it or remove the line`);
    } else if (ins instanceof From && !(args.length === 1 || (args.length === 3 && args[1].getValue().toLowerCase() === 'as'))) {
      add(ins, `${shown(ins)} is malformed; write FROM <image> or FROM <image> AS <name>`);
    } else if ((ins instanceof Copy || ins instanceof Add) && args.length < 2 && !/<</.test(ins.getRawArgumentsContent() ?? '')) {
      add(ins, `${shown(ins)} needs a source and a destination, e.g. ${ins.getKeyword()} package.json ./`);
    } else if (ins instanceof Env && ins.getProperties().some((p) => p.getValue() === null)) {
      const p = ins.getProperties().find((pp) => pp.getValue() === null)!;
      add(ins, `ENV ${p.getName()} has no value; write ENV ${p.getName()}=<value>`);
    } else if (['CMD', 'ENTRYPOINT', 'RUN'].includes(ins.getKeyword())) {
      const raw = ins.getRawArgumentsContent() ?? '';
      if (/^\[\s*["']/.test(raw) && !execForm(raw)) {
        const flat = raw.replace(/\\[ \t]*\r?\n\s*/g, ' ').trim();
        const kw = ins.getKeyword();
        const [problem, fix] = /^\[\s*'/.test(flat)
          ? ['uses single quotes, which JSON does not allow', `use double quotes: ${kw} ${flat.replace(/'/g, '"')}`]
          : !flat.endsWith(']')
            ? ['is missing its closing ]', `close the array: ${kw} ${flat}]`]
            : ['is not a valid JSON array of strings', `write it as ${kw} ["executable", "arg"]`];
        add(ins, `${kw} ${flat} ${problem}, so Docker would run it as a shell command; ${fix}`, ins.getArgumentsRange()!.start.character);
      }
    }
  }
  return { violations: out };
};

// ---------- pinned-base ----------

const pinExamples: Record<string, string> = {
  ubuntu: 'ubuntu:24.04',
  debian: 'debian:bookworm-slim',
  alpine: 'alpine:3.20',
  node: 'node:20-bookworm-slim',
  python: 'python:3.12-slim',
  golang: 'golang:1.22',
  nginx: 'nginx:1.27-alpine',
  postgres: 'postgres:16',
  redis: 'redis:7',
  busybox: 'busybox:1.36',
  'eclipse-temurin': 'eclipse-temurin:21-jre',
  maven: 'maven:3.9-eclipse-temurin-21',
  rust: 'rust:1.79-slim',
  ruby: 'ruby:3.3-slim',
  httpd: 'httpd:2.4',
};

function pinFix(name: string): string {
  const short = name.replace(/^(docker\.io\/)?(library\/)?/, '');
  return pinExamples[short] ? `pin a version such as ${pinExamples[short]}` : `pin a version tag (${name}:<version>) or a digest (${name}@sha256:…)`;
}

const pinnedBase: RuleFn = (m) => {
  const out: Violation[] = [];
  m.stages.forEach((s, i) => {
    if (!s.base || s.base.toLowerCase() === 'scratch' || m.stages.slice(0, i).some((e) => e.name?.toLowerCase() === s.base.toLowerCase())) return;
    const raw = s.from.getImage() ?? '';
    const add = (message: string, actual: string) => out.push({ rule: 'pinned-base', line: s.line, message: `line ${s.line}: ${message}`, expected: 'a version tag or a digest', actual });
    if (s.unresolved.length > 0) {
      const v = s.unresolved[0];
      add(`FROM ${raw} uses ARG ${v}, which has no default, so the base image is not pinned; give it one before the FROM, e.g. ARG ${v}=<version>`, raw);
      return;
    }
    const { name, tag, digest } = parseImage(s.base);
    if (digest) return;
    const img = raw === s.base ? raw : `${raw} (${s.base})`;
    if (!tag) add(`FROM ${img} has no tag (it means ${name}:latest); ${pinFix(name)}`, `${name}:latest`);
    else if (tag === 'latest') add(`FROM ${img} uses the latest tag, which moves with every release; ${pinFix(name)}`, s.base);
  });
  return { violations: out };
};

// ---------- non-root-user ----------

function userOf(ins: Instruction, vars: Map<string, string | null>): string {
  return substitute(ins.getArguments()[0]?.getValue() ?? '', vars).value;
}

const isRoot = (user: string) => /^(root|0+)$/.test(user.split(':')[0]);

/** Variables an instruction can see in a stage lineage: ENV and ARG values before it (global ARGs when redeclared). */
function varsBefore(m: Model, chain: Stage[], ins: Instruction): Map<string, string | null> {
  const vars = new Map<string, string | null>();
  for (const other of chain.flatMap((s) => s.body)) {
    if (other === ins) break;
    if (other instanceof Env) for (const p of other.getProperties()) vars.set(p.getName(), p.getValue());
    if (other instanceof Arg) {
      const p = other.getProperty();
      if (p) vars.set(p.getName(), p.getValue() ?? m.globalArgs.get(p.getName()) ?? null);
    }
  }
  return vars;
}

const nonRootUser: RuleFn = (m) => {
  const final = finalStage(m);
  if (!final) return { violations: [] };
  const chain = lineage(final);
  const users = chain.flatMap((s) => s.body).filter((i): i is User => i instanceof User);
  const suggestion = /(^|\/)node$/.test(parseImage(final.base).name) ? 'USER node' : 'USER 1000:1000 (or a user you create)';
  const last = users[users.length - 1];
  if (!last) {
    const elsewhere = m.stages.filter((s) => !chain.includes(s)).flatMap((s) => s.body).find((i) => i instanceof User);
    const note = elsewhere ? ` (USER on line ${lineOf(elsewhere)} is in an earlier stage and does not carry over)` : '';
    return {
      violations: [{
        rule: 'non-root-user',
        line: final.line,
        message: `line ${final.line}: the final stage (${describeStage(final)}) has no USER, so the container runs as root${note}; add ${suggestion} before CMD`,
        expected: 'a non-root USER in the final stage',
        actual: 'root (no USER)',
      }],
    };
  }
  const user = userOf(last, varsBefore(m, chain, last));
  if (!isRoot(user)) return { violations: [] };
  const earlier = [...users].reverse().find((u) => u !== last && !isRoot(userOf(u, varsBefore(m, chain, u))));
  const message = earlier
    ? `line ${lineOf(last)}: ${shown(last)} comes after ${shown(earlier)} (line ${lineOf(earlier)}), so the container runs as root; switch back with ${shown(earlier)} after the steps that need root`
    : `line ${lineOf(last)}: ${shown(last)} makes the container run as root; use a non-root user such as ${suggestion}`;
  return { violations: [{ rule: 'non-root-user', line: lineOf(last), message, expected: 'a non-root user', actual: user }] };
};

// ---------- multi-stage, named-stages ----------

function stageReferred(m: Model, ref: string, before: number): Stage | undefined {
  const earlier = m.stages.slice(0, before);
  return /^\d+$/.test(ref) ? earlier[Number(ref)] : earlier.find((s) => s.name?.toLowerCase() === ref.toLowerCase());
}

const multiStage: RuleFn = (m) => {
  const final = finalStage(m);
  if (!final) return { violations: [] };
  if (m.stages.length < 2) {
    return {
      violations: [{
        rule: 'multi-stage',
        line: final.line,
        message: `line ${final.line}: ${describeStage(final)} is the only stage, so build tools ship in the image; build in a stage named build and COPY --from=build only the output into a final stage`,
        expected: 'at least 2 stages',
        actual: '1 stage',
      }],
    };
  }
  const copies = final.body.filter((i) => i instanceof Copy && flagValue(i, 'from') !== null);
  if (copies.some((c) => stageReferred(m, flagValue(c, 'from')!, m.stages.length - 1))) return { violations: [] };
  const from = m.stages[m.stages.length - 2].name ?? 'build';
  return {
    violations: [{
      rule: 'multi-stage',
      line: final.line,
      message: `line ${final.line}: the final stage (${describeStage(final)}) copies nothing from an earlier stage; add COPY --from=${from} <built files> <destination>`,
      expected: 'COPY --from=<earlier stage> in the final stage',
      actual: 'none',
    }],
  };
};

const namedStages: RuleFn = (m) => {
  const out: Violation[] = [];
  m.stages.slice(0, -1).forEach((s) => {
    if (s.name) return;
    out.push({ rule: 'named-stages', line: s.line, message: `line ${s.line}: ${shown(s.from)} starts a stage with no name; name it, e.g. ${shown(s.from)} AS build, and COPY --from=build` });
  });
  m.stages.forEach((s, i) => {
    for (const ins of s.body) {
      const ref = ins instanceof Copy ? flagValue(ins, 'from') : null;
      if (ref === null || !/^\d+$/.test(ref)) continue;
      const target = stageReferred(m, ref, i);
      const fix = target?.name ? `use its name: COPY --from=${target.name}` : 'name that stage (FROM … AS build) and use COPY --from=build';
      out.push({ rule: 'named-stages', line: lineOf(ins), message: `line ${lineOf(ins)}: ${shown(ins)} refers to a stage by number, which breaks when stages move; ${fix}`, expected: 'a stage name', actual: `--from=${ref}` });
    }
  });
  return { violations: out };
};

// ---------- cache-order ----------

interface Installer {
  pattern: RegExp;
  /** Files the tool reads; only those also in the check's `manifests` list are required. */
  files: string[];
}

const installers: Installer[] = [
  { pattern: /^npm\s+ci\b/, files: ['package.json', 'package-lock.json'] },
  { pattern: /^npm\s+(install|i|add)\b(?!.*\s(-g|--global)\b)/, files: ['package.json'] },
  { pattern: /^yarn(\s+install)?(\s+--?[\w-]+(=\S+)?)*$/, files: ['package.json', 'yarn.lock'] },
  { pattern: /^pnpm\s+(install|i|fetch)\b/, files: ['package.json', 'pnpm-lock.yaml'] },
  { pattern: /^(pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\b.*\s(-r|--requirement)[\s=]/, files: [] },
  { pattern: /^poetry\s+install\b/, files: ['pyproject.toml', 'poetry.lock'] },
  { pattern: /^pipenv\s+(install|sync)\b/, files: ['Pipfile', 'Pipfile.lock'] },
  { pattern: /^uv\s+sync\b/, files: ['pyproject.toml', 'uv.lock'] },
  { pattern: /^go\s+mod\s+download\b/, files: ['go.mod', 'go.sum'] },
  { pattern: /^(\.\/)?mvnw?\b/, files: ['pom.xml'] },
  { pattern: /^bundle\s+install\b/, files: ['Gemfile', 'Gemfile.lock'] },
  { pattern: /^cargo\s+(fetch|build)\b/, files: ['Cargo.toml', 'Cargo.lock'] },
];

/** The first install command of a RUN and the manifests it needs (pip: the `-r` files it names). */
function installIn(command: string, manifests: readonly string[]): { command: string; needs: string[] } | null {
  for (const seg of segments(command)) {
    const inst = installers.find((i) => i.pattern.test(seg));
    if (!inst) continue;
    const pipFiles = [...seg.matchAll(/\s(?:-r|--requirement)(?:\s+|=)(\S+)/g)].map((mm) => cleanPath(mm[1]));
    const needs = inst.files.length ? inst.files.filter((f) => manifests.includes(f)) : pipFiles;
    return { command: seg.length > 40 ? `${seg.slice(0, 39)}…` : seg, needs };
  }
  return null;
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

const cacheOrder: RuleFn = (m, o) => {
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
      }
    }
  }
  return { violations: out };
};

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

const dockerignore: RuleFn = (_m, o) => {
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

const copyOverAdd: RuleFn = (m) => {
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

// ---------- no-secrets ----------

const secretWords = [['PASSWORD'], ['PASSWD'], ['SECRET'], ['TOKEN'], ['API', 'KEY'], ['APIKEY'], ['PRIVATE', 'KEY'], ['ACCESS', 'KEY'], ['CREDENTIALS']];

/** `DB_PASSWORD`, `npmToken`, `AWS_ACCESS_KEY_ID` look secret; `TOKENIZERS_PARALLELISM` and `DB_PASSWORD_FILE` (a path) do not. */
export function looksSecret(name: string): boolean {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase().split(/[_\-.]+/).filter(Boolean);
  if (['FILE', 'PATH', 'DIR'].includes(parts[parts.length - 1])) return false;
  return secretWords.some((w) => parts.some((_, i) => w.every((p, j) => parts[i + j] === p)));
}

const noSecrets: RuleFn = (m) => {
  const out: Violation[] = [];
  for (const ins of [...m.preamble, ...m.stages.flatMap((s) => s.body)]) {
    const line = lineOf(ins);
    if (ins instanceof Env) {
      for (const p of ins.getProperties()) {
        const name = p.getName();
        if (!looksSecret(name) || !p.getValue()) continue;
        out.push({
          rule: 'no-secrets',
          line,
          message: `line ${line}: ENV ${name} puts a secret in the image, readable by anyone with docker inspect; pass it at run time (docker run -e, compose secrets) or, for a build step, RUN --mount=type=secret,id=${name.toLowerCase()}`,
          expected: 'no secret in ENV',
          actual: `ENV ${name}`,
        });
      }
    } else if (ins instanceof Arg) {
      const p = ins.getProperty();
      if (!p || !looksSecret(p.getName())) continue;
      const name = p.getName();
      const what = p.getValue() ? `ARG ${name} has a secret default in the Dockerfile` : `ARG ${name} is recorded in the image history (docker history) with the value passed at build time`;
      out.push({
        rule: 'no-secrets',
        line,
        message: `line ${line}: ${what}; use a BuildKit secret instead: RUN --mount=type=secret,id=${name.toLowerCase()} … (docker build --secret id=${name.toLowerCase()},env=${name})`,
        expected: 'RUN --mount=type=secret',
        actual: `ARG ${name}`,
      });
    }
  }
  return { violations: out };
};

// ---------- labels ----------

const labels: RuleFn = (m, o) => {
  const final = finalStage(m);
  if (!final) return { violations: [] };
  const set = new Map<string, string>();
  for (const ins of lineage(final).flatMap((s) => s.body)) {
    if (ins instanceof Label) for (const p of ins.getProperties()) set.set(p.getName(), p.getValue() ?? '');
  }
  const where = `line ${final.line}: the final stage (${describeStage(final)})`;
  if (o.requiredLabels.length === 0) {
    if (set.size > 0) return { violations: [] };
    return {
      violations: [{ rule: 'labels', line: final.line, message: `${where} has no LABEL; add one, e.g. LABEL org.opencontainers.image.source="https://github.com/you/repo"`, expected: 'at least one LABEL', actual: 'none' }],
    };
  }
  const missing = o.requiredLabels.filter((k) => !set.get(k));
  if (missing.length === 0) return { violations: [] };
  return {
    violations: [{
      rule: 'labels',
      line: final.line,
      message: `${where} has no ${list(missing)} label${missing.length > 1 ? 's' : ''}; add LABEL ${missing.map((k) => `${k}="…"`).join(' ')}`,
      expected: o.requiredLabels.join(', '),
      actual: set.size ? [...set.keys()].join(', ') : 'no labels',
    }],
  };
};

// ---------- single-run-for-packages ----------

const packageInstall = /\b(apt-get|apt|apk|dnf|yum|microdnf)\s+(?:-\S+\s+)*(install|add)\b/;
const aptUpdate = /\bapt(-get)?\s+(?:-\S+\s+)*update\b/;
const apkUpdate = /\bapk\s+(?:-\S+\s+)*update\b/;

function runsInARow(body: Instruction[]): Instruction[][] {
  const groups: Instruction[][] = [];
  let current: Instruction[] = [];
  for (const ins of body) {
    if (ins instanceof Run) current.push(ins);
    else {
      if (current.length) groups.push(current);
      current = [];
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

const singleRunForPackages: RuleFn = (m) => {
  const out: Violation[] = [];
  const add = (ins: Instruction, message: string) => out.push({ rule: 'single-run-for-packages', line: lineOf(ins), message: `line ${lineOf(ins)}: ${message}` });
  const oneRun = 'RUN apt-get update && apt-get install -y --no-install-recommends … && rm -rf /var/lib/apt/lists/*';
  for (const stage of m.stages) {
    let firstInstall: Instruction | null = null;
    const updatesAlone: Instruction[] = [];
    for (const ins of stage.body.filter((i) => i instanceof Run)) {
      const cmd = commandText(ins, m.escape);
      const install = packageInstall.exec(cmd);
      if (!install) {
        if (aptUpdate.test(cmd) || apkUpdate.test(cmd)) updatesAlone.push(ins);
        continue;
      }
      if (firstInstall) {
        add(ins, `${shown(ins)} installs packages again (first on line ${lineOf(firstInstall)}); install them all in one RUN: ${oneRun}`);
        continue;
      }
      firstInstall = ins;
      const apt = install[1].startsWith('apt');
      const update = updatesAlone.find((u) => (apt ? aptUpdate : apkUpdate).test(commandText(u, m.escape)));
      if (update) updatesAlone.splice(updatesAlone.indexOf(update), 1);
      const cacheMount = ((ins as Run).getFlags() ?? []).some((f) => f.getName() === 'mount' && /type=cache/.test(f.getValue() ?? '') && /\/var\/(lib|cache)\/apt/.test(f.getValue() ?? ''));
      if (apt && !aptUpdate.test(cmd)) {
        const where = update ? ` (it is in its own RUN on line ${lineOf(update)}, a cached layer)` : '';
        add(ins, `${shown(ins)} has no apt-get update in the same RUN${where}, so it can use a stale package list; write ${oneRun}`);
      } else if (apt && !/rm\s+-[rf]+\s+\/var\/lib\/apt\/lists/.test(cmd) && !cacheMount) {
        add(ins, `${shown(ins)} leaves the package lists in the image; end the RUN with && rm -rf /var/lib/apt/lists/*`);
      } else if (install[1] === 'apk' && !/--no-cache\b/.test(cmd) && !/rm\s+-[rf]+\s+\/var\/cache\/apk/.test(cmd)) {
        add(ins, `${shown(ins)} keeps the package index in the image; use apk add --no-cache …`);
      }
    }
    for (const u of updatesAlone) {
      add(u, `${shown(u)} on its own is cached as a separate layer, so installs can use a stale package list; update and install in the same RUN: ${oneRun}`);
    }
    for (const group of runsInARow(stage.body)) {
      if (group.length <= 2) continue;
      add(group[0], `${group.length} RUN instructions in a row (lines ${group.map(lineOf).join(', ')}) each add a layer; chain them with && into one RUN`);
    }
  }
  out.sort((a, b) => a.line - b.line);
  return { violations: out };
};

// ---------- no-curl-pipe ----------

const curlPipe = [
  /\b(curl|wget)\b[^|;&\n]*\|\s*(sudo\s+(-\S+\s+)*)?(\/(usr\/)?bin\/)?(ba|z|da|k|a)?sh\b/,
  /\b(ba|z)?sh\s+(-\S+\s+)*["']?\$\(\s*(curl|wget)\b/,
  /\b(ba|z)?sh\s+<\(\s*(curl|wget)\b/,
];

const noCurlPipe: RuleFn = (m) => {
  const out: Violation[] = [];
  for (const ins of m.stages.flatMap((s) => s.body)) {
    if (!(ins instanceof Run)) continue;
    const cmd = commandText(ins, m.escape);
    const hit = curlPipe.find((re) => re.test(cmd));
    if (!hit) continue;
    const tool = /\bwget\b/.test(cmd) && !/\bcurl\b/.test(cmd) ? 'wget' : 'curl';
    out.push({
      rule: 'no-curl-pipe',
      line: lineOf(ins),
      message: `line ${lineOf(ins)}: ${shown(ins)} pipes a downloaded script into a shell unchecked; download it with ${tool} to a file, verify its checksum (sha256sum -c), then run it`,
      expected: 'a checked download',
      actual: `${tool} | sh`,
    });
  }
  return { violations: out };
};

// ---------- entry points ----------

const ruleFns: Record<DockerfileRule, RuleFn> = {
  parses,
  'pinned-base': pinnedBase,
  'non-root-user': nonRootUser,
  'multi-stage': multiStage,
  'named-stages': namedStages,
  'cache-order': cacheOrder,
  dockerignore,
  'copy-over-add': copyOverAdd,
  'no-secrets': noSecrets,
  labels,
  'single-run-for-packages': singleRunForPackages,
  'no-curl-pipe': noCurlPipe,
};

/**
 * Run the requested rules. Violations come in the order of `rules`, by line within a rule.
 * A file with no FROM at all is reported once (as `parses`) whatever the rules, since no
 * other verdict about it would mean anything.
 */
export function analyzeDockerfile(text: string, options: LintOptions): { violations: Violation[]; notes: Note[] } {
  const o: Required<LintOptions> = {
    rules: options.rules,
    requiredLabels: options.requiredLabels ?? [],
    ignoreEntries: options.ignoreEntries ?? dockerfileCheck.shape.ignoreEntries.parse(undefined),
    manifests: options.manifests ?? dockerfileCheck.shape.manifests.parse(undefined),
    dockerignore: options.dockerignore,
  };
  const m = buildModel(text);
  if (m.stages.length === 0) return { violations: parses(m, o).violations.slice(0, 1), notes: [] };
  const violations: Violation[] = [];
  const notes: Note[] = [];
  for (const rule of [...new Set(o.rules)]) {
    const r = ruleFns[rule](m, o);
    violations.push(...r.violations);
    notes.push(...(r.notes ?? []));
  }
  return { violations, notes };
}

export function lintDockerfile(text: string, options: LintOptions): Violation[] {
  return analyzeDockerfile(text, options).violations;
}
