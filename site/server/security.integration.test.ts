import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TerminalServerMessage } from '../shared/lab-view.ts';
import { defaultMaxPerLab } from './terminal-sessions.ts';
import { expectResponsive, watchHealth, type HealthWatch } from './testing/health-watch.ts';
import { startServer, type StartedServer } from './testing/start-server.ts';

/**
 * The lab server attacked for real, in its own process: each attack gets its
 * clear refusal, and the server keeps answering /api/health within 200 ms
 * (beyond what the machine's load delays a control server by) meanwhile. The
 * lab is containers-in-ci, which needs no engine, so its terminal opens
 * without a cluster.
 */
const lab = 'containers-in-ci';
let s: StartedServer;
let health: HealthWatch;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's resident memory (MiB). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]) / 1024;
}

/** The bash processes the server started (its children named bash). */
function bashChildren(pid: number): number {
  let n = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'bash' && Number(m[2]) === pid) n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}

async function request(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const res = await fetch(`${s.base}${path}`, { redirect: 'manual', ...init });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, headers: res.headers, body };
}

/** A GET with headers fetch would not send as given (Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: s.port, path, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
}

/** An upgrade the server refuses: its status and JSON body. */
function refusedUpgrade(path: string, headers: Record<string, string>): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${path}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    ws.on('open', () => reject(new Error(`the socket ${path} opened`)));
    ws.on('error', () => {});
  });
}

