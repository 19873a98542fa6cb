import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { kubecampHome } from './paths.ts';

/** The Linux sandbox container's name; `docker exec -it kubecamp-sandbox bash` opens a shell in it. */
export const sandboxContainerName = 'kubecamp-sandbox';

/** The local image it runs (built by `npm run images`, never pulled). */
export const sandboxImage = 'kubecamp/sandbox:1';

/** What `sandbox:up` records so the checker knows where namespace and cgroup labs run. */
export const sandboxStateSchema = z.object({
  /** Container name, e.g. `kubecamp-sandbox`. */
  container: z.string(),
  /** Image reference it was started from, e.g. `kubecamp/sandbox:1`. */
  image: z.string(),
  /**
   * cgroup version seen inside the sandbox: 2 when /sys/fs/cgroup is cgroup2fs,
   * else 1 (hybrid or legacy hosts). Decides memory.max vs memory.limit_in_bytes.
   */
  cgroupVersion: z.union([z.literal(1), z.literal(2)]),
  /**
   * `true`: started with --privileged. `false`: the engine's host could not grant
   * every capability (seen in some CI sandboxes), so it runs with all capabilities
   * the host has, no seccomp/AppArmor and writable /sys and cgroups instead.
   * Default: true.
   */
  privileged: z.boolean().default(true),
  /** ISO time `sandbox:up` started it. */
  startedAt: z.string(),
});
export type SandboxState = z.infer<typeof sandboxStateSchema>;

export function sandboxStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(kubecampHome(env), 'sandbox.json');
}

/** The recorded sandbox, or null when none was started (or the record is unreadable). */
export async function readSandboxState(env: NodeJS.ProcessEnv = process.env): Promise<SandboxState | null> {
  const file = sandboxStateFile(env);
  if (!existsSync(file)) return null;
  try {
    const parsed = sandboxStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeSandboxState(state: SandboxState, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = sandboxStateFile(env);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(sandboxStateSchema.parse(state), null, 2)}\n`);
}

export async function clearSandboxState(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(sandboxStateFile(env), { force: true });
}
