import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { confinePath } from './confine-path.ts';
import { HttpError } from './http-error.ts';

/** Workspace files the editor opens are small text; larger ones are not the learner's lab files. */
export const maxFileBytes = 512 * 1024;

/** A workspace file's text, by a path the client sent (confined to the workspace). */
export async function readWorkspaceFile(workspace: string, relPath: string): Promise<string> {
  const file = await confinePath(workspace, relPath);
  const st = await stat(file).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') throw new HttpError(404, `there is no file "${relPath}" in the workspace`);
    throw err;
  });
  if (st.isDirectory()) throw new HttpError(400, `"${relPath}" is a folder, not a file`);
  if (!st.isFile()) throw new HttpError(400, `"${relPath}" is not a regular file`);
  if (st.size > maxFileBytes) throw new HttpError(413, `"${relPath}" is ${st.size} bytes; the editor opens files up to ${maxFileBytes} bytes`);
  const data = await readFile(file);
  if (data.includes(0)) throw new HttpError(415, `"${relPath}" is a binary file; the editor opens text files only`);
  return data.toString('utf8');
}

/** A file's version for the editor: a short hash of its text ("" for no file is the hash of ""). */
export function fileVersion(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * Save a file the learner edited; its folder is created inside the workspace if
 * needed. With `base` (the version the editor last loaded or saved), a file
 * changed since by someone else (another tab, the terminal) is not overwritten:
 * a 409 carries its current version. Returns the saved version.
 */
export async function writeWorkspaceFile(workspace: string, relPath: string, content: string, base?: string): Promise<string> {
  if (typeof content !== 'string') throw new HttpError(400, 'the body needs "content": the file\'s text');
  if (base !== undefined) {
    const current = await readWorkspaceFile(workspace, relPath).catch((err) => {
      if (err instanceof HttpError && err.status === 404) return '';
      throw err;
    });
    if (fileVersion(current) !== base && current !== content) {
      throw new HttpError(409, `"${relPath}" was changed elsewhere (another tab or the terminal) since this editor loaded it`, {
        fix: 'load the other version, or save again to keep yours',
        data: { version: fileVersion(current) },
      });
    }
  }
  if (Buffer.byteLength(content) > maxFileBytes) throw new HttpError(413, `the file is larger than ${maxFileBytes} bytes`);
  const file = await confinePath(workspace, relPath);
  const st = await stat(file).catch(() => null);
  if (st?.isDirectory()) throw new HttpError(400, `"${relPath}" is a folder, not a file`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, content);
  return fileVersion(content);
}

/**
 * The workspace's text files the editor can open, with their versions: what the
 * pane polls so files created in the terminal appear and edits from another tab
 * show. Hidden files and folders, answers.yaml (typed in the task list) and
 * files too large or binary are left out.
 */
export async function listWorkspaceFiles(workspace: string): Promise<{ path: string; version: string }[]> {
  const out: { path: string; version: string }[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (!existsSync(dir) || depth > 4) return;
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) await walk(full, depth + 1);
      else if (e.isFile()) {
        const path = relative(workspace, full).split('\\').join('/');
        if (path === 'answers.yaml' || out.length >= 200) continue;
        const st = await stat(full);
        if (st.size > maxFileBytes) continue;
        const data = await readFile(full);
        if (data.includes(0)) continue;
        out.push({ path, version: fileVersion(data.toString('utf8')) });
      }
    }
  };
  await walk(workspace, 0);
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
