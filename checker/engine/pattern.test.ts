import { describe, expect, it } from 'vitest';
import { pattern } from './pattern.ts';

describe('pattern', () => {
  it('turns a leading inline flag group into flags', () => {
    expect(pattern('(?i)^from node').test('FROM node:20')).toBe(true);
    expect(pattern('(?im)^from').test('# x\nFrom y')).toBe(true);
    expect(pattern('^from').test('FROM')).toBe(false);
    expect(pattern('^b', 'm').test('a\nb')).toBe(true);
  });
});

describe('slow pattern shapes', () => {
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
