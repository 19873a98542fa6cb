import { exec } from '../../checker/lib/exec.ts';

/** The ID of an image Docker has under `ref`, or undefined when it has none. */
export async function dockerImageId(ref: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const r = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { env, allowFailure: true });
  return r.code === 0 ? r.stdout.trim() : undefined;
}

/** Whether Docker has an image under `ref`. */
export async function dockerImageExists(ref: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return (await dockerImageId(ref, env)) !== undefined;
}
