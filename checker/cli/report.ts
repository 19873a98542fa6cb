import type { LabResult, Status } from '../schemas/result.ts';
import type { HarnessReport } from '../labs/harness.ts';

const mark: Record<Status, string> = { pass: '✔', fail: '✘', error: '!', unsupported: '-' };

/** A check result for a terminal: one line per task, then what was expected, the hint or the fix. */
export function formatResult(r: LabResult, title?: string): string {
  const unsupported = r.tasks.filter((t) => t.status === 'unsupported').length;
  const lines = [`${title ?? r.lab}: ${r.passed}/${r.total} tasks done${r.status === 'error' ? ' (some could not be checked)' : ''}${unsupported ? ` (${unsupported} need real nodes)` : ''}`];
  for (const t of r.tasks) {
    lines.push(`  ${mark[t.status]} ${t.title} — ${t.message}`);
    if (t.status !== 'pass' && t.expected !== undefined) lines.push(`      expected: ${t.expected}${t.actual !== undefined ? `   actual: ${t.actual}` : ''}`);
    if (t.status === 'fail' && t.hint) lines.push(`      hint: ${t.hint}`);
    if ((t.status === 'error' || t.status === 'unsupported') && t.fix) lines.push(`      fix: ${t.fix}`);
  }
  return lines.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JUnit XML: a suite per lab, a case per task; fail → <failure>, error → <error>. */
export function resultsToJUnit(results: LabResult[]): string {
  const suites = results.map((r) => {
    const cases = r.tasks.map((t) => {
      const body =
        t.status === 'fail'
          ? `<failure message="${esc(t.message)}">${esc([t.expected && `expected: ${t.expected}`, t.actual && `actual: ${t.actual}`, t.hint && `hint: ${t.hint}`].filter(Boolean).join('\n'))}</failure>`
          : t.status === 'error'
            ? `<error message="${esc(t.message)}">${esc(t.fix ?? '')}</error>`
            : t.status === 'unsupported'
              ? `<skipped message="${esc(t.message)}"/>`
              : '';
      return `    <testcase classname="${esc(r.lab)}" name="${esc(t.title)}" time="${(t.durationMs / 1000).toFixed(3)}">${body}</testcase>`;
    });
    const failures = r.tasks.filter((t) => t.status === 'fail').length;
    const errors = r.tasks.filter((t) => t.status === 'error').length;
    return `  <testsuite name="${esc(r.lab)}" tests="${r.total}" failures="${failures}" errors="${errors}" time="${(r.durationMs / 1000).toFixed(3)}" timestamp="${r.checkedAt}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

export function harnessToJUnit(reports: HarnessReport[]): string {
  const suites = reports.map((r) => {
    const cases = r.phases.map(
      (p) => `    <testcase classname="labs.${esc(r.lab)}" name="${esc(p.name)}" time="${(p.durationMs / 1000).toFixed(3)}">${p.ok ? '' : `<failure message="${esc(p.detail.split('\n')[0])}">${esc(p.detail)}</failure>`}</testcase>`,
    );
    return `  <testsuite name="${esc(r.lab)}" tests="${r.phases.length}" failures="${r.phases.filter((p) => !p.ok).length}" time="${(r.durationMs / 1000).toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
}

/** A Markdown checklist (for onboarding reports in CI summaries). */
export function resultsToMarkdown(results: LabResult[]): string {
  const out = ['| lab | task | status | details |', '|---|---|---|---|'];
  for (const r of results) for (const t of r.tasks) out.push(`| ${r.lab} | ${t.title} | ${t.status === 'pass' ? '✅ pass' : t.status === 'fail' ? '❌ fail' : t.status === 'unsupported' ? '➖ needs real nodes' : '⚠️ error'} | ${t.message.replace(/\|/g, '\\|')} |`);
  return `${out.join('\n')}\n`;
}
