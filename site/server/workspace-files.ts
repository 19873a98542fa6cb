import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
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

/**
 * Save a file the learner edited; its folder is created inside the workspace
 * if needed. The file is replaced atomically (see writeFileAtomic), so a
 * killed server leaves the old text or the new, never a truncated file; a
 * symlink inside the workspace is written through to its target.
 */
export async function writeWorkspaceFile(workspace: string, relPath: string, content: string): Promise<void> {
  if (typeof content !== 'string') throw new HttpError(400, 'the body needs "content": the file\'s text');
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