/** A terminal socket with the token, and what it received. */
async function terminal(headers: Record<string, string> = s.auth) {
  const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/labs/${lab}/terminal?cols=80&rows=24`, { headers });
  const messages: TerminalServerMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d))));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  return { ws, messages, closed };
}

async function until(what: string, pred: () => boolean, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

beforeAll(async () => {
  s = await startServer({ namespacePrefix: 'sec-' });
  // Use the lab once, as a learner would, before the attacks: the first shell and
  // check load node-pty and compile modules, a one-time cost that is not an attack's.
  const t = await terminal();
  await until('the first prompt', () => t.messages.some((m) => m.type === 'output' && /[$#] $/.test(m.data)));
  t.ws.close();
  await t.closed;
  expect((await request(`/api/labs/${lab}/check`, { method: 'POST', headers: { ...s.auth, 'x-kubecamp': '1' } })).status).toBe(200);
  expect((await request(`/api/labs/${lab}/reset`, { method: 'POST', headers: { ...s.auth, 'x-kubecamp': '1' } })).status).toBe(200);
  await until('no shells', () => bashChildren(s.pid) === 0, 10_000);
});

afterAll(async () => {
  if (s) expect(await s.stop()).toBe(0);
});

beforeEach(async () => {
  health = await watchHealth(s.base);
});

afterEach(async () => {
  expectResponsive(await health.stop());
  // The server survived the attack.
  expect((await request('/api/health')).status).toBe(200);
});

describe('the lab server under attack', () => {
  it('refuses the API without the token, or with a wrong one; /api/health stays open', async () => {
    const none = await request('/api/environment');
    expect(none.status).toBe(401);
    expect((none.body as { error: string }).error).toBe('the kubecamp API needs the server’s token');
    expect((none.body as { fix: string }).fix).toMatch(/^open the address `npm start` printed \(it ends in \?token=…\)/);
    const wrong = await request(`/api/labs/${lab}`, { headers: { authorization: 'token not-the-token-0123456789' } });
    expect(wrong.status).toBe(403);
    expect((wrong.body as { error: string }).error).toBe('the token is not this server’s');
    expect((await request(`/api/labs/${lab}`, { headers: { cookie: `kubecamp-token-${s.port}=wrong-wrong-wrong-wrong` } })).status).toBe(403);
    expect((await request('/api/progress', { headers: { cookie: s.cookie } })).status).toBe(200);
    expect((await request('/api/progress', { headers: s.auth })).status).toBe(200);
    expect((await request('/api/health')).body).toMatchObject({ status: 'ok' });
  });

  it('refuses a terminal without the token (with no Origin, or this server’s), or with a wrong one', async () => {
    const none = await refusedUpgrade(`/api/labs/${lab}/terminal`, {});
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'the kubecamp API needs the server’s token' });
    expect((await refusedUpgrade(`/api/labs/${lab}/terminal`, { origin: s.base })).status).toBe(401);
    expect(await refusedUpgrade(`/api/labs/${lab}/live`, { authorization: 'Bearer not-the-token-0123456789' })).toMatchObject({
      status: 403,
      body: { error: 'the token is not this server’s' },
    });
    expect(bashChildren(s.pid)).toBe(0);
  });

  it('refuses a page of another site, even with the cookie', async () => {
    expect(await refusedUpgrade(`/api/labs/${lab}/terminal`, { cookie: s.cookie, origin: 'https://evil.example' })).toEqual({
      status: 403,
      body: { error: 'WebSockets are open only to pages of this server, not https://evil.example' },
    });
    const post = await request(`/api/labs/${lab}/check`, {
      method: 'POST',
      headers: { cookie: s.cookie, origin: 'https://evil.example', 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body: '{}',
    });
    expect(post).toMatchObject({ status: 403, body: { error: 'POST from another site (Sec-Fetch-Site: cross-site) is refused' } });
  });

  it('refuses a DNS-rebinding Host', async () => {
    const res = await rawGet('/api/environment', { ...s.auth, host: 'rebound.attacker.example' });
    expect(res).toMatchObject({ status: 403, body: { error: 'the API answers only requests addressed to 127.0.0.1, not "rebound.attacker.example"' } });
    expect((await refusedUpgrade(`/api/labs/${lab}/terminal`, { ...s.auth, host: 'rebound.attacker.example' })).status).toBe(403);
  });

  it('refuses a form-encoded POST to reset and check (CSRF), even with the cookie and this server’s Origin', async () => {
    for (const action of ['reset', 'check']) {
      const res = await request(`/api/labs/${lab}/${action}`, {
        method: 'POST',
        headers: { cookie: s.cookie, origin: s.base, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1',
      });
      expect(res).toMatchObject({
        status: 403,
        body: { error: 'POST needs a JSON body (content-type: application/json) or an "x-kubecamp: 1" header, got "application/x-www-form-urlencoded"' },
      });
    }
    // The lab pane's own request passes.
    const own = await request(`/api/labs/${lab}/check`, { method: 'POST', headers: { cookie: s.cookie, origin: s.base, 'x-kubecamp': '1' } });
    expect(own.status).toBe(200);
  });

  it('tells browsers not to frame pages or API answers, and trades a token URL for a cookie', async () => {
    for (const path of ['/', '/api/health', `/api/labs/${lab}`]) {
      const res = await request(path, { headers: { cookie: s.cookie } });
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    }
    const wrong = await request('/?token=not-the-token-0123456789');
    expect(wrong.status).toBe(403);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('closes a socket that sends an unmasked frame, and only that one', async () => {
    const raw = net.connect(s.port, '127.0.0.1');
    raw.on('error', () => {});
    raw.write(
      `GET /api/labs/${lab}/live HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: token ${s.token}\r\n\r\n`,
    );
    let received = '';
    raw.on('data', (d) => {
      received += d.toString('latin1');
      // A text frame without the mask bit: a client's frames must be masked.
      if (received.includes('\r\n\r\n') && !raw.writableEnded) raw.write(Buffer.from([0x81, 0x05, ...Buffer.from('hello')]));
    });
    await new Promise<void>((r) => raw.on('close', () => r()));
    expect(received).toMatch(/^HTTP\/1\.1 101/);
    // Its close frame: 1002, protocol error.
    expect(received).toContain('\x88');
    expect(received).toContain('\x03\xea');
    await sleep(300);
    expect((await request('/api/health')).status).toBe(200);
  });

  it('closes a socket whose message is above the limit with 1009, and only that one', async () => {
    const t = await terminal();
    await until('the session', () => t.messages.some((m) => m.type === 'session'));
    t.ws.send(JSON.stringify({ type: 'input', data: 'x'.repeat(300 * 1024) }));
    expect((await t.closed).code).toBe(1009);
    await sleep(300);
    const again = await terminal();
    await until('another session', () => again.messages.some((m) => m.type === 'session'));
    again.ws.close();
    await again.closed;
  });

  it('keeps the shells bounded when 200 sockets ask for one, refusing the rest clearly', async () => {
    // 200 sockets, opened 25 at a time (the test must not starve the machine itself), all held open.
    const outcomes: { ws: WebSocket; messages: TerminalServerMessage[]; code?: number; reason?: string; opened: boolean }[] = [];
    for (let wave = 0; wave < 8; wave++) {
      outcomes.push(...(await Promise.all(Array.from({ length: 25 }, async () => {
        const ws = new WebSocket(`ws://127.0.0.1:${s.port}/api/labs/${lab}/terminal`, { headers: s.auth });
        const messages: TerminalServerMessage[] = [];
        ws.on('message', (d) => messages.push(JSON.parse(String(d))));
        ws.on('error', () => {});
        const outcome = await new Promise<{ code?: number; reason?: string; opened: boolean }>((resolve) => {
          ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), opened: true }));
          ws.on('message', () => messages[0]?.type === 'session' && resolve({ opened: true }));
          ws.on('unexpected-response', (_req, res) => resolve({ code: res.statusCode, opened: false }));
        });
        return { ws, messages, ...outcome };
      }))));
    }
    const shells = outcomes.filter((o) => o.messages[0]?.type === 'session');
    const refused = outcomes.filter((o) => o.code === 1013);
    const message = `lab ${lab} already has ${defaultMaxPerLab} open terminals; close one (another tab?) and reconnect`;
    expect(shells).toHaveLength(defaultMaxPerLab);
    expect(refused).toHaveLength(200 - defaultMaxPerLab);
    for (const r of refused) {
      expect(r.reason).toBe(message);
      expect(r.messages).toEqual([{ type: 'exit', reason: message }]);
    }
    await until('the shells started', () => bashChildren(s.pid) === defaultMaxPerLab, 10_000);
    expect(bashChildren(s.pid)).toBe(defaultMaxPerLab);
    for (const o of outcomes) o.ws.close();
    // A reset ends the lab's shells: the next test starts with none.
    expect((await request(`/api/labs/${lab}/reset`, { method: 'POST', headers: { ...s.auth, 'x-kubecamp': '1' } })).status).toBe(200);
    await until('the shells ended', () => bashChildren(s.pid) === 0, 10_000);
  });

  it('keeps its memory bounded while a client stops reading the output of `yes`', async () => {
    const t = await terminal();
    await until('the prompt', () => t.messages.some((m) => m.type === 'output' && /[$#] $/.test(m.data)), 20_000).catch((err) => {
      throw new Error(`${err.message}: ${JSON.stringify(t.messages)}`);
    });
    t.ws.send(JSON.stringify({ type: 'input', data: 'yes\r' }));
    await until('yes running', () => t.messages.some((m) => m.type === 'output' && m.data.includes('y\r\ny\r\n')));
    // Stop reading: what the server sends piles up on its side.
    const socket = (t.ws as unknown as { _socket: net.Socket })._socket;
    socket.pause();
    const start = rssMiB(s.pid);
    let peak = start;
    for (let i = 0; i < 24; i++) {
      await sleep(250);
      peak = Math.max(peak, rssMiB(s.pid));
    }
    socket.resume();
    t.ws.send(JSON.stringify({ type: 'input', data: '\x03' }));
    expect(peak - start).toBeLessThan(16);
    expect((await request(`/api/labs/${lab}/reset`, { method: 'POST', headers: { ...s.auth, 'x-kubecamp': '1' } })).status).toBe(200);
    t.ws.close();
    await until('the shell ended', () => bashChildren(s.pid) === 0, 10_000);
  });
});
