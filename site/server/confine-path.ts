import { lstat, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { assertPathLength } from './file-errors.ts';
import { HttpError } from './http-error.ts';

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * The real path of `path`: symlinks resolved as far as the path exists, the
 * missing rest appended as written (for files about to be created). A dangling
 * symlink is followed to where it points.
 */
async function realpathAsFarAsExists(path: string, hops = 0): Promise<string> {
  if (hops > 40) throw new HttpError(400, 'path goes through too many symlinks');
  let current = resolve(path);
  const missing: string[] = [];
  for (;;) {
    try {
      const st = await lstat(current);
      if (st.isSymbolicLink()) {
        try {
          return join(await realpath(current), ...missing);
        } catch (err) {
          if (!isMissing(err)) throw err;
          const target = resolve(dirname(current), await readlink(current));
          return join(await realpathAsFarAsExists(target, hops + 1), ...missing);
        }
      }
      return join(await realpath(current), ...missing);
    } catch (err) {
      if (err instanceof HttpError || !isMissing(err)) throw err;
      const parent = dirname(current);
      if (parent === current) return join(current, ...missing);
      missing.unshift(basename(current));
      current = parent;
    }
  }
}

/**
 * Resolve `relPath`, as sent by a client, inside `workspaceRoot`, or refuse it
 * with a 400: empty paths, NUL bytes, too long names, absolute paths, `..` segments, and
 * symlinks (existing or dangling) that lead outside the root. Returns the real
 * absolute path; the file itself need not exist yet.
 *
 * Checked at call time: a symlink swapped in afterwards is not seen, so only
 * use it on trees that the client cannot add symlinks to by other means.
 */
export async function confinePath(workspaceRoot: string, relPath: string): Promise<string> {
  if (typeof relPath !== 'string' || relPath.trim() === '') throw new HttpError(400, 'path is empty');
  if (relPath.includes('\0')) throw new HttpError(400, 'path contains a NUL byte');
  assertPathLength(relPath);
  if (isAbsolute(relPath) || /^[a-zA-Z]:/.test(relPath) || relPath.startsWith('\\')) {
    throw new HttpError(400, `path "${relPath}" is absolute; send it relative to the workspace`);
  }
  if (relPath.split(/[\\/]+/).includes('..')) {
    throw new HttpError(400, `path "${relPath}" contains "..": it must stay inside the workspace`);
  }
  const realRoot = await realpath(workspaceRoot);
  const target = await realpathAsFarAsExists(join(realRoot, relPath)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ELOOP') throw new HttpError(400, `path "${relPath}" goes through a symlink loop`);
    throw err;
  });
  if (!isInside(realRoot, target)) {
    throw new HttpError(400, `path "${relPath}" leads outside the workspace through a symlink`);
  }
  return target;
}
