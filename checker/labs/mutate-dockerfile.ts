/**
 * Mutation testing of a lab's Dockerfile and .dockerignore (see mutate.ts for manifests): each
 * `meaning` mutation changes what the image is or does (an instruction removed, the base
 * unpinned, USER root, a port, exec form turned into shell form, a COPY run before a RUN…), each
 * `equivalent` rewrite spells the same build another way (a fully-qualified base, lower-case
 * keywords, a LABEL split in two, `ENV a b`, JSON-form COPY…) and must pass every task.
 */
import { noMutateConfig, type MutateConfig, type Mutation } from './mutate.ts';

/** One instruction: its lines (continuations included), 0-based. */
interface Instruction {
  start: number;
  end: number;
  keyword: string;
  /** Arguments on one line: continuations joined, comment lines inside dropped. */
  args: string;
  stage: number;
}

/** The instructions of a Dockerfile (a `\` at the end of a line continues it). */
export function instructionsOf(text: string): Instruction[] {
  const lines = text.split('\n');
  const out: Instruction[] = [];
  let stage = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    const start = i;
    const parts = [line.trimEnd()];
    while (/\\\s*$/.test(lines[i]) && i + 1 < lines.length) {
      i++;
      if (!/^\s*#/.test(lines[i])) parts.push(lines[i].trimEnd());
    }
    const joined = parts.map((p) => p.replace(/\\\s*$/, '').trim()).join(' ').trim();
    const m = /^(\S+)\s*(.*)$/.exec(joined);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    out.push({ start, end: i, keyword, args: m[2], stage });
  }
  return out;
}

const isExec = (args: string) => {
  try {
    const v = JSON.parse(args);
    return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null;
  } catch {
    return null;
  }
};

