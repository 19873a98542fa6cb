import { describe, expect, it } from 'vitest';
import { checkInputSchema } from './check.ts';
import { explainZodError } from './parse.ts';

/** What a lab author reads for this check in `labs validate`: one line per problem. */
const problems = (check: unknown): string[] => {
  const r = checkInputSchema.safeParse(check);
  return r.success ? [] : explainZodError(r.error);
};

describe('pattern fields (compiled and vetted by the check schemas)', () => {
  it('names a pattern that does not compile by its field path', () => {
    expect(problems({ type: 'k8s.object', kind: 'Pod', name: 'x', expect: [{ path: 'a', matches: '(' }, { path: 'b', matches: 'ok' }] })).toEqual([
      'expect[0].matches: invalid regular expression: /(/: Unterminated group',
    ]);
    expect(problems({ type: 'answer', pattern: '(?i)scheduler' })).toEqual([]);
  });

  it('vets every regex field of every check type', () => {
    const bad = '(';
    const checks = [
      { type: 'file', file: 'a', matches: bad },
      { type: 'answer', pattern: bad },
      { type: 'k8s.rollout', deployment: 'web', image: bad },
      { type: 'k8s.rollout', deployment: 'web', historyImage: bad },
      { type: 'k8s.event', reason: 'Killing', messageMatches: bad },
      { type: 'docker.container', name: 'web', image: bad },
      { type: 'docker.exec', container: 'web', command: ['true'], expect: { stdoutMatches: bad } },
      { type: 'sandbox.exec', command: 'true', expect: { stdoutMatches: bad } },
      { type: 'http', port: 8080, bodyMatches: bad },
      { type: 'compose', expect: [{ path: 'a', matches: bad }] },
    ];
    for (const c of checks) expect(problems(c).filter((p) => p.includes('invalid regular expression')), JSON.stringify(c)).toHaveLength(1);
  });

  it('flags ^\\s* under the m flag (a file check), a leading \\s+, and nested quantifiers, each with the fix', () => {
    expect(problems({ type: 'file', file: 'Dockerfile', matches: '(?i)^\\s*FROM\\s+node' })).toEqual([
      "matches: /(?i)^\\s*FROM\\s+node/ is slow on some files: ^\\s* under the m flag lets every line's match attempt run on across all the blank lines after it, so a file of blank lines takes quadratic time; use [ \\t]* (spaces and tabs) instead of \\s* after ^",
    ]);
    expect(problems({ type: 'k8s.object', kind: 'Pod', name: 'x', expect: [{ path: 'a', matches: '\\s+web' }] })).toEqual([
      'expect[0].matches: /\\s+web/ is slow on some files: a leading \\s+ is tried from every position and runs across every blank line after it, so a file of blank lines takes quadratic time; start with ^[ \\t]* under the m flag, or drop the leading \\s+',
    ]);
    expect(problems({ type: 'answer', pattern: '^(a+)+$' })).toEqual([
      'pattern: /^(a+)+$/ is slow on some files: (a+)+ repeats a group that is itself only repetition, so a near-miss backtracks exponentially; quantify once (e.g. (ab)+ or a+ instead of (a+)+)',
    ]);
  });

  it('accepts the linear forms; ^\\s* is fine without the m flag (an assertion on one value)', () => {
    for (const matches of ['(?im)^[ \\t]*FROM\\s+(\\S+\\s+)?node:20', '^node:20(\\.\\d+)*(-\\S+)?$', '^\\s*FROM', 'FROM\\s+node']) {
      expect(problems({ type: 'k8s.object', kind: 'Pod', name: 'x', expect: [{ path: 'a', matches }] })).toEqual([]);
    }
  });

  it('an image assertion is a reference, not a pattern', () => {
    expect(problems({ type: 'k8s.object', kind: 'Pod', name: 'x', expect: [{ path: 'spec.containers[0].image', image: 'nginx:1.27(' }] })).toEqual([]);
  });
});
