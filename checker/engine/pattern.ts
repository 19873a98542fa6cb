import { slowPatternShapes } from './pattern-shapes.ts';

/**
 * Regular expressions from lab authors. A leading inline flag group such as
 * `(?i)` or `(?im)` (as Go, Python and PCRE write it) becomes JavaScript flags.
 */
const cache = new Map<string, RegExp>();

export function pattern(source: string, flags = ''): RegExp {
  const key = `${flags}/${source}`;
  let re = cache.get(key);
  if (!re) {
    const m = /^\(\?([imsu]+)\)/.exec(source);
    const all = new Set([...flags, ...(m ? m[1] : '')]);
    re = new RegExp(m ? source.slice(m[0].length) : source, [...all].join(''));
    cache.set(key, re);
  }
  return re;
}

/** Fields of a check that hold regular expressions, for `labs validate`. */
export const patternFields = ['matches', 'pattern', 'image', 'historyImage', 'bodyMatches', 'stdoutMatches', 'messageMatches'] as const;

/**
 * Every regular expression in a check (and its assertions) that does not
 * compile, or has a shape that is slow on some learner input, as `field: problem`.
 */
export function invalidPatterns(check: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const p = path ? `${path}.${k}` : k;
        if ((patternFields as readonly string[]).includes(k) && typeof v === 'string') {
          try {
            // A file check's `matches` runs over the whole file, line by line (the m flag).
            const re = pattern(v, check.type === 'file' && p === 'matches' ? 'm' : '');
            for (const slow of slowPatternShapes(re.source, re.flags)) problems.push(`${p}: /${v}/ is slow on some files: ${slow}`);
          } catch (err) {
            problems.push(`${p}: ${(err as Error).message}`);
          }
        } else visit(v, p);
      }
    }
  };
  visit(check, '');
  return problems;
}
