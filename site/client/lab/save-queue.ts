export type SaveState = { kind: 'saved'; at: Date } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'failed'; message: string };

export interface SaveQueue {
  /** The file changed: save it after `delayMs` without further changes. */
  changed(path: string, content: string): void;
  /** Save everything pending now (before leaving the page, before a check). */
  flush(): Promise<void>;
  state(path: string): SaveState | undefined;
}

/**
 * Debounced saving per file: typing resets the file's timer; one save per file
 * runs at a time, and a change made during a save is saved after it. A failed
 * save is retried on the next change or flush.
 */
export function createSaveQueue(options: {
  save: (path: string, content: string) => Promise<void>;
  delayMs?: number;
  onState?: (path: string, state: SaveState) => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}): SaveQueue {
  const delay = options.delayMs ?? 600;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  const pending = new Map<string, string>();
  const timers = new Map<string, unknown>();
  const running = new Map<string, Promise<void>>();
  const states = new Map<string, SaveState>();
  const set = (path: string, s: SaveState) => {
    states.set(path, s);
    options.onState?.(path, s);
  };

  async function run(path: string): Promise<void> {
    await running.get(path);
    const content = pending.get(path);
    if (content === undefined) return;
    pending.delete(path);
    set(path, { kind: 'saving' });
    const job = options.save(path, content).then(
      () => {
        if (!pending.has(path)) set(path, { kind: 'saved', at: new Date() });
      },
      (err: unknown) => {
        if (!pending.has(path)) pending.set(path, content);
        set(path, { kind: 'failed', message: err instanceof Error ? err.message : String(err) });
      },
    );
    running.set(path, job);
    await job;
    if (running.get(path) === job) running.delete(path);
  }

  return {
    changed(path, content) {
      pending.set(path, content);
      set(path, { kind: 'pending' });
      const t = timers.get(path);
      if (t !== undefined) clearTimer(t);
      timers.set(path, setTimer(() => {
        timers.delete(path);
        void run(path);
      }, delay));
    },
    async flush() {
      for (const [path, t] of timers) {
        clearTimer(t);
        timers.delete(path);
      }
      await Promise.all([...new Set([...pending.keys(), ...running.keys()])].map((p) => run(p)));
    },
    state: (path) => states.get(path),
  };
}
