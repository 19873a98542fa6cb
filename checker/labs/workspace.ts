import { existsSync } from 'node:fs';
import { cp, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedLab } from '../engine/engine.ts';
import { paths } from '../lib/paths.ts';

export function defaultWorkspace(labId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(paths(env).workspaces, labId);
}

const authoringFiles = new Set(['variant.yaml', '.gitkeep']);

/** Replace the workspace with the starter files, then copy each overlay folder on top. */
export async function resetWorkspace(loaded: LoadedLab, workspace: string, overlays: string[] = []): Promise<void> {
  await rm(workspace, { recursive: true, force: true });
  await mkdir(workspace, { recursive: true });
  for (const dir of [join(loaded.dir, 'starter'), ...overlays]) await overlay(dir, workspace);
}

/** Copy a folder's files into the workspace, overwriting, skipping authoring-only files. */
export async function overlay(dir: string, workspace: string): Promise<void> {
  if (!existsSync(dir)) return;
  await cp(dir, workspace, { recursive: true, force: true, filter: (src) => !authoringFiles.has(src.split('/').pop()!) });
}
