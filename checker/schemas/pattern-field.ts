import { z } from 'zod';
import { pattern } from '../engine/pattern.ts';
import { slowPatternShapes } from '../engine/pattern-shapes.ts';

/**
 * A field that holds a lab author's regular expression: the schema compiles it
 * (with the flags the check applies, e.g. `m` for a file's `matches`) and
 * rejects one that does not compile or has a shape that is slow on some
 * learner input. Every regex field of every check type is declared with this,
 * so the schemas are the one list of pattern fields.
 */
export function patternField(flags = '') {
  return z.string().superRefine((source, ctx) => {
    let re: RegExp;
    try {
      re = pattern(source, flags);
    } catch (err) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
      return;
    }
    for (const slow of slowPatternShapes(re.source, re.flags)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `/${source}/ is slow on some files: ${slow}` });
  });
}
