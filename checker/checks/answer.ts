import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { pattern } from '../engine/pattern.ts';

export async function answer(check: CheckOf<'answer'>, ctx: CheckContext): Promise<Outcome> {
  const given = ctx.answer?.trim();
  if (!given) return fail('no answer given yet', { expected: 'an answer', actual: 'none' });
  const ok = pattern(check.pattern, check.caseSensitive ? '' : 'i').test(given);
  return ok ? pass(`answer "${given}" is right`) : fail(`"${given}" is not the answer`, { actual: given });
}
