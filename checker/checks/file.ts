import { parse } from 'yaml';
import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { pattern } from '../engine/pattern.ts';

export async function file(check: CheckOf<'file'>, ctx: CheckContext): Promise<Outcome> {
  const text = await ctx.files.read(check.file);
  if (text === null) return fail(`${check.file} not found in the workspace`, { expected: 'the file exists', actual: 'missing' });
  if (check.matches && !pattern(check.matches, 'm').test(text)) return fail(`${check.file} does not match /${check.matches}/`, { expected: `/${check.matches}/` });
  if (check.expect?.length) {
    let data: unknown;
    try {
      data = parse(text);
    } catch (err) {
      return fail(`${check.file} is not valid YAML/JSON: ${(err as Error).message.split('\n')[0]}`);
    }
    for (const a of check.expect) {
      const r = evaluateAssertion(data, a);
      if (!r.ok) return fail(`${check.file}: ${r.message}`, { expected: r.expected, actual: r.actual });
    }
  }
  return pass(`${check.file} as expected`);
}
