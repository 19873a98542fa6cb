import type { Task } from '../schemas/task.ts';

/**
 * The `covers:` audit (`labs validate`): every requirement a task's
 * description states must be verified by one of its checks. A heuristic to
 * start: the requirements are the **bold** values and the numbers of the
 * description; one counts as covered when it appears among the task's checks'
 * values, field paths, names and patterns (a pattern read without its `\`
 * escapes; a bold quantity by its numbers), or when a check lists it in
 * `covers:`.
 */

export interface Requirement {
  kind: 'bold' | 'number';
  text: string;
}

const bold = /\*\*(.+?)\*\*/g;
/** A number standing alone: not part of a word, a version, a path or an image reference. */
const number = /(?<![\w.:/@`-])\d+(?:\.\d+)?(?![\w.:/@-]*[\w:/@])(?!\.\d)/g;

const plain = (s: string) => s.replace(/`/g, '').trim();

/** The requirements of a description, each once, in order. */
export function requirementsOf(description: string): Requirement[] {
  const out: Requirement[] = [];
  const seen = new Set<string>();
  const add = (r: Requirement) => {
    const key = `${r.kind}:${r.text.toLowerCase()}`;
    if (r.text && !seen.has(key)) {
      seen.add(key);
      out.push(r);
    }
  };
  for (const m of description.matchAll(bold)) add({ kind: 'bold', text: plain(m[1]) });
  // Numbers outside code spans and bold text (those name a value already, or are a command's output).
  const prose = description.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`]*`/g, ' ').replace(bold, ' ');
  for (const m of prose.matchAll(number)) add({ kind: 'number', text: m[0] });
  return out;
}

/** Every value, key and pattern of a check, lower-cased, patterns also without their escapes. */
function checkTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => checkTexts(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'covers') continue;
      out.push(k.toLowerCase());
      checkTexts(v, out);
    }
  } else if (value !== undefined && value !== null) {
    const s = String(value).toLowerCase();
    out.push(s);
    if (s.includes('\\')) out.push(s.replace(/\\(.)/g, '$1'));
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Is this requirement among the texts (a number as a whole number, not a digit of a longer one)? */
function appears(r: Requirement, texts: string[]): boolean {
  const needle = r.text.toLowerCase();
  // A bold quantity (**3 replicas**, **64 MiB**, **1 Pod per 60 seconds**): its numbers are what a check compares.
  const numbers = r.kind === 'bold' ? r.text.match(/\d+(?:\.\d+)?/g) : null;
  if (numbers && !texts.some((t) => t.includes(needle))) return numbers.every((n) => appears({ kind: 'number', text: n }, texts));
  if (r.kind === 'number') {
    const re = new RegExp(`(^|[^\\d.])${escape(needle)}(?![\\d]|\\.\\d)`);
    return texts.some((t) => re.test(t));
  }
  return texts.some((t) => t.includes(needle));
}

/** The requirements of a task no check verifies, by the heuristic above. */
export function uncoveredRequirements(task: Pick<Task, 'description' | 'checks'>): Requirement[] {
  const checks = task.checks as Record<string, unknown>[];
  const texts = checkTexts(checks);
  const declared = checks.flatMap((c) => (Array.isArray(c.covers) ? (c.covers as string[]) : [])).map((s) => plain(s).toLowerCase());
  return requirementsOf(task.description).filter((r) => !declared.includes(r.text.toLowerCase()) && !appears(r, texts));
}

/** How a requirement reads in a warning. */
export const showRequirement = (r: Requirement) => (r.kind === 'bold' ? `**${r.text}**` : `the number ${r.text}`);
