import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { formatError } from '../../checker/lib/errors.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import type { LiveMessage, Readiness, TerminalClientMessage, TerminalServerMessage } from '../shared/lab-view.ts';
import { hostAllowed, originAllowed } from './host-check.ts';
import { HttpError } from './http-error.ts';
import type { LabCatalog } from './lab-catalog.ts';
import type { LabPreparation } from './lab-preparation.ts';
import type { LiveHub } from './live-hub.ts';
import { compileRoute, matchRoute } from './route-match.ts';
import type { TerminalSessions } from './terminal-sessions.ts';

export interface LabSocketsOptions {
  /** The address the server listens on (for the Host check, as for the API). */
  host: string;
  catalog: LabCatalog;
  hub: LiveHub;
  terminals: TerminalSessions;
  preparation: LabPreparation;
  readiness: (needs: EnvironmentName[]) => Promise<Readiness>;
  logger?: Logger;
}

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

const sendJson = (ws: WebSocket, message: LiveMessage | TerminalServerMessage) => {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
};

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
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

  async function live(ws: WebSocket, labId: string) {
    const unsubscribe = options.hub.subscribe(labId, (m) => sendJson(ws, m));
    ws.on('close', unsubscribe);
  }

  async function terminal(ws: WebSocket, labId: string, query: URLSearchParams) {
    const size = { cols: Number(query.get('cols') ?? 80), rows: Number(query.get('rows') ?? 24) };
    const { session, resumed } = await options.terminals.open(labId, query.get('session') ?? undefined, size);
    const replay = resumed ? session.replay(Number(query.get('seen') ?? 0)) : { data: '', restart: false, start: 0 };
    sendJson(ws, { type: 'session', id: session.id, resumed, restart: replay.restart, start: replay.start });
    if (replay.data) sendJson(ws, { type: 'output', data: replay.data });
    const detach = session.attach({
      output: (data) => sendJson(ws, { type: 'output', data }),
      exit: (reason) => {
        sendJson(ws, { type: 'exit', reason });
        ws.close(1000, 'shell ended');
      },
    });
    ws.on('message', (data) => {
      const m = parseClientMessage(data);
      if (m?.type === 'input') session.write(m.data);
      else if (m?.type === 'resize') session.resize(m.cols, m.rows);
    });
    ws.on('close', detach);
  }

  const onUpgrade = async (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const liveParams = matchRoute(liveRoute, url.pathname);
    const terminalParams = liveParams ? undefined : matchRoute(terminalRoute, url.pathname);
    try {
      if (!liveParams && !terminalParams) throw new HttpError(404, `no WebSocket at ${url.pathname}`);
      if (!hostAllowed(options.host, req.headers)) throw new HttpError(403, `the API answers only requests addressed to ${options.host}`);
      if (!originAllowed(req.headers)) throw new HttpError(403, `WebSockets are open only to pages of this server, not ${req.headers.origin}`);
      const labId = (liveParams ?? terminalParams)!.id!;
      const loaded = await options.catalog.get(labId);
      if (terminalParams) {
        const readiness = await options.readiness(loaded.lab.environments);
        if (!readiness.ready) throw new HttpError(503, `the terminal cannot start: ${readiness.message}`, readiness.command ? { fix: readiness.command } : {});
        await options.preparation.prepare(loaded);
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const run = liveParams ? live(ws, labId) : terminal(ws, labId, url.searchParams);
        run.catch((err) => {
          logger.warn(`${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
          sendJson(ws, { type: 'exit', reason: formatError(err) });
          ws.close(1011, 'could not start');
        });
      });
    } catch (err) {
      if (!(err instanceof HttpError)) logger.warn(`${url.pathname}: ${err instanceof Error ? err.message : String(err)}`);
      refuse(socket, err);
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
