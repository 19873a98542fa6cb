import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import { removeStaleTmpFiles, writeFileAtomic } from '../../checker/lib/atomic-file.ts';
import { lockDataFile } from './data-lock.ts';
import { emptyProgress, mergeProgress, type Progress } from '../shared/progress.ts';
import { HttpError } from './http-error.ts';

const isoTime = z.string().datetime({ offset: true });
const taskProgressSchema = z.object({
  done: z.boolean(),
  attempts: z.number().int().min(0).max(1_000_000),
  hintsShown: z.number().int().min(0).max(1000),
  doneAt: isoTime.optional(),
});
const idKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are kebab-case');

/** The shape of progress.json and of `PUT /api/progress`'s body. */
export const progressSchema = z.object({
  version: z.literal(1),
  labs: z.record(
    idKey,
    z.object({ resetAt: isoTime.optional(), completedAt: isoTime.optional(), activeMs: z.number().int().min(0).max(1e12).optional(), tasks: z.record(idKey, taskProgressSchema) }),
  ),
});

/** `~/.local/share/kubecamp/progress.json` (`XDG_DATA_HOME`, or `KUBECAMP_PROGRESS` for the file itself). */
export function defaultProgressFile(env: NodeJS.ProcessEnv): string {
  if (env.KUBECAMP_PROGRESS) return env.KUBECAMP_PROGRESS;
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'kubecamp', 'progress.json');
}

/** Check a client's progress; a bad one is a 400 naming the field. */
export function parseProgress(body: unknown): Progress {
  const parsed = progressSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, `progress is not valid: ${issue.path.join('.') || '(top)'}: ${issue.message}`);
  }
  return parsed.data as Progress;
}

export interface ProgressStore {
  read(): Promise<Progress>;
  /** Merge `incoming` into the file; returns what it holds now. */
  merge(incoming: Progress): Promise<Progress>;
  /** Let another server use the file. */
  close(): void;
}

/** Temporary files the store wrote before it used writeFileAtomic: `progress.json.<pid>.tmp`. */
async function removeOldTmpFiles(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  for (const name of await readdir(dir).catch(() => [])) {
    if (name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length))) await unlink(join(dir, name)).catch(() => {});
  }
}

/**
 * Progress mirrored on disk, so it survives a cleared browser and a restarted
 * server. Writes are serialised and atomic (temporary file, fsync, rename,
 * fsync of the folder); an unreadable file is kept aside rather than
 * overwritten with nothing.
 *
 * One store per file: it takes `<file>.lock` and a second server on the same
 * file refuses to start, naming the first one's pid (a ContextError). Sharing
 * would need a lock around every read-merge-write, and the two servers would
 * still fight over the same workspaces and namespaces. Temporary files left
 * by a killed server are removed before the first read.
 */
export function createProgressStore(file: string): ProgressStore {
  const lock = lockDataFile(file, 'the progress file');
  let queue: Promise<unknown> = Promise.all([removeStaleTmpFiles(dirname(file)), removeOldTmpFiles(file)]).catch(() => {});
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };

  async function read(): Promise<Progress> {
    if (!existsSync(file)) return emptyProgress();
    const text = await readFile(file, 'utf8');
    try {
      return parseProgress(JSON.parse(text));
    } catch {
      await rename(file, `${file}.unreadable-${Date.now()}`);
      return emptyProgress();
    }
  }

  return {
    read: () => serial(read),
    merge: (incoming) =>
      serial(async () => {
        const merged = mergeProgress(await read(), incoming);
        await mkdir(dirname(file), { recursive: true });
        await writeFileAtomic(file, `${JSON.stringify(merged, null, 2)}\n`);
        return merged;
      }),
    close: () => lock.release(),
  };
}
