import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProgressStore, defaultProgressFile, parseProgress, type ProgressStore } from './progress-store.ts';

let dir: string;
const stores: ProgressStore[] = [];
const open = (file: string) => {
  const store = createProgressStore(file);
  stores.push(store);
  return store;
};
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubecamp-progress-'));
});
afterEach(async () => {
  for (const s of stores.splice(0)) s.close();
  await rm(dir, { recursive: true, force: true });
});

/** A pid no process has (above Linux's largest pid_max). */
const deadPid = 999_999_999;

const task = (attempts: number, done = false) => ({ done, attempts, hintsShown: 0 });

describe('progress store', () => {
  it('starts empty and merges what browsers send, concurrently too', async () => {
    const store = open(join(dir, 'sub', 'progress.json'));
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
    const store = open(file);
    expect(await store.read()).toEqual({ version: 1, labs: {} });
    expect((await readdir(dir)).some((f) => f.startsWith('progress.json.unreadable-'))).toBe(true);
  });

  it('writes atomically: no temporary file is left and the file is replaced whole', async () => {
    const file = join(dir, 'progress.json');
    const store = open(file);
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.merge({ version: 1, labs: { pods: { tasks: { [`t${i}`]: task(i) } } } })));
    expect(Object.keys(JSON.parse(await readFile(file, 'utf8')).labs.pods.tasks)).toHaveLength(20);
    expect(await readdir(dir)).toEqual(['progress.json', 'progress.json.lock']);
  });

  it('removes temporary files a killed server left, before the first read', async () => {
    const file = join(dir, 'progress.json');
    await writeFile(join(dir, `.progress.json.${deadPid}.0123abcd.tmp`), '{"half');
    await writeFile(join(dir, 'progress.json.4242.tmp'), '{"half');
    const store = open(file);
    await store.read();
    expect(await readdir(dir)).toEqual(['progress.json.lock']);
  });

  it('refuses a second store on the same file, naming the holder, until the first closes', async () => {
    const file = join(dir, 'progress.json');
    const first = createProgressStore(file);
    expect(() => createProgressStore(file)).toThrow(
      new RegExp(`^another kubecamp server \\(pid ${process.pid}, started [0-9T:.Z-]+\\) is using the progress file ${file.replace(/[.]/g, '\\.')}$`),
    );
    first.close();
    open(file);
  });

  it('takes over the lock of a server that is gone', async () => {
    const file = join(dir, 'progress.json');
    await writeFile(`${file}.lock`, JSON.stringify({ pid: deadPid, startedAt: '2026-01-01T00:00:00.000Z' }));
    const store = open(file);
    await store.merge({ version: 1, labs: { pods: { tasks: { a: task(1) } } } });
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8')).pid).toBe(process.pid);
  });

  it('loses no save when two server processes start on the same file: the second is refused', async () => {
    const file = join(dir, 'progress.json');
    const storeModule = fileURLToPath(new URL('./progress-store.ts', import.meta.url));
    // Each process opens the store, waits for "go", then saves 100 tasks one after another.
    const script = `
      const { createProgressStore } = await import(${JSON.stringify(storeModule)});
      const [file, name] = process.argv.slice(-2);
      let store;
      try { store = createProgressStore(file); } catch (err) { console.log('REFUSED ' + err.message); process.exit(3); }
      console.log('READY');
      await new Promise((r) => process.stdin.once('data', r));
      for (let i = 0; i < 100; i++) await store.merge({ version: 1, labs: { [name]: { tasks: { ['t' + i]: { done: true, attempts: 0, hintsShown: 0 } } } } });
      console.log('SAVED');
      store.close?.();
      process.exit(0);
    `;
    const start = (name: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, file, name], { stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      const started = new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => ((out += c.toString()), /READY|REFUSED/.test(out) && resolve())));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { child, started, exited, output: () => out };
    };
    const a = start('lab-a');
    const b = start('lab-b');
    await Promise.all([a.started, b.started]);
    for (const p of [a, b]) if (p.child.exitCode === null) p.child.stdin.write('go\n');
    const codes = await Promise.all([a.exited, b.exited]);
    const saved = JSON.parse(await readFile(file, 'utf8')).labs as Record<string, { tasks: object }>;
    const lost = (['lab-a', 'lab-b'] as const).filter((_, i) => codes[i] === 0).map((lab) => 100 - Object.keys(saved[lab]?.tasks ?? {}).length);
    expect({ lost, codes: [...codes].sort() }).toEqual({ lost: [0], codes: [0, 3] });
    const [winner, loser] = codes[0] === 0 ? [a, b] : [b, a];
    expect(loser.output()).toContain(`REFUSED another kubecamp server (pid ${winner.child.pid}, started `);
    expect(loser.output()).toContain(`) is using the progress file ${file}`);
  }, 60_000);

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
