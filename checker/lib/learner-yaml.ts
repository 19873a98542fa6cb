import { parseDocument } from 'yaml';

/**
 * YAML written by a learner (compose files, manifests read by file checks,
 * answers.yaml), parsed with bounds: a few aliases are normal (`<<: *common`),
 * but aliases of aliases expand exponentially ("billion laughs"), and even
 * under yaml's own alias count one anchored list referenced a few hundred times
 * becomes millions of values that every later step walks.
 */
export const learnerYamlLimits = {
  /** yaml's `maxAliasCount`: alias uses, weighted by the aliases they contain. */
  maxAliasCount: 50,
  /** Values after aliases are expanded. */
  maxValues: 100_000,
};

export type LearnerYaml = { ok: true; data: unknown } | { ok: false; problem: string; line?: number; col?: number; expansion?: boolean };

/** More values than `limit`, counting a shared (aliased) value each time it appears. */
function expandsBeyond(data: unknown, limit: number): boolean {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (++count > limit) return true;
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

const aliasProblem = (limits: typeof learnerYamlLimits) =>
  `too much to check: its aliases (*name) expand to over ${limits.maxValues} values or ${limits.maxAliasCount} alias uses; write the repeated parts out instead of nesting aliases`;

/** Parse one YAML document with the bounds above; syntax errors keep their line and column. */
export function parseLearnerYaml(text: string, options: { merge?: boolean; uniqueKeys?: boolean; limits?: typeof learnerYamlLimits } = {}): LearnerYaml {
  const limits = options.limits ?? learnerYamlLimits;
  const doc = parseDocument(text, { merge: options.merge ?? false, uniqueKeys: options.uniqueKeys ?? true, prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    const problem = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { ok: false, problem, ...(pos ? { line: pos.line, col: pos.col } : {}) };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) return { ok: false, problem: aliasProblem(limits), expansion: true };
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
  if (expandsBeyond(data, limits.maxValues)) return { ok: false, problem: aliasProblem(limits), expansion: true };
  return { ok: true, data };
}
