import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readFile, realpath, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { answersFile } from '../../checker/labs/answers.ts';
import { fileNameProblem } from '../shared/file-names.ts';
import { confinePath } from './confine-path.ts';
import { fileError } from './file-errors.ts';
import { HttpError } from './http-error.ts';
import { fileVersion, listWorkspaceFiles, maxFileBytes } from './workspace-files.ts';

/** The most files a workspace may hold for the pane to add one: as many as the file list shows. */
export const maxWorkspaceFiles = 200;

type Doing = 'create' | 'rename' | 'delete';

/**
 * Where `relPath` is, without following a symlink in its last part: its
 * folder confined to the workspace (symlinked folders leading out are
 * refused), then its name. The whole path is confined first, so `..`,
 * absolute paths and a symlink leading out get their own refusal.
 */
async function entryPath(workspace: string, relPath: string): Promise<string> {
  await confinePath(workspace, relPath);
  const folder = dirname(relPath);
  return join(folder === '.' ? await realpath(workspace) : await confinePath(workspace, folder), basename(relPath));
}

function refuseNewName(relPath: string): void {
  const problem = fileNameProblem(relPath);
  if (problem) throw new HttpError(400, `cannot use the name "${relPath}": ${problem}`);
}

/**
 * The existing regular file `relPath` (not a symlink, folder or answers.yaml),
 * unchanged since the editor's version `base`: a file changed elsewhere (another
 * tab, the terminal) is a 409 carrying its current version, so nothing the
 * learner did not see is renamed away or deleted.
 */
async function unchangedFile(workspace: string, relPath: string, base: unknown, doing: Doing): Promise<string> {
  if (typeof base !== 'string') throw new HttpError(400, `the body needs "base": the version of "${relPath}" the editor shows`);
  if (relPath === answersFile) throw new HttpError(400, `${answersFile} holds the typed answers; it cannot be ${doing === 'rename' ? 'renamed' : 'deleted'}`);
  const entry = await entryPath(workspace, relPath);
  try {
    const st = await lstat(entry);
    if (st.isSymbolicLink()) throw new HttpError(400, `"${relPath}" is a symlink; ${doing} it in the terminal`);
    if (st.isDirectory()) throw new HttpError(400, `"${relPath}" is a folder, not a file`);
    if (!st.isFile()) throw new HttpError(400, `"${relPath}" is not a regular file`);
    if (st.size > maxFileBytes) throw new HttpError(413, `"${relPath}" is ${st.size} bytes; the pane handles files up to ${maxFileBytes} bytes`);
    const version = fileVersion((await readFile(entry)).toString('utf8'));
    if (version !== base) {
      throw new HttpError(409, `"${relPath}" was changed elsewhere (another tab or the terminal) since this editor loaded it; it was not ${doing === 'rename' ? 'renamed' : 'deleted'}`, {
        fix: 'look at its current text, then try again',
        data: { version },
      });
    }
  } catch (err) {
    throw fileError(err, relPath, 'read');
  }
  return entry;
}

const taken = (relPath: string) => new HttpError(409, `there is already a file or folder "${relPath}" in the workspace`, { fix: 'pick another name' });

/**
 * A new file, `content` ("" by default) in it, created only if nothing has that
 * name (never overwriting); its folders are created inside the workspace.
 * Returns its version.
 */
export async function createWorkspaceFile(workspace: string, relPath: string, content: unknown = ''): Promise<string> {
  if (typeof content !== 'string') throw new HttpError(400, '"content" must be the file\'s text');
  refuseNewName(relPath);
  if (Buffer.byteLength(content) > maxFileBytes) throw new HttpError(413, `the file is larger than ${maxFileBytes} bytes`);
  if ((await listWorkspaceFiles(workspace)).length >= maxWorkspaceFiles) {
    throw new HttpError(413, `the workspace already has ${maxWorkspaceFiles} files, the most the file list shows`, { fix: 'delete files you no longer need first' });
  }
  const entry = await entryPath(workspace, relPath);
  try {
    await mkdir(dirname(entry), { recursive: true });
    // "wx": fails if anything, a dangling symlink included, has the name.
    await writeFile(entry, content, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await lstat(entry).then(() => true, () => false))) throw taken(relPath);
    throw fileError(err, relPath, 'create');
  }
  return fileVersion(content);
}

/**
 * Rename `from` (unchanged since version `base`) to `to`, never replacing a
 * file that has that name: a hard link is made first (it fails if the name is
 * taken), then the old name removed. Returns the file's version.
 */
export async function renameWorkspaceFile(workspace: string, from: string, to: unknown, base: unknown): Promise<string> {
  if (typeof to !== 'string') throw new HttpError(400, 'the body needs "to": the new path');
  refuseNewName(to);
  if (to === from) throw new HttpError(400, `"${from}" already has that name`);
  const source = await unchangedFile(workspace, from, base, 'rename');
  const target = await entryPath(workspace, to);
  try {
    await mkdir(dirname(target), { recursive: true });
    await link(source, target).catch(async (err: NodeJS.ErrnoException) => {
      // File systems without hard links: copy, still refusing to replace.
      if (err.code !== 'EPERM' && err.code !== 'ENOTSUP' && err.code !== 'EXDEV') throw err;
      await copyFile(source, target, constants.COPYFILE_EXCL);
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && (await lstat(target).then(() => true, () => false))) throw taken(to);
    throw fileError(err, to, 'rename');
  }
  try {
    await unlink(source);
  } catch (err) {
    throw fileError(err, from, 'rename');
  }
  return base as string;
}

/** Delete `relPath`, a file unchanged since version `base`. */
export async function deleteWorkspaceFile(workspace: string, relPath: string, base: unknown): Promise<void> {
  const entry = await unchangedFile(workspace, relPath, base, 'delete');
  try {
    await unlink(entry);
  } catch (err) {
    throw fileError(err, relPath, 'delete');
  }
}
