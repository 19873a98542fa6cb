import { describe, expect, it } from 'vitest';
import { invalidPatterns, pattern } from './pattern.ts';

describe('pattern', () => {
  it('turns a leading inline flag group into flags', () => {
    expect(pattern('(?i)^from node').test('FROM node:20')).toBe(true);
    expect(pattern('(?im)^from').test('# x\nFrom y')).toBe(true);
    expect(pattern('^from').test('FROM')).toBe(false);
    expect(pattern('^b', 'm').test('a\nb')).toBe(true);
  });

  it('lists patterns that do not compile, with their field path', () => {
    expect(invalidPatterns({ type: 'k8s.object', expect: [{ path: 'a', matches: '(' }, { path: 'b', matches: 'ok' }] })).toEqual([
      'expect[0].matches: Invalid regular expression: /(/: Unterminated group',
    ]);
    expect(invalidPatterns({ type: 'answer', pattern: '(?i)scheduler' })).toEqual([]);
  });
});

describe('slow pattern shapes', () => {
  it('flags ^\\s* under the m flag, a leading \\s*, and nested quantifiers, each with the fix', () => {
    expect(invalidPatterns({ type: 'file', file: 'Dockerfile', matches: '(?i)^\\s*FROM\\s+node' })).toEqual([
      "matches: /(?i)^\\s*FROM\\s+node/ is slow on some files: ^\\s* under the m flag lets every line's match attempt run on across all the blank lines after it, so a file of blank lines takes quadratic time; use [ \\t]* (spaces and tabs) instead of \\s* after ^",
    ]);
    expect(invalidPatterns({ type: 'k8s.object', expect: [{ path: 'a', matches: '\\s+web' }] })).toEqual([
      'expect[0].matches: /\\s+web/ is slow on some files: a leading \\s+ is tried from every position and runs across every blank line after it, so a file of blank lines takes quadratic time; start with ^[ \\t]* under the m flag, or drop the leading \\s+',
    ]);
    expect(invalidPatterns({ type: 'answer', pattern: '^(a+)+$' })).toEqual([
      'pattern: /^(a+)+$/ is slow on some files: (a+)+ repeats a group that is itself only repetition, so a near-miss backtracks exponentially; quantify once (e.g. (ab)+ or a+ instead of (a+)+)',
    ]);
  });

  it('accepts the linear forms', () => {
    for (const matches of ['(?im)^[ \\t]*FROM\\s+(\\S+\\s+)?node:20', '^node:20(\\.\\d+)*(-\\S+)?$', '^\\s*FROM', 'FROM\\s+node']) {
      expect(invalidPatterns({ type: 'k8s.object', expect: [{ path: 'a', matches }] })).toEqual([]);
    }
  });

  it('the flagged shape is the slow one: ^\\s* on blank lines is quadratic, ^[ \\t]* is not', () => {
    const blank = `FROM node:18\n${'\n'.repeat(20_000)}CMD x\n`;
    const time = (re: RegExp) => {
      const started = performance.now();
      re.test(blank);
      return performance.now() - started;
    };
    expect(time(pattern('(?im)^[ \\t]*FROM\\s+node:20'))).toBeLessThan(50);
    expect(time(pattern('(?im)^\\s*FROM\\s+node:20'))).toBeGreaterThan(10 * time(pattern('(?im)^[ \\t]*FROM\\s+node:20')));
  });
});
