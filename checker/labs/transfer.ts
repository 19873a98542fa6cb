import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { LoadedLab } from '../engine/engine.ts';

/**
 * Does a lab ask for transfer, or can its lesson be copied? A lab whose
 * solution's lines (manifests, Dockerfile, commands) stand word for word in the
 * code blocks of its lesson turns "do" into "copy": the lesson should teach
 * with one example and the lab ask for the same skill with other names and
 * values. This measures how much of the solution the lesson already holds.
 */
export interface TransferReport {
  lab: string;
  /** Distinctive solution lines (trimmed), and those found verbatim in the lesson's code blocks. */
  lines: number;
  copied: string[];
  /** copied / lines. */
  share: number;
}

/** Lines every manifest or Dockerfile has: they say nothing about copying. */
const generic = /^(apiVersion: [\w./]+|kind: \w+|metadata:|spec:|template:|containers:|selector:|matchLabels:|labels:|ports:|data:|stringData:|resources:|limits:|requests:|env:|volumes:|volumeMounts:|-|---|[\w-]+:\s*\|?|name: (web|app|api|db)|replicas: \d|WORKDIR \/app|EXPOSE \d+|USER \w+|\{|\}|\)|\]|\[)$/;

/** The lines of a solution file or command worth comparing: no blanks, comments or boilerplate. */
export function distinctiveLines(text: string): string[] {
  return [...new Set(text.split('\n')
    .map((l) => l.trim().replace(/^- /, ''))
    .filter((l) => l.length >= 8 && !l.startsWith('#') && !l.startsWith('//') && !generic.test(l)))];
}

/** The lines inside the fenced code blocks of a Markdown/MDX lesson, trimmed. */
export function codeBlockLines(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/^\s*(```+|~~~+)[^\n]*\n([\s\S]*?)^\s*\1\s*$/gm)) {
    for (const l of m[2]!.split('\n')) out.add(l.trim().replace(/^- /, '').replace(/^\$ /, ''));
  }
  return out;
}

/** `starter`: the files the learner starts from; their lines are given, not copied. */
export function transferReport(lab: string, solution: string[], lesson: string, starter: string[] = []): TransferReport {
  const given = new Set(starter.flatMap(distinctiveLines));
  const lines = [...new Set(solution.flatMap(distinctiveLines))].filter((l) => !given.has(l));
  const blocks = codeBlockLines(lesson);
  const copied = lines.filter((l) => blocks.has(l));
  return { lab, lines: lines.length, copied, share: lines.length ? copied.length / lines.length : 0 };
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

/** The lab's solution as text: its `solution/` files and `run:` commands. */
export async function solutionTexts({ lab, dir }: LoadedLab): Promise<string[]> {
  const files = await filesUnder(join(dir, 'solution'));
  const texts = await Promise.all(files.filter((f) => !relative(dir, f).endsWith('answers.yaml')).map((f) => readFile(f, 'utf8')));
  return [...texts, ...lab.solution.flatMap((s) => ('run' in s ? [s.run] : 'sandbox' in s ? [s.sandbox] : []))];
}

export async function labTransfer(loaded: LoadedLab, lessonsRoot: string): Promise<TransferReport | null> {
  const lessonFile = ['.mdx', '.md'].map((ext) => join(lessonsRoot, `${loaded.lab.lesson}${ext}`)).find(existsSync);
  if (!lessonFile) return null;
  const starter = await Promise.all((await filesUnder(join(loaded.dir, 'starter'))).map((f) => readFile(f, 'utf8')));
  return transferReport(loaded.lab.id, await solutionTexts(loaded), await readFile(lessonFile, 'utf8'), starter);
}
