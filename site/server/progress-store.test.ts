import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgressStore, defaultProgressFile, parseProgress } from './progress-store.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubecamp-progress-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const task = (attempts: number, done = false) => ({ done, attempts, hintsShown: 0 });

describe('progress store', () => {
  it('starts empty and merges what browsers send, concurrently too', async () => {
    const store = createProgressStore(join(dir, 'sub', 'progress.json'));
    expect(await store.read()).toEqual({ version: 1, labs: {} });
    await Promise.all([
      store.merge({ version: 1, labs: { pods: { tasks: { a: task(1) } } } }),
      store.merge({ version: 1, labs: { pods: { tasks: { a: task(3), b: task(0, true) } } } }),
      store.merge({ version: 1, labs: { services: { tasks: { x: task(2) } } } }),
    ]);
    expect(await store.read()).toEqual({ version: 1, labs: { pods: { tasks: { a: task(3), b: task(0, true) } }, services: { tasks: { x: task(2) } } } });
    expect(JSON.parse(await readFile(join(dir, 'sub', 'progress.json'), 'utf8')).labs.pods.tasks.a.attempts).toBe(3);
  });

  it('keeps an unreadable file aside instead of losing it', async () => {
    const file = join(dir, 'progress.json');
    await writeFile(file, '{ not json');
    const store = createProgressStore(file);
    expect(await store.read()).toEqual({ version: 1, labs: {} });
    expect((await readdir(dir)).some((f) => f.startsWith('progress.json.unreadable-'))).toBe(true);
  });

  it('names the bad field of an invalid body', () => {
    expect(() => parseProgress({ version: 1, labs: { pods: { tasks: { a: { done: 'yes', attempts: 0, hintsShown: 0 } } } } })).toThrow(
      'progress is not valid: labs.pods.tasks.a.done: Expected boolean, received string',
    );
    expect(() => parseProgress({ version: 1, labs: { '../x': { tasks: {} } } })).toThrow('progress is not valid: labs.../x: ids are kebab-case');
    expect(() => parseProgress([])).toThrow('progress is not valid: (top): Expected object, received array');
  });

  it('lives in ~/.local/share/kubecamp unless told otherwise', () => {
    expect(defaultProgressFile({ HOME: '/home/a' })).toBe('/home/a/.local/share/kubecamp/progress.json');
    expect(defaultProgressFile({ HOME: '/home/a', XDG_DATA_HOME: '/data' })).toBe('/data/kubecamp/progress.json');
    expect(defaultProgressFile({ KUBECAMP_PROGRESS: '/tmp/p.json' })).toBe('/tmp/p.json');
  });
});
