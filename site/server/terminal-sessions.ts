import { randomUUID } from 'node:crypto';
import { RingBuffer } from './ring-buffer.ts';

/** What a session needs of a pseudo-terminal; node-pty's IPty is one. */
export interface Pty {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  onData(listener: (data: string) => void): { dispose(): void };
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): { dispose(): void };
  /** Stop reading output (the shell blocks once the terminal's buffer is full), and go on. */
  pause(): void;
  resume(): void;
}

export interface SessionListener {
  output(data: string): void;
  exit(reason: string): void;
}

export interface TerminalSession {
  readonly id: string;
  readonly labId: string;
  /**
   * Output for a browser that reconnects having `seen` characters of it:
   * just the rest when the buffer still has it, else everything kept, to be
   * shown on a cleared screen (`restart`).
   */
  replay(seen: number): { data: string; restart: boolean; start: number };
  /** Receive output from now on; returns the detach function. */
  attach(listener: SessionListener): () => void;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  /**
   * Back-pressure: while any attached listener holds the session, the shell's
   * output is not read (a browser that stops reading must not fill the
   * server's memory). Detaching releases the hold.
   */
  hold(listener: SessionListener, held: boolean): void;
  /** End the shell (it is killed). */
  end(reason: string): void;
  readonly alive: boolean;
}

/** Refused because of the caps: the message says which and what to do. */
export class TerminalLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminalLimitError';
  }
}

export interface TerminalSessionsOptions {
  spawn: (labId: string, size: { cols: number; rows: number }) => Promise<Pty>;
  /** Scrollback kept per session (characters). Default 256 Ki. */
  bufferChars?: number;
  /** A session nobody is attached to ends after this long. Default 15 min. */
  idleMs?: number;
  /** Shells per lab (default 4) and in all (default 16), counting those starting. */
  maxPerLab?: number;
  maxTotal?: number;
}

export const defaultMaxPerLab = 4;
export const defaultMaxTotal = 16;

export interface TerminalSessions {
  /**
   * The session `id` when it exists, is alive and belongs to `labId` (a
   * reconnect); otherwise a new shell.
   */
  open(labId: string, id: string | undefined, size: { cols: number; rows: number }): Promise<{ session: TerminalSession; resumed: boolean }>;
  /**
   * Why a new shell for `labId` would be refused now (every shell at a cap
   * has a socket attached), else undefined; a cheap check before any work.
   */
  refusal(labId: string, pending?: { lab: number; total: number }): string | undefined;
  /** End every session of a lab (after a reset, whose workspace is new). */
  endLab(labId: string, reason: string): void;
  closeAll(): void;
  readonly count: number;
}

export const clampSize = (cols: number, rows: number) => ({
  cols: Math.min(500, Math.max(2, Math.floor(Number.isFinite(cols) ? cols : 80))),
  rows: Math.min(200, Math.max(1, Math.floor(Number.isFinite(rows) ? rows : 24))),
});

