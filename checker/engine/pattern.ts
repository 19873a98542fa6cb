/**
 * Regular expressions from lab authors. A leading inline flag group such as
 * `(?i)` or `(?im)` (as Go, Python and PCRE write it) becomes JavaScript flags.
 * The check schemas compile and vet each one when a lab loads (schemas/pattern-field.ts).
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
