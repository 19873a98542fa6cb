import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LoadedLab } from '../engine/engine.ts';
import { fsyncDir, removeStaleTmpFiles, tmpPathFor, writeFileAtomic } from '../lib/atomic-file.ts';
import { paths } from '../lib/paths.ts';

export function defaultWorkspace(labId: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(paths(env).workspaces, labId);
}

const authoringFiles = new Set(['variant.yaml', '.gitkeep']);

/**
 * Replace the workspace with the starter files, then copy each overlay folder
 * on top. The new workspace is built beside the old one and renamed into
 * place, so a kill leaves the old workspace, the new one, or (between the two
 * renames) none, which the next open recreates; never a half-copied one.
 * Leftovers of killed resets are removed first.
 */
export async function resetWorkspace(loaded: LoadedLab, workspace: string, overlays: string[] = []): Promise<void> {
  const parent = dirname(workspace);
  await mkdir(parent, { recursive: true });
  await removeStaleTmpFiles(parent);
  const fresh = tmpPathFor(workspace);
  const old = tmpPathFor(workspace);
  try {
    await mkdir(fresh);
    for (const dir of [join(loaded.dir, 'starter'), ...overlays]) await overlay(dir, fresh);
    if (await lstat(workspace).then(() => true, () => false)) await rename(workspace, old);
    await rename(fresh, workspace);
    await fsyncDir(parent);
  } catch (err) {
    await rm(fresh, { recursive: true, force: true });
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/**
 * Copy a folder's files into the workspace, overwriting, skipping
 * authoring-only files. Each file is replaced atomically (see writeFileAtomic)
 * and keeps its mode.
 */
export async function overlay(dir: string, workspace: string): Promise<void> {
  if (!existsSync(dir)) return;
  await mkdir(workspace, { recursive: true });
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (authoringFiles.has(e.name)) continue;
    const src = join(dir, e.name);
    const dest = join(workspace, e.name);
    if (e.isDirectory()) {
      const st = await lstat(dest).catch(() => null);
      if (st && !st.isDirectory()) await rm(dest, { force: true });
      await overlay(src, dest);
    } else if (e.isSymbolicLink()) {
      const tmp = tmpPathFor(dest);
      await symlink(await readlink(src), tmp);
      await rename(tmp, dest);
    } else if (e.isFile()) {
      await writeFileAtomic(dest, await readFile(src), { mode: (await stat(src)).mode & 0o7777 });
    }
  }
}
