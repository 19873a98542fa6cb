import { exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';

/** The ID of an image Docker has under `ref`, or undefined when it has none. */
export async function dockerImageId(ref: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { env, allowFailure: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Whether Docker has an image under `ref`. */
export async function dockerImageExists(ref: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await dockerImageId(ref, env)) !== undefined;
}

/** The first line of a failed pull's output, for the message that says what is used instead. */
export function pullFailureReason(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'no output';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

class PullFailed extends Error {}

/**
 * `docker pull` as a timed step that ends ✔ when the image came and ✘ when it did not.
 * Undefined when pulled, else why not (the pull's first line of output).
 */
export async function pullImage(ref: string, ctx: { env: NodeJS.ProcessEnv; logger: Logger; timeoutMs: number }): Promise<string | undefined> {
  try {
    await timedStep(ctx.logger, `pulling ${ref}`, async () => {
      const r = await exec('docker', ['pull', ref], { env: ctx.env, allowFailure: true, timeoutMs: ctx.timeoutMs });
      if (r.code !== 0) throw new PullFailed(pullFailureReason(r.stderr || r.stdout));
    });
    return undefined;
  } catch (err) {
    if (err instanceof PullFailed) return err.message;
    throw err;
  }
}
