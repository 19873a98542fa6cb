import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { LoadedLab } from '../../checker/engine/engine.ts';
import { labSchema } from '../../checker/schemas/lab.ts';
import type { LiveMessage, TerminalServerMessage } from '../shared/lab-view.ts';
import { HttpError } from './http-error.ts';
import type { LabCatalog } from './lab-catalog.ts';
import { attachLabSockets } from './lab-sockets.ts';
import type { LiveHub } from './live-hub.ts';
import { createTerminalSessions, type Pty, type TerminalSessions } from './terminal-sessions.ts';

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
    pause() {},
    resume() {},
  };
}

const token = 'test-token-0123456789';
const auth = { authorization: `token ${token}` };
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

const opened: http.Server[] = [];
/** Another server with its own terminals (for the caps and back-pressure). */
async function listen(sessions: TerminalSessions): Promise<number> {
  const s = http.createServer();
  attachLabSockets(s, {
    gate: { host: '127.0.0.1', port: 0, token, tokenFile: '/nowhere/server-token' },
    catalog,
    hub,
    terminals: sessions,
    preparation: { prepare: async () => {}, settled() {}, resetting: (_id, run) => run() },
    readiness: async () => ({ ready: true }),
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  opened.push(s);
  return (s.address() as AddressInfo).port;
}

beforeAll(async () => {
  server = http.createServer();
  attachLabSockets(server, {
    gate: { host: '127.0.0.1', port: 0, token, tokenFile: '/nowhere/server-token' },
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
  for (const s of opened) s.close(), s.closeAllConnections();
  server.close();
});

function refusal(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers: { ...auth, ...headers } });
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
async function open<T>(path: string, at = port) {
  const ws = new WebSocket(`ws://127.0.0.1:${at}${path}`, { headers: auth });
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

  it('refuses a socket without the token, or with a wrong one, whatever the Origin', async () => {
    const fix = 'open the address `npm start` printed (it ends in ?token=…), or send "Authorization: token <token>"; a generated token is kept in /nowhere/server-token';
    expect(await refusal('/api/labs/demo/terminal', { authorization: '' })).toEqual({ status: 401, body: { error: 'the kubecamp API needs the server’s token', fix } });
    expect(await refusal('/api/labs/demo/terminal', { authorization: '', origin: `http://127.0.0.1:${port}` })).toMatchObject({ status: 401 });
    expect(await refusal('/api/labs/demo/live', { authorization: 'token wrong-token-0123456789' })).toEqual({ status: 403, body: { error: 'the token is not this server’s', fix } });
    expect(await refusal('/api/labs/demo/live', { authorization: '', cookie: 'kubecamp-token-0=nope' })).toMatchObject({ status: 403 });
  });

  it('closes a socket that sends an unmasked frame, and only that one', async () => {
    const other = await open<TerminalServerMessage>('/api/labs/demo/terminal');
    await other.until((m) => m.length > 0);
    const raw = net.connect(port, '127.0.0.1');
    raw.write(
      `GET /api/labs/demo/live HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: token ${token}\r\n\r\n`,
    );
    let received = '';
    raw.on('data', (d) => {
      received += d.toString('latin1');
      // A text frame "hello" without the mask bit: clients must mask theirs.
      if (received.includes('\r\n\r\n') && !raw.writableEnded) raw.end(Buffer.from([0x81, 0x05, ...Buffer.from('hello')]));
    });
    await new Promise<void>((r) => raw.on('close', () => r()));
    expect(received).toMatch(/^HTTP\/1\.1 101/);
    // The close frame says why: 1002, protocol error.
    expect(received).toContain('\x88');
    expect(received).toContain('\x03\xea');
    other.ws.send(JSON.stringify({ type: 'input', data: 'still here' }));
    await other.until((m) => m.some((x) => x.type === 'output' && x.data === 'still here'));
    other.ws.close();
  });

  it('closes a socket whose message is above the limit with 1009, and only that one', async () => {
    const big = await open<TerminalServerMessage>('/api/labs/demo/terminal');
    await big.until((m) => m.length > 0);
    const other = await open<TerminalServerMessage>('/api/labs/demo/terminal');
    await other.until((m) => m.length > 0);
    const closed = new Promise<number>((r) => big.ws.on('close', (code) => r(code)));
    big.ws.send(JSON.stringify({ type: 'input', data: 'x'.repeat(300 * 1024) }));
    expect(await closed).toBe(1009);
    other.ws.send(JSON.stringify({ type: 'input', data: 'fine' }));
    await other.until((m) => m.some((x) => x.type === 'output' && x.data === 'fine'));
    other.ws.close();
  });

  it('kills a shell whose socket closed while it started', async () => {
    let started!: (pty: Pty) => void;
    let killed = false;
    const sessions = createTerminalSessions({ spawn: () => new Promise<Pty>((r) => (started = r)) });
    const at = await listen(sessions);
    const ws = new WebSocket(`ws://127.0.0.1:${at}/api/labs/demo/terminal`, { headers: auth });
    await new Promise((r) => ws.once('open', r));
    ws.terminate();
    await new Promise((r) => setTimeout(r, 50));
    started({ ...echoPty(), kill: () => void (killed = true) });
    await new Promise((r) => setTimeout(r, 50));
    expect(killed).toBe(true);
    expect(sessions.count).toBe(0);
  });

  it('refuses a terminal above the cap with close code 1013 and the reason shown in the terminal', async () => {
    const sessions = createTerminalSessions({ spawn: async () => echoPty(), maxPerLab: 2, maxTotal: 10 });
    const at = await listen(sessions);
    const a = await open<TerminalServerMessage>('/api/labs/demo/terminal', at);
    const b = await open<TerminalServerMessage>('/api/labs/demo/terminal', at);
    await a.until((m) => m.length > 0);
    await b.until((m) => m.length > 0);
    const c = await open<TerminalServerMessage>('/api/labs/demo/terminal', at);
    const closed = await new Promise<[number, string]>((r) => c.ws.on('close', (code, reason) => r([code, reason.toString()])));
    const message = 'lab demo already has 2 open terminals; close one (another tab?) and reconnect';
    expect(c.messages).toEqual([{ type: 'exit', reason: message }]);
    expect(closed).toEqual([1013, message]);
    expect(sessions.count).toBe(2);
    a.ws.close();
    b.ws.close();
    sessions.closeAll();
  });

  it('counts sockets on their way to a shell against the cap, and gives back the place of one that never upgrades', async () => {
    const sessions = createTerminalSessions({ spawn: async () => (await new Promise((r) => setTimeout(r, 20)), echoPty()), maxPerLab: 2, maxTotal: 10 });
    const at = await listen(sessions);
    // A handshake ws refuses (no Sec-WebSocket-Key) must not keep a place.
    const raw = net.connect(at, '127.0.0.1');
    raw.on('error', () => {});
    raw.end(`GET /api/labs/demo/terminal HTTP/1.1\r\nHost: 127.0.0.1:${at}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nAuthorization: token ${token}\r\n\r\n`);
    let answer = '';
    raw.on('data', (d) => (answer += d));
    await new Promise((r) => raw.on('close', r));
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const all = await Promise.all(Array.from({ length: 10 }, () => open<TerminalServerMessage>('/api/labs/demo/terminal', at)));
    await Promise.all(all.map((t) => t.until((m) => m.length > 0)));
    const kinds = all.map((t) => t.messages[0]!.type).sort();
    expect(kinds).toEqual([...Array(8).fill('exit'), 'session', 'session']);
    expect(sessions.count).toBe(2);
    for (const t of all) t.ws.close();
    sessions.closeAll();
  });

  it('pauses the shell while its socket has more than 1 MiB queued, and resumes it once drained', async () => {
    const listeners: ((d: string) => void)[] = [];
    const flow: string[] = [];
    let paused = false;
    const chunk = 'y\r\n'.repeat(20_000);
    const pump = setInterval(() => {
      for (let i = 0; i < 20 && !paused; i++) listeners.forEach((l) => l(chunk));
    }, 5);
    const pty: Pty = {
      ...echoPty(),
      onData: (l) => (listeners.push(l), { dispose() {} }),
      pause: () => void ((paused = true), flow.push('pause')),
      resume: () => void ((paused = false), flow.push('resume')),
    };
    const sessions = createTerminalSessions({ spawn: async () => pty });
    const at = await listen(sessions);
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${at}/api/labs/demo/terminal`, { headers: auth });
      await new Promise((r) => ws.once('open', r));
      // The client stops reading: the server's queue grows until the shell is paused.
      (ws as unknown as { _socket: net.Socket })._socket.pause();
      for (let i = 0; i < 200 && !paused; i++) await new Promise((r) => setTimeout(r, 25));
      expect(flow).toEqual(['pause']);
      (ws as unknown as { _socket: net.Socket })._socket.resume();
      for (let i = 0; i < 200 && paused; i++) await new Promise((r) => setTimeout(r, 25));
      expect(flow.slice(0, 2)).toEqual(['pause', 'resume']);
      ws.terminate();
    } finally {
      clearInterval(pump);
      sessions.closeAll();
    }
  });
});
