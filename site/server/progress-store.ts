import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
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
    z.object({ resetAt: isoTime.optional(), completedAt: isoTime.optional(), tasks: z.record(idKey, taskProgressSchema) }),
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
}

/**
 * Progress mirrored on disk, so it survives a cleared browser and a restarted
 * server. Writes are serialised and atomic (write, then rename); an unreadable
 * file is kept aside rather than overwritten with nothing.
 */
export function createProgressStore(file: string): ProgressStore {
  let queue: Promise<unknown> = Promise.resolve();
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
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, `${JSON.stringify(merged, null, 2)}\n`);
        await rename(tmp, file);
        return merged;
      }),
  };
}
