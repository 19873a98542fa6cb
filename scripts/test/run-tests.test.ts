import { describe, expect, it } from 'vitest';
import { linePrefixer, plannedRuns, summaryLine } from './run-tests.ts';

describe('npm test runner', () => {
  it('runs the kind project beside unit + integration, and one vitest with the arguments given', () => {
    expect(plannedRuns([])).toEqual([
      { label: 'kind', args: ['run', '--project', 'kind'] },
      { label: 'unit+integration', args: ['run', '--project', 'unit', '--project', 'integration'] },
    ]);
    expect(plannedRuns(['checker/lib', '--project', 'unit'])).toEqual([{ label: '', args: ['run', 'checker/lib', '--project', 'unit'] }]);
  });

  it('prefixes whole lines only, holding a partial line until it ends', () => {
    const out: string[] = [];
    const lines = linePrefixer('kind │ ', (text) => out.push(text));
    lines.push('✓ a.test');
    expect(out).toEqual([]);
    lines.push('.ts\n\n✓ b');
    lines.push('.test.ts\nlast');
    lines.end();
    expect(out.join('')).toBe('kind │ ✓ a.test.ts\n\nkind │ ✓ b.test.ts\nkind │ last\n');
  });

  it('says how each process ended', () => {
    expect(summaryLine({ label: 'kind', args: [] }, 0, null, 65_000)).toBe('kind: passed after 1 min 5 s');
    expect(summaryLine({ label: 'kind', args: [] }, 1, null, 1_000)).toBe('kind: failed (exit 1) after 1.0 s');
    expect(summaryLine({ label: 'kind', args: [] }, null, 'SIGTERM', 1_000)).toBe('kind: stopped by SIGTERM after 1.0 s');
  });
});
