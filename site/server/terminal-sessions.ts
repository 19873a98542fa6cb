import { randomUUID } from 'node:crypto';
import { RingBuffer } from './ring-buffer.ts';

/** What a session needs of a pseudo-terminal; node-pty's IPty is one. */
export interface Pty {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  onData(listener: (data: string) => void): { dispose(): void };
  onExit(listener: (e: { exitCode: number; signal?: number }) => void): { dispose(): void };
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
  readonly alive: boolean;
}

export interface TerminalSessionsOptions {
  spawn: (labId: string, size: { cols: number; rows: number }) => Promise<Pty>;
  /** Scrollback kept per session (characters). Default 256 Ki. */
  bufferChars?: number;
  /** A session nobody is attached to ends after this long. Default 15 min. */
  idleMs?: number;
}

export interface TerminalSessions {
  /**
   * The session `id` when it exists, is alive and belongs to `labId` (a
   * reconnect); otherwise a new shell.
   */
  open(labId: string, id: string | undefined, size: { cols: number; rows: number }): Promise<{ session: TerminalSession; resumed: boolean }>;
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
  const sessions = new Map<string, TerminalSession & { end(reason: string): void }>();
  const idleMs = options.idleMs ?? 15 * 60_000;

  async function create(labId: string, size: { cols: number; rows: number }) {
    const pty = await options.spawn(labId, size);
    const id = randomUUID();
    const buffer = new RingBuffer(options.bufferChars ?? 256 * 1024);
    const listeners = new Set<SessionListener>();
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
    };
    pty.onData((data) => {
      buffer.push(data);
      for (const l of listeners) l.output(data);
    });
    pty.onExit(({ exitCode }) => finish(`the shell exited (code ${exitCode})`));
    const session = {
      id,
      labId,
      get alive() {
        return alive;
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
          if (alive) armIdle();
        };
      },
      write: (data: string) => alive && pty.write(data),
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
