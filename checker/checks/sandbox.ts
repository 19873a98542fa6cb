import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { checkOutput } from './output.ts';

export async function sandboxExec(check: CheckOf<'sandbox.exec'>, ctx: CheckContext): Promise<Outcome> {
  const out = await ctx.sandbox().exec(check.command);
  return checkOutput(`\`${check.command}\` in the sandbox`, out, check.expect);
}

export async function sandboxFile(check: CheckOf<'sandbox.file'>, ctx: CheckContext): Promise<Outcome> {
  const sandbox = ctx.sandbox();
  const path = check.path ?? (sandbox.cgroupVersion === 2 ? check.cgroupV2! : check.cgroupV1!);
  const out = await sandbox.exec(`cat '${path.replace(/'/g, `'\\''`)}'`);
  if (out.exitCode !== 0) return fail(`${path} does not exist in the sandbox`, { expected: 'the file exists', actual: out.stderr.trim() || 'missing', retry: true });
  const text = out.stdout.trim();
  for (const a of check.expect) {
    const r = evaluateAssertion(text, { ...a, label: a.label ?? path });
    if (!r.ok) return fail(r.message, { expected: r.expected, actual: r.actual, retry: true });
  }
  return pass(`${path} is ${JSON.stringify(text.slice(0, 60))}`);
}
