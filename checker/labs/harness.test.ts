import { describe, expect, it } from 'vitest';
import { concurrentTargets, prefixedLogger } from './harness.ts';
import type { Logger } from '../lib/logger.ts';

describe('running a lab twice at once', () => {
  it('gives each run its own namespace and workspace, within the 63-character limit', () => {
    expect(concurrentTargets('it-storage', (s) => `/w/${s}`)).toEqual([
      { namespace: 'it-storage-a', workspace: '/w/a' },
      { namespace: 'it-storage-b', workspace: '/w/b' },
    ]);
    const long = concurrentTargets(`it-${'x'.repeat(70)}`, (s) => s).map((t) => t.namespace);
    expect(long.map((n) => n.length)).toEqual([63, 63]);
    expect(new Set(long).size).toBe(2);
    expect(concurrentTargets(`${'y'.repeat(60)}-z`, (s) => s)[0].namespace).toBe(`${'y'.repeat(60)}-a`);
  });

  it('prefixes every line a run logs with its namespace', () => {
    const lines: string[] = [];
    const base: Logger = { info: (m) => lines.push(m), warn: (m) => lines.push(`warn ${m}`), debug: () => {}, step: () => ({ progress: () => {}, done: () => {} }) as never };
    const log = prefixedLogger(base, '[ns-a] ');
    log.info('  solution passes\n    ✘ 1.0 s');
    log.warn('clean-up failed');
    expect(lines).toEqual(['[ns-a]   solution passes\n[ns-a]     ✘ 1.0 s', 'warn [ns-a] clean-up failed']);
  });
});