/** Shells that outlive their WebSocket: the browser reconnects to the same one and gets its scrollback. */
export function createTerminalSessions(options: TerminalSessionsOptions): TerminalSessions {
  type Session = TerminalSession & { readonly attached: boolean; readonly detachedAt: number };
  const sessions = new Map<string, Session>();
  const idleMs = options.idleMs ?? 15 * 60_000;
  const maxPerLab = options.maxPerLab ?? defaultMaxPerLab;
  const maxTotal = options.maxTotal ?? defaultMaxTotal;
  /** Shells being started, per lab: they count against the caps before they exist. */
  const starting = new Map<string, number>();
  const startingTotal = () => [...starting.values()].reduce((a, b) => a + b, 0);

  /**
   * Make room for one more shell of `labId`: when a cap is reached, the shell
   * nobody has looked at for longest (no socket attached) is ended; when every
   * shell has a socket, the new one is refused.
   */
  const ofLab = (labId: string) => [...sessions.values()].filter((s) => s.labId === labId).length + (starting.get(labId) ?? 0);
  const perLabMessage = (labId: string) => `lab ${labId} already has ${maxPerLab} open terminals; close one (another tab?) and reconnect`;
  const totalMessage = () => `the server already has ${maxTotal} open terminals; close one (another tab?) and reconnect`;

  /** `pending`: shells asked for but not yet being opened (a socket on its way), counted as open. */
  function refusal(labId: string, pending = { lab: 0, total: 0 }): string | undefined {
    const unused = (s: Session) => !s.attached;
    const lab = [...sessions.values()].filter((s) => s.labId === labId);
    if (ofLab(labId) + pending.lab >= maxPerLab && !lab.some(unused)) return perLabMessage(labId);
    if (sessions.size + startingTotal() + pending.total >= maxTotal && ![...sessions.values()].some(unused)) return totalMessage();
    return undefined;
  }

  function makeRoom(labId: string) {
    const evict = (candidates: Session[]) => {
      const unused = candidates.filter((s) => !s.attached).sort((a, b) => a.detachedAt - b.detachedAt)[0];
      unused?.end('the terminal was closed to make room for a newer one');
      return unused !== undefined;
    };
    while (ofLab(labId) >= maxPerLab) {
      if (!evict([...sessions.values()].filter((s) => s.labId === labId))) throw new TerminalLimitError(perLabMessage(labId));
    }
    while (sessions.size + startingTotal() >= maxTotal) {
      if (!evict([...sessions.values()])) throw new TerminalLimitError(totalMessage());
    }
  }

  async function create(labId: string, size: { cols: number; rows: number }) {
    makeRoom(labId);
    starting.set(labId, (starting.get(labId) ?? 0) + 1);
    let pty: Pty;
    try {
      pty = await options.spawn(labId, size);
    } finally {
      const n = (starting.get(labId) ?? 1) - 1;
      if (n > 0) starting.set(labId, n);
      else starting.delete(labId);
    }
    const id = randomUUID();
    const buffer = new RingBuffer(options.bufferChars ?? 256 * 1024);
    const listeners = new Set<SessionListener>();
    const holders = new Set<SessionListener>();
    let paused = false;
    let detachedAt = Date.now();
    const flow = () => {
      const hold = holders.size > 0;
      if (hold === paused || !alive) return;
      paused = hold;
      if (hold) pty.pause();
      else pty.resume();
    };
    let alive = true;
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdle = () => {
      clearTimeout(idleTimer);
      if (listeners.size === 0) idleTimer = setTimeout(() => session.end('the terminal was closed after being unused'), idleMs);
    };
    const finish = (reason: string) => {
      if (!alive) return;
      alive = false;
      clearTimeout(idleTimer);
      sessions.delete(id);
      for (const l of listeners) l.exit(reason);
      listeners.clear();
      holders.clear();
    };
    pty.onData((data) => {
      buffer.push(data);
      for (const l of listeners) l.output(data);
    });
    pty.onExit(({ exitCode }) => finish(`the shell exited (code ${exitCode})`));
    const session: Session = {
      id,
      labId,
      get alive() {
        return alive;
      },
      get attached() {
        return listeners.size > 0;
      },
      get detachedAt() {
        return detachedAt;
      },
      replay(seen: number) {
        const rest = buffer.since(seen);
        if (rest !== undefined) return { data: rest, restart: false, start: seen };
        const data = buffer.contents();
        return { data, restart: true, start: buffer.total - data.length };
      },
      attach(listener: SessionListener) {
        listeners.add(listener);
        clearTimeout(idleTimer);
        return () => {
          listeners.delete(listener);
          holders.delete(listener);
          flow();
          detachedAt = Date.now();
          if (alive) armIdle();
        };
      },
      hold(listener: SessionListener, held: boolean) {
        if (held && listeners.has(listener)) holders.add(listener);
        else holders.delete(listener);
        flow();
      },
      write: (data: string) => void (alive && pty.write(data)),
      resize: (cols: number, rows: number) => {
        const s = clampSize(cols, rows);
        if (alive) pty.resize(s.cols, s.rows);
      },
      end(reason: string) {
        if (!alive) return;
        finish(reason);
        pty.kill();
      },
    };
    sessions.set(id, session);
    armIdle();
    return session;
  }

  return {
    async open(labId, id, size) {
      const existing = id ? sessions.get(id) : undefined;
      if (existing && existing.alive && existing.labId === labId) {
        existing.resize(size.cols, size.rows);
        return { session: existing, resumed: true };
      }
      return { session: await create(labId, clampSize(size.cols, size.rows)), resumed: false };
    },
    refusal,
    endLab(labId, reason) {
      for (const s of [...sessions.values()]) if (s.labId === labId) s.end(reason);
    },
    closeAll() {
      for (const s of [...sessions.values()]) s.end('the server stopped');
    },
    get count() {
      return sessions.size;
    },
  };
}
