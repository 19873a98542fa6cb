import { Arg, DockerfileParser, Env, From, type Copy, type Instruction } from 'dockerfile-ast';
import type { DockerfileRule } from '../../schemas/checks-files.ts';

/** One broken rule. `line` is 1-based; 0 means the finding is not about a Dockerfile line (a missing .dockerignore). */
export interface Violation {
  /** The rule, or the check field (`base`, `exposes`) whose fact the Dockerfile does not state. */
  rule: DockerfileRule | 'base' | 'exposes' | 'installs';
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
  /** The image the final stage must be built on (any spelling, a patch release of it). */
  base?: string;
  /** Ports the final stage must declare with EXPOSE. */
  exposes?: readonly (string | number)[];
  /** The install command some RUN must use (`npm ci`; its aliases count). */
  installs?: string;
}

export interface Stage {
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

export interface Model {
  escape: string;
  globalArgs: Map<string, string | null>;
  preamble: Instruction[];
  stages: Stage[];
}

export type RuleOptions = Required<Omit<LintOptions, 'base' | 'exposes' | 'installs'>>;
export type RuleFn = (m: Model, o: RuleOptions) => { violations: Violation[]; notes?: Note[] };

// ---------- model ----------

export function buildModel(text: string): Model {
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

export const lineOf = (ins: Instruction) => ins.getRange().start.line + 1;

/** Shell-style `$X`, `${X}`, `${X:-default}`, `${X-default}`, `${X:+alt}`, `${X+alt}` as Docker expands them in FROM. */
export function substitute(text: string, vars: Map<string, string | null>): { value: string; unresolved: string[] } {
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

export function parseImage(ref: string): { name: string; tag: string | null; digest: string | null } {
  const at = ref.indexOf('@');
  const nameTag = at >= 0 ? ref.slice(0, at) : ref;
  const colon = nameTag.lastIndexOf(':');
  const hasTag = colon > nameTag.lastIndexOf('/');
  return { name: hasTag ? nameTag.slice(0, colon) : nameTag, tag: hasTag ? nameTag.slice(colon + 1) : null, digest: at >= 0 ? ref.slice(at + 1) : null };
}

/** The instruction as written, on one line, keyword upper-cased, cut at 72 characters. */
export function shown(ins: Instruction, max = 72): string {
  const text = ins.getTextContent().split(/\r?\n/).filter((l, i) => i === 0 || !/^\s*#/.test(l)).join('\n');
  const flat = (ins.getKeyword() + text.slice(ins.getInstruction().length)).replace(/\\[ \t]*\r?\n/g, ' ').split('\n')[0].replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** The shell command of a RUN (continuations joined, comment lines dropped; exec form joined by spaces). */
export function commandText(ins: Instruction, escape: string): string {
  const raw = ins.getRawArgumentsContent() ?? '';
  const exec = execForm(raw);
  if (exec) return exec.join(' ');
  const lines = raw.split(/\r?\n/);
  const kept = [lines[0], ...lines.slice(1).filter((l) => !/^\s*#/.test(l))].join('\n');
  const esc = escape.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return kept.replace(new RegExp(`${esc}[ \\t]*\\r?\\n`, 'g'), ' ');
}

export function execForm(raw: string): string[] | null {
  if (!raw.trimStart().startsWith('[')) return null;
  try {
    const parsed = JSON.parse(raw.replace(/\\[ \t]*\r?\n/g, ' '));
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

/** Simple commands of a shell line: split on && || ; | and newlines, `sudo` and `VAR=x` prefixes dropped. */
export function segments(command: string): string[] {
  return command
    .split(/&&|\|\||[;|\n]/)
    .map((s) => s.trim().replace(/^(sudo\s+(-\S+\s+)*)?(\w+=\S*\s+)*/, '').trim())
    .filter(Boolean);
}

/** COPY/ADD sources (flags dropped, JSON form understood); the last argument is the destination. */
export function copySources(ins: Instruction): string[] {
  const exec = execForm(ins.getRawArgumentsContent() ?? '');
  const args = exec ?? ins.getArguments().map((a) => a.getValue());
  return args.slice(0, -1).map((s) => s.replace(/^["']|["']$/g, ''));
}

export function flagValue(ins: Instruction, name: string): string | null {
  const flag = (ins as Copy).getFlags?.().find((f) => f.getName() === name);
  return flag ? flag.getValue() : null;
}

export const finalStage = (m: Model) => m.stages[m.stages.length - 1];

/** A stage and the stages it is built FROM, oldest first. */
export function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | null = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  return chain;
}

export function describeStage(s: Stage): string {
  return shown(s.from).replace(/\s+AS\s+\S+$/i, '');
}

export function globRegex(glob: string): RegExp {
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

export const cleanPath = (p: string) => p.trim().replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/\*\*$/, '').replace(/\/+$/, '');

export const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Variables an instruction can see in a stage lineage: ENV and ARG values before it (global ARGs when redeclared). */
export function varsBefore(m: Model, chain: Stage[], ins: Instruction): Map<string, string | null> {
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
