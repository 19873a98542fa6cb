import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LoadedLab } from '../../checker/engine/engine.ts';
import { labSchema } from '../../checker/schemas/lab.ts';
import type { LiveMessage, TerminalServerMessage } from '../shared/lab-view.ts';
import { HttpError } from './http-error.ts';
import type { LabCatalog } from './lab-catalog.ts';
import { attachLabSockets } from './lab-sockets.ts';
import type { LiveHub } from './live-hub.ts';
import { createTerminalSessions, type Pty } from './terminal-sessions.ts';

const lab = labSchema.parse({ id: 'demo', title: 'Demo', lesson: 'kubernetes/demo', environments: ['kubernetes'], minutes: 1, solution: [{ run: 'true' }], tasks: [{ id: 'a', title: 'A', checks: [{ type: 'file', file: 'x' }] }] });

/** A pty that echoes input, like a shell would. */
function echoPty(): Pty {
  const listeners: ((d: string) => void)[] = [];
  return {
    write: (d) => listeners.forEach((l) => l(d)),
    resize() {},
    kill() {},
    onData: (l) => (listeners.push(l), { dispose() {} }),
    onExit: () => ({ dispose() {} }),
  };
}

let server: http.Server;
let port: number;
let ready = true;
const catalog = {
  get: async (id: string) => {
    if (id !== 'demo') throw new HttpError(404, `unknown lab "${id}"`, { fix: 'known labs: demo' });
    return { lab, dir: '/nowhere' } as LoadedLab;
  },
} as unknown as LabCatalog;
const hub = {
  subscribe: (_id: string, send: (m: LiveMessage) => void) => {
    send({ type: 'readiness', readiness: { ready: true } });
    return () => {};
  },
} as unknown as LiveHub;
const terminals = createTerminalSessions({ spawn: async () => echoPty() });

beforeAll(async () => {
  server = http.createServer();
  attachLabSockets(server, {
    host: '127.0.0.1',
    catalog,
    hub,
    terminals,
    preparation: { prepare: async () => {}, settled() {}, resetting: (_id, run) => run() },
    readiness: async () => (ready ? { ready: true } : { ready: false, message: 'Kubernetes is not running. Start it with:', command: 'npm run cluster:up' }),
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  terminals.closeAll();
  server.close();
});

function refusal(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    ws.on('open', () => reject(new Error('the socket opened')));
    ws.on('error', () => {});
  });
}

/** Open a socket and collect its messages. */
async function open<T>(path: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
  const messages: T[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (d) => {
    messages.push(JSON.parse(String(d)));
    waiters.splice(0).forEach((w) => w());
  });
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const until = async (pred: (ms: T[]) => boolean) => {
    while (!pred(messages)) await new Promise<void>((r) => waiters.push(r));
  };
  return { ws, messages, until };
}

describe('lab sockets', () => {
  it('refuses unknown paths and labs with JSON errors', async () => {
    expect(await refusal('/api/labs/demo/nothing')).toEqual({ status: 404, body: { error: 'no WebSocket at /api/labs/demo/nothing' } });
    expect(await refusal('/api/labs/nope/terminal')).toEqual({ status: 404, body: { error: 'unknown lab "nope"', fix: 'known labs: demo' } });
  });

  it('refuses pages of other origins and other hosts', async () => {
    expect((await refusal('/api/labs/demo/terminal', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await refusal('/api/labs/demo/live', { host: 'evil.example' })).status).toBe(403);
  });

  it('refuses a terminal while the lab environment is down, saying what starts it', async () => {
    ready = false;
    expect(await refusal('/api/labs/demo/terminal')).toEqual({
      status: 503,
      body: { error: 'the terminal cannot start: Kubernetes is not running. Start it with:', fix: 'npm run cluster:up' },
    });
    ready = true;
  });

  it('pushes live messages', async () => {
    const live = await open<LiveMessage>('/api/labs/demo/live');
    await live.until((m) => m.length > 0);
    expect(live.messages[0]).toEqual({ type: 'readiness', readiness: { ready: true } });
    live.ws.close();
  });

  it('resumes the same shell after a dropped connection, sending only what was missed', async () => {
    const first = await open<TerminalServerMessage>('/api/labs/demo/terminal?cols=90&rows=20');
    await first.until((m) => m.length > 0);
    const session = first.messages[0] as Extract<TerminalServerMessage, { type: 'session' }>;
    expect(session).toMatchObject({ type: 'session', resumed: false, start: 0 });
    first.ws.send(JSON.stringify({ type: 'input', data: 'one ' }));
    await first.until((m) => m.some((x) => x.type === 'output' && x.data === 'one '));
    first.ws.terminate();
    // Output while nobody is connected is kept.
    const s = (await terminals.open('demo', session.id, { cols: 90, rows: 20 })).session;
    s.write('two ');

    const again = await open<TerminalServerMessage>(`/api/labs/demo/terminal?session=${session.id}&seen=4`);
    await again.until((m) => m.length >= 2);
    expect(again.messages.slice(0, 2)).toEqual([
      { type: 'session', id: session.id, resumed: true, restart: false, start: 4 },
      { type: 'output', data: 'two ' },
    ]);
    again.ws.close();

    const reload = await open<TerminalServerMessage>(`/api/labs/demo/terminal?session=${session.id}&seen=0`);
    await reload.until((m) => m.length >= 2);
    expect(reload.messages[1]).toEqual({ type: 'output', data: 'one two ' });
    reload.ws.close();
  });

  it('ignores messages that are not ours', async () => {
    const t = await open<TerminalServerMessage>('/api/labs/demo/terminal');
    await t.until((m) => m.length > 0);
    t.ws.send('not json');
    t.ws.send(JSON.stringify({ type: 'input', data: 42 }));
    t.ws.send(JSON.stringify({ type: 'input', data: 'ok' }));
    await t.until((m) => m.some((x) => x.type === 'output'));
    expect(t.messages.filter((x) => x.type === 'output')).toEqual([{ type: 'output', data: 'ok' }]);
    t.ws.close();
  });
});
