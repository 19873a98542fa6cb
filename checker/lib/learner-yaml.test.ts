import { describe, expect, it } from 'vitest';
import { parseLearnerYaml } from './learner-yaml.ts';
import { readComposeText } from '../checks/compose.ts';

/** One anchored list of `width` values, then `levels` lists of 9 aliases of the level before: 9^levels × width values. */
function aliasBomb(width = 5000, levels = 3): string {
  const lines = ['services:', '  web:', '    image: nginx:1.27', 'x-bomb:', `  l0: &l0 [${Array.from({ length: width }, (_, i) => `v${i}`).join(',')}]`];
  for (let i = 1; i <= levels; i++) lines.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

describe('learner YAML', () => {
  it('keeps the few aliases compose files use', () => {
    const r = parseLearnerYaml('x-common: &common { restart: always }\nservices:\n  a: { <<: *common, image: a }\n  b: { <<: *common, image: b }\n', { merge: true });
    expect(r).toEqual({ ok: true, data: { 'x-common': { restart: 'always' }, services: { a: { restart: 'always', image: 'a' }, b: { restart: 'always', image: 'b' } } } });
  });

  it('refuses an alias bomb under yaml\'s own alias count quickly, with what to do', () => {
    const started = Date.now();
    expect(readComposeText(aliasBomb())).toEqual({
      ok: false,
      problem: 'too much to check: its aliases (*name) expand to over 100000 values or 50 alias uses; write the repeated parts out instead of nesting aliases',
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the line and column of a syntax error', () => {
    expect(parseLearnerYaml('a: 1\nb: `x`\n')).toEqual({ ok: false, problem: 'Plain value cannot start with reserved character `', line: 2, col: 4 });
  });
});
