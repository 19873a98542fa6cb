import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Temporary files are `.<name>.<pid>.<random>.tmp` beside their target, so a
 * rename never crosses file systems and a leftover names the process that
 * left it. `<name>` is cut to 100 bytes: a target with a 255-byte name (the
 * usual limit) must still get a temporary file.
 */
const tmpPattern = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/;

export function tmpPathFor(file: string): string {
  const name = Buffer.from(basename(file)).subarray(0, 100).toString();
  return join(dirname(file), `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Flush a directory's entries (a rename in it) to disk; some platforms cannot open a directory for that. */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw err;
  } finally {
    await handle?.close();
  }
}

/**
 * Replace `file` with `data` so that a crash or a kill at any moment leaves
 * either the old content or the new, never a mix or nothing: write a temporary
 * file in the same folder, fsync it, rename it over `file`, fsync the folder.
 * An existing file keeps its permissions. A symlink at `file` itself is
 * replaced, not written through; callers resolve it first when they mean to.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: { mode?: number } = {}): Promise<void> {
  const tmp = tmpPathFor(file);
  const mode = options.mode ?? (await stat(file).then((st) => st.mode & 0o7777, () => undefined));
  try {
    const handle = await open(tmp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(data);
      // open() applies the umask; an existing file's mode is restored exactly.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  }
  await fsyncDir(dirname(file));
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove temporary files that a killed process left in `dir` (only those of
 * processes no longer running, so a write in progress elsewhere is kept).
 * `recursive` walks subfolders too. Returns the removed paths.
 */
export async function removeStaleTmpFiles(dir: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    const m = tmpPattern.exec(e.name);
    if (m && !alive(Number(m[2]))) {
      await rm(full, { recursive: true, force: true });
      removed.push(full);
    } else if (options.recursive && e.isDirectory()) removed.push(...(await removeStaleTmpFiles(full, options)));
  }
  return removed;
}