/** `--flag=value` words at the start of COPY/ADD/FROM arguments, and the rest. */
function splitFlags(args: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let rest = args;
  for (let m = /^(--\S+)\s+/.exec(rest); m; m = /^(--\S+)\s+/.exec(rest)) {
    flags.push(m[1]);
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}

/** The tag of another version: the last number of its leading version plus one (`26-bookworm-slim` → `27-bookworm-slim`, `1.26-bookworm` → `1.27-bookworm`). */
export function otherTag(tag: string): string {
  const m = /^(v?(?:\d+\.)*)(\d+)(.*)$/.exec(tag);
  return m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${tag}-other`;
}

/** A value of the same kind, changed: a number plus one, a path one folder deeper, a word with `-x`. */
function otherValue(v: string): string {
  if (/^\d+$/.test(v)) return String(Number(v) + 1);
  if (v.startsWith('/')) return `${v.replace(/\/$/, '')}/other`;
  return `${v}-x`;
}

const oneLine = (ins: Instruction) => `${ins.keyword} ${ins.args}`.trim();
const cut = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function irrelevant(config: MutateConfig, file: string, ins: Instruction | null, description: string): boolean {
  return config.irrelevant.some((r) => (r.kind === 'Dockerfile' || r.kind === file) && ((ins && oneLine(ins).startsWith(r.path)) || description.startsWith(r.path)));
}

/** Every meaning mutation and equivalent rewrite of a Dockerfile. */
export function dockerfileMutations(file: string, text: string, config: MutateConfig = noMutateConfig): Mutation[] {
  const lines = text.split('\n');
  const all = instructionsOf(text);
  const stageNames = all.filter((i) => i.keyword === 'FROM').map((i) => /\s+AS\s+(\S+)\s*$/i.exec(i.args)?.[1] ?? null);
  const out: Mutation[] = [];
  const add = (kind: Mutation['kind'], ins: Instruction | null, description: string, mutated: string[]) => {
    if (irrelevant(config, file, ins, description)) return;
    const where = ins ? `${file} line ${ins.start + 1}: ${cut(oneLine(ins))}` : file;
    out.push({ id: `${file}#${out.length + 1}`, kind, file, where, description, text: mutated.join('\n') });
  };
  /** The file with an instruction's lines replaced by `replacement` (none: removed). */
  const replaced = (ins: Instruction, ...replacement: string[]) => [...lines.slice(0, ins.start), ...replacement, ...lines.slice(ins.end + 1)];
  const kw = (ins: Instruction) => lines[ins.start].match(/^\s*\S+/)![0].trim();

  for (const [n, ins] of all.entries()) {
    const { keyword, args } = ins;
    if (keyword !== 'FROM') add('meaning', ins, `removed ${keyword}`, replaced(ins));
    if (keyword === 'FROM') {
      const { flags, rest } = splitFlags(args);
      const [image, ...alias] = rest.split(/\s+/);
      const tagged = /^(.+?):([\w][\w.-]*)$/.exec(image);
      const isStage = stageNames.some((s) => s && s.toLowerCase() === image.toLowerCase());
      if (tagged && !isStage && !image.includes('@')) {
        const from = (img: string) => ['FROM', ...flags, img, ...alias].join(' ');
        add('meaning', ins, `base image ${image} → ${tagged[1]} (no tag: latest)`, replaced(ins, from(tagged[1])));
        add('meaning', ins, `base image ${image} → ${tagged[1]}:${otherTag(tagged[2])}`, replaced(ins, from(`${tagged[1]}:${otherTag(tagged[2])}`)));
        if (!tagged[1].includes('/')) add('equivalent', ins, `base image ${image} → docker.io/library/${image}`, replaced(ins, from(`docker.io/library/${image}`)));
      }
    }
    if (keyword === 'USER' && !/^(root|0)(:|$)/.test(args)) add('meaning', ins, `USER ${args} → USER root`, replaced(ins, `${kw(ins)} root`));
    if (keyword === 'EXPOSE') {
      const ports = args.split(/\s+/);
      ports.forEach((p, i) => {
        const m = /^(\d+)(\/\w+)?$/.exec(p);
        if (!m) return;
        const changed = ports.map((q, j) => (j === i ? `${Number(m[1]) + 1}${m[2] ?? ''}` : q)).join(' ');
        add('meaning', ins, `EXPOSE ${p} → ${Number(m[1]) + 1}${m[2] ?? ''}`, replaced(ins, `${kw(ins)} ${changed}`));
        if (!m[2]) add('equivalent', ins, `EXPOSE ${p} → ${p}/tcp`, replaced(ins, `${kw(ins)} ${ports.map((q, j) => (j === i ? `${q}/tcp` : q)).join(' ')}`));
      });
    }
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      const exec = isExec(args);
      if (exec?.length) add('meaning', ins, `${keyword} exec form → shell form (${exec.join(' ')} under /bin/sh -c, not PID 1)`, replaced(ins, `${kw(ins)} ${exec.join(' ')}`));
    }
    if (keyword === 'WORKDIR') {
      add('meaning', ins, `WORKDIR ${args} → ${otherValue(args)}`, replaced(ins, `${kw(ins)} ${otherValue(args)}`));
      if (args.length > 1 && !args.endsWith('/')) add('equivalent', ins, `WORKDIR ${args} → ${args}/`, replaced(ins, `${kw(ins)} ${args}/`));
    }
    if (keyword === 'ENV') {
      const pairs = [...args.matchAll(/([\w.-]+)=("[^"]*"|\S+)/g)].map((m) => [m[1], m[2]] as const);
      for (const [i, [k, v]] of pairs.entries()) {
        const changed = pairs.map(([kk, vv], j) => `${kk}=${j === i ? otherValue(vv) : vv}`).join(' ');
        add('meaning', ins, `ENV ${k}=${v} → ${k}=${otherValue(v)}`, replaced(ins, `${kw(ins)} ${changed}`));
      }
      if (pairs.length === 1 && !pairs[0][1].startsWith('"')) add('equivalent', ins, `ENV ${pairs[0][0]}=${pairs[0][1]} → ENV ${pairs[0][0]} ${pairs[0][1]}`, replaced(ins, `${kw(ins)} ${pairs[0][0]} ${pairs[0][1]}`));
      if (pairs.length > 1) add('equivalent', ins, `ENV split into one instruction per variable`, replaced(ins, ...pairs.map(([k, v]) => `${kw(ins)} ${k}=${v}`)));
    }
    if (keyword === 'LABEL') {
      const pairs = [...args.matchAll(/([\w.-]+)=("[^"]*"|\S+)/g)].map((m) => [m[1], m[2]] as const);
      if (pairs.length > 1) {
        for (const [i, [k]] of pairs.entries()) add('meaning', ins, `LABEL ${k} removed`, replaced(ins, `${kw(ins)} ${pairs.filter((_, j) => j !== i).map(([kk, vv]) => `${kk}=${vv}`).join(' ')}`));
        add('equivalent', ins, `LABEL split into one instruction per label`, replaced(ins, ...pairs.map(([k, v]) => `${kw(ins)} ${k}=${v}`)));
      }
    }
    if (keyword === 'RUN') {
      for (const m of args.matchAll(/(^|&&\s*|;\s*)([A-Z_][A-Z0-9_]*=\S*)\s+/g)) {
        add('meaning', ins, `RUN without ${m[2]} (the variable it sets for the command)`, replaced(ins, `${kw(ins)} ${args.replace(`${m[2]} `, '')}`));
      }
    }
    if (keyword === 'COPY' || keyword === 'ADD') {
      const { flags, rest } = splitFlags(args);
      const exec = isExec(rest);
      const words = exec ?? rest.split(/\s+/);
      const dest = words[words.length - 1];
      const sources = words.slice(0, -1);
      const copy = (k: string, f: string[], w: string[]) => [k, ...f, ...w].join(' ');
      const fromFlag = flags.find((f) => f.startsWith('--from='));
      if (fromFlag) {
        const target = fromFlag.slice('--from='.length);
        add('meaning', ins, `COPY ${fromFlag} removed (copies from the build context)`, replaced(ins, copy(kw(ins), flags.filter((f) => f !== fromFlag), words)));
        stageNames.slice(0, ins.stage).forEach((name, i) => {
          const ref = name ?? String(i);
          if (ref.toLowerCase() !== target.toLowerCase() && String(i) !== target) add('meaning', ins, `COPY --from=${target} → --from=${ref}`, replaced(ins, copy(kw(ins), flags.map((f) => (f === fromFlag ? `--from=${ref}` : f)), words)));
        });
      }
      const changedDest = dest === '.' || dest === './' ? './other/' : dest.endsWith('/') ? `${dest}other/` : `${dest}-other`;
      add('meaning', ins, `${keyword} destination ${dest} → ${changedDest}`, replaced(ins, copy(kw(ins), flags, [...sources, changedDest])));
      const local = !fromFlag && sources.every((s) => !/^[a-z]+:\/\//i.test(s) && !/\.(tar|tgz|gz|bz2|xz|zip)$/.test(s));
      if (keyword === 'COPY' && local) add('meaning', ins, `COPY → ADD`, replaced(ins, copy('ADD', flags, words)));
      if (keyword === 'ADD' && local) add('equivalent', ins, `ADD → COPY (plain local files)`, replaced(ins, copy('COPY', flags, words)));
      if (!exec && sources.length) add('equivalent', ins, `${keyword} in JSON form`, replaced(ins, `${kw(ins)} ${[...flags, JSON.stringify(words).replace(/","/g, '", "')].join(' ')}`));
    }
    // The order of the build: a COPY and a RUN beside each other in one stage, swapped.
    const next = all[n + 1];
    if (next && next.stage === ins.stage && new Set([keyword, next.keyword]).size === 2 && [keyword, next.keyword].every((k) => k === 'COPY' || k === 'RUN') && !/--from=/.test(oneLine(keyword === 'COPY' ? ins : next))) {
      const swapped = [...lines.slice(0, ins.start), ...lines.slice(next.start, next.end + 1), ...lines.slice(ins.end + 1, next.start), ...lines.slice(ins.start, ins.end + 1), ...lines.slice(next.end + 1)];
      add('meaning', ins, `${cut(oneLine(next), 40)} moved before ${cut(oneLine(ins), 40)}`, swapped);
    }
  }
  // Instruction keywords in lower case: the parser reads them case-insensitively.
  const lower = [...lines];
  for (const ins of all) lower[ins.start] = lower[ins.start].replace(/^(\s*)(\S+)/, (_m, sp: string, k: string) => `${sp}${k.toLowerCase()}`);
  if (all.length) add('equivalent', null, 'instruction keywords in lower case', lower);
  return out;
}

/** Every meaning mutation and equivalent rewrite of a .dockerignore: an entry removed, the entries in another order, a leading `/`. */
export function dockerignoreMutations(file: string, text: string, config: MutateConfig = noMutateConfig): Mutation[] {
  const lines = text.split('\n');
  const entries = lines.map((l, i) => [l.trim(), i] as const).filter(([l]) => l && !l.startsWith('#'));
  const out: Mutation[] = [];
  const add = (kind: Mutation['kind'], where: string, description: string, mutated: string[]) => {
    if (config.irrelevant.some((r) => r.kind === file && (where.endsWith(`: ${r.path}`) || description.startsWith(r.path)))) return;
    out.push({ id: `${file}#${out.length + 1}`, kind, file, where, description, text: mutated.join('\n') });
  };
  for (const [entry, i] of entries) {
    add('meaning', `${file}: ${entry}`, `removed ${entry}`, lines.filter((_, j) => j !== i));
    if (!entry.startsWith('/') && !entry.startsWith('!') && !entry.startsWith('*')) add('equivalent', `${file}: ${entry}`, `${entry} → /${entry} (a leading / changes nothing)`, lines.map((l, j) => (j === i ? `/${entry}` : l)));
  }
  if (entries.length > 1 && entries.every(([e]) => !e.startsWith('!'))) add('equivalent', file, 'entries in reverse order', entries.map(([e]) => e).reverse().concat(''));
  return out;
}
