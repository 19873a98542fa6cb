import { HttpError } from './http-error.ts';

/** The longest file or folder name most file systems take (Linux NAME_MAX, macOS, Windows: 255). */
export const maxNameBytes = 255;
/** The longest path a client may send, relative to the workspace (well under PATH_MAX with the workspace in front). */
export const maxPathBytes = 1024;

/** Refuse a too long relative path or name with a 400 that names the limit, before the file system does. */
export function assertPathLength(relPath: string): void {
  const bytes = Buffer.byteLength(relPath);
  if (bytes > maxPathBytes) throw new HttpError(400, `path is too long (${bytes} bytes); paths in the workspace are at most ${maxPathBytes} bytes`);
  const long = relPath.split(/[\\/]+/).find((name) => Buffer.byteLength(name) > maxNameBytes);
  if (long !== undefined) {
    throw new HttpError(400, `name too long: "${long.slice(0, 40)}…" is ${Buffer.byteLength(long)} bytes; file and folder names are at most ${maxNameBytes} bytes`);
  }
}

/**
 * A file-system error while reading or saving `relPath` in a workspace, as an
 * answer the learner can act on. Node's messages carry the absolute path on
 * the server, so none of them is passed on: unknown codes become a 500 that
 * names only the code. Anything but a system error is returned as it is.
 */
export function fileError(err: unknown, relPath: string, doing: 'read' | 'save' | 'create' | 'rename' | 'delete'): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (err instanceof HttpError || !(err instanceof Error) || typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return err;
  const quoted = `"${relPath}"`;
  switch (code) {
    case 'ENOENT':
      return new HttpError(404, `there is no file ${quoted} in the workspace`);
    case 'ENOTDIR':
    case 'EEXIST':
      return doing === 'read'
        ? new HttpError(404, `there is no file ${quoted} in the workspace`)
        : new HttpError(409, `cannot save ${quoted}: a part of its path is a file, not a folder`);
    case 'EISDIR':
      return new HttpError(400, `${quoted} is a folder, not a file`);
    case 'ENAMETOOLONG':
      return new HttpError(400, `path ${quoted} is too long for the file system`);
    case 'ELOOP':
      return new HttpError(400, `path ${quoted} goes through a symlink loop`);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new HttpError(403, `the server may not ${doing} ${quoted}: permission denied`, { fix: 'check the permissions of the file and its folder in the workspace (`ls -l` in the terminal)' });
    case 'ENOSPC':
    case 'EDQUOT':
      return new HttpError(507, `cannot save ${quoted}: the disk is full`);
    default:
      // No `cause`: its message would be appended, absolute path and all.
      return new HttpError(500, `could not ${doing} ${quoted}${code ? ` (${code})` : ''}`);
  }
}
