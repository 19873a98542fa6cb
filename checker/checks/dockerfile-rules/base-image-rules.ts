import { Add, Arg, Copy, Env, From, Keyword, type Instruction } from 'dockerfile-ast';
import { closest } from '../../lib/closest.ts';
import { describeStage, execForm, finalStage, flagValue, lineOf, parseImage, shown, type Model, type RuleFn, type Stage, type Violation } from './model.ts';

// ---------- parses ----------

const keywords = new Set<string>(Object.values(Keyword));

const closestKeyword = (word: string) => closest(word.toUpperCase(), keywords, word.length <= 4 ? 2 : 3);

export const parses: RuleFn = (m) => {
  const out: Violation[] = [];
  const at = (ins: Instruction, col = ins.getRange().start.character) => `line ${lineOf(ins)}, column ${col + 1}`;
  const add = (ins: Instruction, message: string, col?: number) => out.push({ rule: 'parses', line: lineOf(ins), message: `${at(ins, col)}: ${message}` });
  const all = [...m.preamble, ...m.stages.flatMap((s) => [s.from as Instruction, ...s.body])];
  const notArg = m.preamble.find((i) => !(i instanceof Arg));
  if (notArg) add(notArg, `${notArg.getInstruction()} comes before FROM; a Dockerfile must start with FROM <image> (only ARG may come first)`);
  else if (m.stages.length === 0) out.push({ rule: 'parses', line: 1, message: 'line 1, column 1: no FROM instruction; start the Dockerfile with FROM <image>, e.g. FROM node:26-bookworm-slim' });
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
  node: 'node:26-bookworm-slim',
  python: 'python:3.12-slim',
  golang: 'golang:1.26',
  nginx: 'nginx:1.30-alpine',
  postgres: 'postgres:16',
  redis: 'redis:7',
  busybox: 'busybox:1.37',
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

export const pinnedBase: RuleFn = (m) => {
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

// ---------- multi-stage, named-stages ----------

function stageReferred(m: Model, ref: string, before: number): Stage | undefined {
  const earlier = m.stages.slice(0, before);
  return /^\d+$/.test(ref) ? earlier[Number(ref)] : earlier.find((s) => s.name?.toLowerCase() === ref.toLowerCase());
}

export const multiStage: RuleFn = (m) => {
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

export const namedStages: RuleFn = (m) => {
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
