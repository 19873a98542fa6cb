import { exec } from '../lib/exec.ts';
import { ContextError } from '../lib/errors.ts';
import type { Step } from '../schemas/step.ts';
import type { LabSession } from './session.ts';

/** Run steps in order in `cwd` with the session's environment; the first failure stops with its output. */
export async function runSteps(steps: Step[], session: LabSession, cwd: string, what: string): Promise<void> {
  for (const [i, step] of steps.entries()) {
    const label = `${what}, step ${i + 1} (${Object.entries(step)[0].join(': ')})`;
    try {
      if ('apply' in step) await exec('kubectl', ['apply', '-f', step.apply], { cwd, env: session.env, timeoutMs: 60_000 });
      else if ('run' in step) await exec('sh', ['-c', step.run], { cwd, env: session.env, timeoutMs: 300_000 });
      else {
        const container = session.env.KUBECAMP_SANDBOX;
        if (!container) throw new ContextError('the Linux sandbox is not running', { fix: 'start it with `npm run sandbox:up`' });
        await exec('docker', ['exec', container, 'sh', '-c', step.sandbox], { env: session.env, timeoutMs: 120_000 });
      }
    } catch (err) {
      throw new ContextError(label, { cause: err });
    }
  }
}
