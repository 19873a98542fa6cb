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
