import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { pattern } from '../engine/pattern.ts';
import { parseLearnerYaml } from '../lib/learner-yaml.ts';

export async function file(check: CheckOf<'file'>, ctx: CheckContext): Promise<Outcome> {
  const text = await ctx.files.read(check.file);
  if (text === null) return fail(`${check.file} not found in the workspace`, { expected: 'the file exists', actual: 'missing' });
  if (check.matches && !pattern(check.matches, 'm').test(text)) return fail(`${check.file} does not match /${check.matches}/`, { expected: `/${check.matches}/` });
  if (check.expect?.length) {
    const parsed = parseLearnerYaml(text);
    if (!parsed.ok) {
      if (parsed.expansion) return fail(`${check.file}: ${parsed.problem}`);
      return fail(`${check.file} is not valid YAML/JSON: ${parsed.problem}${parsed.line ? ` at line ${parsed.line}, column ${parsed.col}` : ''}`);
    }
    const data = parsed.data;
    for (const a of check.expect) {
      const r = evaluateAssertion(data, a);
      if (!r.ok) return fail(`${check.file}: ${r.message}`, { expected: r.expected, actual: r.actual });
    }
  }
  return pass(`${check.file} as expected`);
}
