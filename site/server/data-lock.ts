import { closeSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync, fsyncSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { tmpPathFor } from '../../checker/lib/atomic-file.ts';
import { ContextError } from '../../checker/lib/errors.ts';

/** What `<file>.lock` holds: the server that owns the file. */
const lockSchema = z.object({ pid: z.number().int().positive(), startedAt: z.string() });
type LockHolder = z.infer<typeof lockSchema>;

export interface DataLock {
  /** `<file>.lock`. */
  readonly lockFile: string;
  release(): void;
}

/** Lock files this process holds: a second store on the same file in one process is refused too. */
const held = new Set<string>();

function readHolder(lockFile: string): LockHolder | undefined {
  try {
    return lockSchema.parse(JSON.parse(readFileSync(lockFile, 'utf8')));
  } catch {
    return undefined;
  }
}

function running(holder: LockHolder, lockFile: string): boolean {
  // A restarted container often gives the new server its old pid: that lock is stale unless we hold it.
  if (holder.pid === process.pid) return held.has(lockFile);
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Take `<file>.lock` for this process, or refuse with the pid of the server
 * that holds it. A lock whose process is gone (killed, crashed) is taken
 * over. The lock file appears complete or not at all (written aside, then
 * hard-linked into place), so a reader never sees half of it.
 */
export function lockDataFile(file: string, what: string): DataLock {
  const lockFile = `${file}.lock`;
  mkdirSync(dirname(lockFile), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const tmp = tmpPathFor(lockFile);
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      writeSync(fd, `${JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() } satisfies LockHolder)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(tmp, lockFile);
      held.add(lockFile);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new ContextError(`could not lock ${what} ${file}`, { cause: err });
      const holder = readHolder(lockFile);
      if (holder && running(holder, lockFile)) {
        throw new ContextError(`another kubecamp server (pid ${holder.pid}, started ${holder.startedAt}) is using ${what} ${file}`, {
          fix:
            `use that server, or stop it (\`kill ${holder.pid}\`) and start again; ` +
            'to run a second server, give it its own data: `KUBECAMP_PROGRESS=<file> KUBECAMP_WORKSPACES=<folder> npm start -- --port 4322`' +
            ` (if pid ${holder.pid} is not a kubecamp server, delete ${lockFile})`,
        });
      }
      if (attempt >= 2) throw new ContextError(`could not lock ${what} ${file}: ${lockFile} keeps coming back`, { fix: `delete ${lockFile} if no kubecamp server is running` });
      unlinkSync(lockFile);
    } finally {
      unlinkSync(tmp);
    }
  }
  return {
    lockFile,
    release() {
      if (!held.delete(lockFile)) return;
      if (readHolder(lockFile)?.pid === process.pid) unlinkSync(lockFile);
    },
  };
}
