import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { paths } from './paths.ts';

export const engineNames = ['kind', 'kwok', 'existing'] as const;
export type EngineName = (typeof engineNames)[number];

/** What `cluster:up` records so the checker, CLI and site find the lab cluster. */
export const clusterStateSchema = z.object({
  engine: z.enum(engineNames),
  /** Kubeconfig file holding the context (our own file for kind/kwok, the user's for `existing`). */
  kubeconfig: z.string(),
  context: z.string(),
  createdAt: z.string(),
  /** Folder with a kubectl matching the cluster (the kwok engine's own build), put first on PATH for labs. */
  binDir: z.string().optional(),
});
export type ClusterState = z.infer<typeof clusterStateSchema>;

export async function readClusterState(env: NodeJS.ProcessEnv = process.env): Promise<ClusterState | null> {
  const file = paths(env).clusterState;
  if (!existsSync(file)) return null;
  const parsed = clusterStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

export async function writeClusterState(state: ClusterState, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = paths(env).clusterState;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

export async function clearClusterState(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await rm(paths(env).clusterState, { force: true });
}
