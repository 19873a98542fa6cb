import { emptyProgress, mergeProgress, type Progress } from '../shared/progress.ts';

export const storageKey = 'kubecamp:progress';

/** The browser's copy; a missing or damaged one is empty (the server's copy fills it in). */
export function readStoredProgress(storage: Pick<Storage, 'getItem'>): Progress {
  try {
    const p = JSON.parse(storage.getItem(storageKey) ?? 'null') as Progress | null;
    if (p && p.version === 1 && p.labs && typeof p.labs === 'object') return p;
  } catch {
    // damaged: start from the server's copy
  }
  return emptyProgress();
}

export interface ProgressSync {
  current(): Progress;
  /** Change progress; saved in the browser now and on the server shortly after. */
  update(change: (p: Progress) => Progress): void;
  onChange(listener: (p: Progress) => void): void;
  /** Resolves once the server's copy has been merged in (or could not be). */
  ready: Promise<void>;
}

/**
 * Progress in localStorage, mirrored to `/api/progress`: both copies are
 * merged on load, after every save and when another tab changes it, so
 * neither a cleared browser nor a new server loses anything.
 */
export function createProgressSync(options: { storage?: Storage; endpoint?: string; delayMs?: number } = {}): ProgressSync {
  const storage = options.storage ?? localStorage;
  const endpoint = options.endpoint ?? '/api/progress';
  let progress = readStoredProgress(storage);
  const listeners: ((p: Progress) => void)[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const set = (p: Progress) => {
    progress = p;
    try {
      storage.setItem(storageKey, JSON.stringify(p));
    } catch {
      // storage full or disabled: the server copy still has it
    }
    for (const l of listeners) l(p);
  };

  const push = async () => {
    try {
      const res = await fetch(endpoint, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(progress) });
      if (res.ok) set(mergeProgress(progress, (await res.json()) as Progress));
    } catch {
      // offline: pushed again with the next change
    }
  };

  const ready = (async () => {
    try {
      const res = await fetch(endpoint, { cache: 'no-store' });
      if (!res.ok) return;
      const server = (await res.json()) as Progress;
      const merged = mergeProgress(progress, server);
      set(merged);
      if (JSON.stringify(merged) !== JSON.stringify(server)) await push();
    } catch {
      // no server (a static copy of the site): the browser's copy is all there is
    }
  })();

  addEventListener('storage', (ev) => {
    if (ev.key === storageKey && ev.newValue) set(mergeProgress(progress, readStoredProgress(storage)));
  });

  return {
    current: () => progress,
    update(change) {
      set(change(progress));
      clearTimeout(timer);
      timer = setTimeout(() => void push(), options.delayMs ?? 300);
    },
    onChange: (l) => void listeners.push(l),
    ready,
  };
}
