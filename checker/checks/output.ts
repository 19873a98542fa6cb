import { z } from 'zod';
import { outputExpect } from '../schemas/checks-docker.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import type { ExecOutput } from '../environments/docker-view.ts';
import { pattern } from '../engine/pattern.ts';

/** Judge a command's exit code and output against `expect` (shared by docker.exec and sandbox.exec). */
export function checkOutput(what: string, out: ExecOutput, expect: z.infer<typeof outputExpect>): Outcome {
  const stdout = out.stdout.trim();
  const tail = (s: string) => JSON.stringify(s.trim().slice(-160));
  if (expect.exitCode !== undefined && out.exitCode !== expect.exitCode) {
    return fail(`${what} exited with ${out.exitCode}, expected ${expect.exitCode}${out.stderr.trim() ? `: ${tail(out.stderr)}` : ''}`, { expected: `exit ${expect.exitCode}`, actual: `exit ${out.exitCode}`, retry: true });
  }
  if (expect.stdoutContains !== undefined && !stdout.includes(expect.stdoutContains)) {
    return fail(`${what} printed ${tail(stdout)}, expected it to contain ${JSON.stringify(expect.stdoutContains)}`, { expected: expect.stdoutContains, actual: stdout.slice(0, 200), retry: true });
  }
  if (expect.stdoutMatches !== undefined && !pattern(expect.stdoutMatches, 'm').test(stdout)) {
    return fail(`${what} printed ${tail(stdout)}, expected a match for /${expect.stdoutMatches}/`, { expected: `/${expect.stdoutMatches}/`, actual: stdout.slice(0, 200), retry: true });
  }
  if (expect.json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stdout);
    } catch {
      return { status: 'error', message: `${what} did not print JSON: ${tail(stdout)}` };
    }
    for (const a of expect.json) {
      const r = evaluateAssertion(parsed, a);
      if (!r.ok) return fail(`${what}: ${r.message}`, { expected: r.expected, actual: r.actual, retry: true });
    }
  }
  return pass(`${what} succeeded`);
}
