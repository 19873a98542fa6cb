import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { answersFile, writeAnswer } from '../../checker/labs/answers.ts';
import { writeFileAtomic } from '../../checker/lib/atomic-file.ts';
import { confinePath } from './confine-path.ts';
import { fileError } from './file-errors.ts';
import { HttpError } from './http-error.ts';

/** Workspace files the editor opens are small text; larger ones are not the learner's lab files. */
export const maxFileBytes = 512 * 1024;

/** A workspace file's text, by a path the client sent (confined to the workspace). */
export async function readWorkspaceFile(workspace: string, relPath: string): Promise<string> {
  try {
    const file = await confinePath(workspace, relPath);
    const st = await stat(file);
    if (st.isDirectory()) throw new HttpError(400, `"${relPath}" is a folder, not a file`);
    if (!st.isFile()) throw new HttpError(400, `"${relPath}" is not a regular file`);
    if (st.size > maxFileBytes) throw new HttpError(413, `"${relPath}" is ${st.size} bytes; the editor opens files up to ${maxFileBytes} bytes`);
    const data = await readFile(file);
    if (data.includes(0)) throw new HttpError(415, `"${relPath}" is a binary file; the editor opens text files only`);
    return data.toString('utf8');
  } catch (err) {
    throw fileError(err, relPath, 'read');
  }
}

/** A file's version for the editor: a short hash of its text ("" for no file is the hash of ""). */
export function fileVersion(content: string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * Save a file the learner edited; its folder is created inside the workspace
 * if needed. With `base` (the version the editor last loaded or saved), a file
 * changed since by someone else (another tab, the terminal) is not overwritten:
 * a 409 carries its current version. The file is replaced atomically (see
 * writeFileAtomic), so a killed server leaves the old text or the new, never a
 * truncated file; a symlink inside the workspace is written through to its
 * target. Returns the saved version.
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
  try {
    const file = await confinePath(workspace, relPath);
    const st = await stat(file).catch(() => null);
    if (st?.isDirectory()) throw new HttpError(400, `"${relPath}" is a folder, not a file`);
    if (st && !st.isFile()) throw new HttpError(400, `"${relPath}" is not a regular file`);
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, content);
  } catch (err) {
    throw fileError(err, relPath, 'save');
  }
  return fileVersion(content);
}

/**
 * Save a typed answer in the workspace's answers.yaml, which the learner can
 * replace from the terminal: a symlink leading outside the workspace is
 * refused, so the server neither reads nor writes a file elsewhere through it.
 */
export async function saveAnswer(workspace: string, taskId: string, answer: string): Promise<void> {
  try {
    await confinePath(workspace, answersFile);
  } catch (err) {
    if (err instanceof HttpError && err.status === 400) {
      throw new HttpError(400, `${answersFile} in the workspace is a symlink to a file outside it; answers are saved only inside the workspace`, {
        fix: `remove the symlink (\`rm ${answersFile}\` in the lab's terminal) and answer again`,
      });
    }
    throw fileError(err, answersFile, 'save');
  }
  try {
    await writeAnswer(workspace, taskId, answer);
  } catch (err) {
    throw fileError(err, answersFile, 'save');
  }
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
