import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { pattern } from '../engine/pattern.ts';

/** The answer as typed, trimmed, without quotes or backticks wrapped around the whole of it (`` `etcd` ``, "etcd"). */
export function unwrapAnswer(text: string): string {
  let given = text.trim();
  for (let m; (m = /^([`'"])([\s\S]*)\1$/.exec(given)) && m[2].trim() && !m[2].includes(m[1]); ) given = m[2].trim();
  return given;
}

/** As the API accepts; answer patterns may be slow on longer text (answers.yaml can be edited by hand). */
export const maxAnswerLength = 2000;

export async function answer(check: CheckOf<'answer'>, ctx: CheckContext): Promise<Outcome> {
  const typed = (ctx.answer ?? '').trim();
  if (typed.length > maxAnswerLength) return fail(`the answer is too long to check (${typed.length} characters, limit ${maxAnswerLength})`, { expected: 'a short answer' });
  const given = unwrapAnswer(typed);
  if (!given) return fail('no answer given yet', { expected: 'an answer', actual: 'none' });
  const ok = pattern(check.pattern, check.caseSensitive ? '' : 'i').test(given);
  return ok ? pass(`answer "${given}" is right`) : fail(`"${given}" is not the answer`, { actual: given });
}
