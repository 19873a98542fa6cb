import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { formatError } from '../../checker/lib/errors.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import { maxSocketMessageBytes, terminalLimitCloseCode, type LiveMessage, type Readiness, type TerminalClientMessage, type TerminalServerMessage } from '../shared/lab-view.ts';
import { HttpError } from './http-error.ts';
import type { LabCatalog } from './lab-catalog.ts';
import type { LabPreparation } from './lab-preparation.ts';
import type { LiveHub } from './live-hub.ts';
import { compileRoute, matchRoute } from './route-match.ts';
import { gateUpgrade, type GateOptions } from './request-gate.ts';
import { TerminalLimitError, type SessionListener, type TerminalSessions } from './terminal-sessions.ts';

export interface LabSocketsOptions {
  /** Who may open a socket: the Host check and the token, as for the API. */
  gate: GateOptions;
  catalog: LabCatalog;
  hub: LiveHub;
  terminals: TerminalSessions;
  preparation: LabPreparation;
  readiness: (needs: EnvironmentName[]) => Promise<Readiness>;
  logger?: Logger;
}

/** Terminal output queued on a socket above this pauses the shell; below `resumeBelowBytes` it goes on. */
export const pauseAboveBytes = 1024 * 1024;
export const resumeBelowBytes = 256 * 1024;

const liveRoute = compileRoute('/api/labs/:id/live');
const terminalRoute = compileRoute('/api/labs/:id/terminal');

/** Refuse an upgrade with a JSON error, as the HTTP API would. */
function refuse(socket: Duplex, err: unknown): void {
  const status = err instanceof HttpError ? err.status : 500;
  const body = JSON.stringify({ error: err instanceof Error ? err.message : String(err), ...(err instanceof HttpError && err.fix ? { fix: err.fix } : {}) });
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : status === 503 ? 'Service Unavailable' : 'Error'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

const sendJson = (ws: WebSocket, message: LiveMessage | TerminalServerMessage, done?: () => void) => {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message), done);
};

/** A close reason is at most 123 bytes. */
const closeReason = (text: string) => (Buffer.byteLength(text) <= 123 ? text : `${Buffer.from(text).subarray(0, 120).toString().replace(/\uFFFD$/, '')}…`);

function parseClientMessage(data: unknown): TerminalClientMessage | undefined {
  try {
    const m = JSON.parse(String(data)) as TerminalClientMessage;
    if (m?.type === 'input' && typeof m.data === 'string') return m;
    if (m?.type === 'resize' && Number.isFinite(m.cols) && Number.isFinite(m.rows)) return m;
  } catch {
    // not JSON: ignored, like any other unknown message
  }
  return undefined;
}

/**
 * WebSockets beside the API: `/api/labs/:id/live` pushes the lab's live check
 * results and readiness; `/api/labs/:id/terminal?session=…&seen=…&cols=…&rows=…`
 * is a shell that survives the socket (reconnect with the same session id and
 * the number of characters already shown to get the rest).
 */
