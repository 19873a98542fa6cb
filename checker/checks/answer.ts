import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { pattern } from '../engine/pattern.ts';

/**
 * The answer as a learner means it: trimmed, without quotes or backticks wrapped around the whole of it
 * (`` `etcd` ``, "etcd"), without the full stop or comma a sentence ends with (`3.`, `etcd.`; a `.`
 * after a space, a build context, stays), and a PID given with its label (`PID: 1`, `pid=1`,
 * `PID 12345`) as the bare number.
 */
export function unwrapAnswer(text: string): string {
  let given = text.trim();
  for (let before = ''; before !== given; ) {
    before = given;
    const m = /^([`'"])([\s\S]*)\1$/.exec(given);
    if (m && m[2].trim() && !m[2].includes(m[1])) given = m[2].trim();
    given = given.replace(/(?<=[\w)\]`'"])[.,;!]+$/, '').trim();
  }
  const pid = /^(?:(?:host\s+)?pid|process\s+id)\s*(?:[:=#]|\bis\b)?\s*(\d+)$/i.exec(given);
  return pid ? pid[1] : given;
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