export function attachLabSockets(server: http.Server, options: LabSocketsOptions): { close(): void } {
  const logger = options.logger ?? noopLogger;
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxSocketMessageBytes });

  async function live(ws: WebSocket, labId: string) {
    const unsubscribe = options.hub.subscribe(labId, (m) => sendJson(ws, m));
    ws.on('close', unsubscribe);
  }

  /** Terminal sockets between the cap check and opening their shell, per lab: they count against the caps. */
  const pending = new Map<string, number>();
  const pendingTotal = () => [...pending.values()].reduce((a, b) => a + b, 0);
  const reserve = (labId: string) => {
    pending.set(labId, (pending.get(labId) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const n = (pending.get(labId) ?? 1) - 1;
      if (n > 0) pending.set(labId, n);
      else pending.delete(labId);
    };
  };

  async function terminal(ws: WebSocket, labId: string, query: URLSearchParams, release: () => void) {
    // Before any await: a socket that closes while the shell starts must not leave the shell behind.
    let closed = false;
    let detach: (() => void) | undefined;
    ws.on('close', () => {
      closed = true;
      detach?.();
    });
    const size = { cols: Number(query.get('cols') ?? 80), rows: Number(query.get('rows') ?? 24) };
    let opened: Awaited<ReturnType<TerminalSessions['open']>>;
    try {
      // open() counts the shell as starting in the same tick: no longer pending.
      release();
      opened = await options.terminals.open(labId, query.get('session') ?? undefined, size);
    } catch (err) {
      if (!(err instanceof TerminalLimitError)) throw err;
      sendJson(ws, { type: 'exit', reason: err.message });
      ws.close(terminalLimitCloseCode, closeReason(err.message));
      return;
    }
    const { session, resumed } = opened;
    if (closed) {
      if (!resumed) session.end('the terminal closed while its shell started');
      return;
    }
    const replay = resumed ? session.replay(Number(query.get('seen') ?? 0)) : { data: '', restart: false, start: 0 };
    // Back-pressure: past pauseAboveBytes queued, the shell is paused until the socket drains.
    let held = false;
    const drained = () => {
      if (held && ws.bufferedAmount < resumeBelowBytes) {
        held = false;
        session.hold(listener, false);
      }
    };
    const output = (data: string) => {
      sendJson(ws, { type: 'output', data }, drained);
      if (!held && ws.bufferedAmount > pauseAboveBytes) {
        held = true;
        session.hold(listener, true);
      }
    };
    const listener: SessionListener = {
      output,
      exit: (reason) => {
        sendJson(ws, { type: 'exit', reason });
        ws.close(1000, 'shell ended');
      },
    };
    sendJson(ws, { type: 'session', id: session.id, resumed, restart: replay.restart, start: replay.start });
    detach = session.attach(listener);
    if (replay.data) output(replay.data);
    ws.on('message', (data) => {
      const m = parseClientMessage(data);
      if (m?.type === 'input') session.write(m.data);
      else if (m?.type === 'resize') session.resize(m.cols, m.rows);
    });
  }

  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // First of all: an error on the raw socket (a reset, a bad frame) must end that socket only.
    socket.on('error', (err) => logger.debug(`socket ${req.url}: ${err.message}`));
    const url = new URL(req.url ?? '/', 'http://localhost');
    const liveParams = matchRoute(liveRoute, url.pathname);
    const terminalParams = liveParams ? undefined : matchRoute(terminalRoute, url.pathname);
    let release = () => {};
    try {
      if (!liveParams && !terminalParams) throw new HttpError(404, `no WebSocket at ${url.pathname}`);
      gateUpgrade(req, options.gate);
      const labId = (liveParams ?? terminalParams)!.id!;
      // At the terminal caps: say so at once, without loading or preparing anything.
      const full = terminalParams && !url.searchParams.get('session') ? options.terminals.refusal(labId, { lab: pending.get(labId) ?? 0, total: pendingTotal() }) : undefined;
      if (full !== undefined) {
        wss.handleUpgrade(req, socket, head, (ws) => {
          ws.on('error', (err) => logger.debug(`${url.pathname}: ${err.message}`));
          sendJson(ws, { type: 'exit', reason: full });
          ws.close(terminalLimitCloseCode, closeReason(full));
        });
        return;
      }
      if (terminalParams) {
        release = reserve(labId);
        // A socket that goes away before its shell opens (or a handshake ws refuses) gives its place back.
        socket.once('close', release);
      }
      const loaded = await options.catalog.get(labId);
      if (terminalParams) {
        const readiness = await options.readiness(loaded.lab.environments);
        if (!readiness.ready) throw new HttpError(503, `the terminal cannot start: ${readiness.message}`, readiness.command ? { fix: readiness.command } : {});
        await options.preparation.prepare(loaded);
      }
      if (socket.destroyed) {
        release();
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Before anything else: an unmasked frame or an oversized message closes this socket, not the server.
        ws.on('error', (err) => logger.debug(`${url.pathname}: ${err.message}`));
        const run = liveParams ? live(ws, labId) : terminal(ws, labId, url.searchParams, release);
        run.catch((err) => {
          logger.warn(`${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
          sendJson(ws, { type: 'exit', reason: formatError(err) });
          ws.close(1011, 'could not start');
        });
      });
    } catch (err) {
      release();
      if (!(err instanceof HttpError)) logger.warn(`${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      if (!socket.destroyed) refuse(socket, err);
    }
  };

  const listener = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  server.on('upgrade', listener);
  return {
    close() {
      server.off('upgrade', listener);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}
