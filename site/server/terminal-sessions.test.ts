import { afterEach, describe, expect, it } from 'vitest';
import { clampSize, createTerminalSessions, TerminalLimitError, type Pty } from './terminal-sessions.ts';

function fakePty() {
  const data: ((d: string) => void)[] = [];
  const exit: ((e: { exitCode: number }) => void)[] = [];
  const pty = {
    written: [] as string[],
    sizes: [] as [number, number][],
    killed: false,
    paused: false,
    pause: () => void (pty.paused = true),
    resume: () => void (pty.paused = false),
    write: (d: string) => void pty.written.push(d),
    resize: (c: number, r: number) => void pty.sizes.push([c, r]),
    kill: () => void ((pty.killed = true), exit.forEach((l) => l({ exitCode: 0 }))),
    onData: (l: (d: string) => void) => (data.push(l), { dispose() {} }),
    onExit: (l: (e: { exitCode: number }) => void) => (exit.push(l), { dispose() {} }),
    emit: (d: string) => data.forEach((l) => l(d)),
    exit: (code: number) => exit.forEach((l) => l({ exitCode: code })),
  };
  return pty satisfies Pty;
}

let sessions: ReturnType<typeof createTerminalSessions>;
afterEach(() => sessions?.closeAll());

describe('terminal sessions', () => {
  it('resumes a session by id for the same lab, with what the browser missed', async () => {
    const ptys: ReturnType<typeof fakePty>[] = [];
    sessions = createTerminalSessions({ spawn: async () => (ptys.push(fakePty()), ptys.at(-1)!) });
    const { session, resumed } = await sessions.open('deployments', undefined, { cols: 80, rows: 24 });
    expect(resumed).toBe(false);
    ptys[0]!.emit('$ ');
    ptys[0]!.emit('echo hi\r\nhi\r\n');
    const again = await sessions.open('deployments', session.id, { cols: 100, rows: 30 });
    expect(again).toMatchObject({ resumed: true });
    expect(again.session).toBe(session);
    expect(ptys).toHaveLength(1);
    expect(ptys[0]!.sizes).toEqual([[100, 30]]);
    expect(session.replay(2)).toEqual({ data: 'echo hi\r\nhi\r\n', restart: false, start: 2 });
    expect(session.replay(0)).toEqual({ data: '$ echo hi\r\nhi\r\n', restart: false, start: 0 });
  });

  it('replays everything kept, to a cleared screen, when the browser is too far behind', async () => {
    const pty = fakePty();
    sessions = createTerminalSessions({ spawn: async () => pty, bufferChars: 4 });
    const { session } = await sessions.open('a', undefined, { cols: 80, rows: 24 });
    pty.emit('abcdefgh');
    expect(session.replay(1)).toEqual({ data: 'efgh', restart: true, start: 4 });
  });

  it('starts a new shell for an unknown id or another lab', async () => {
    sessions = createTerminalSessions({ spawn: async () => fakePty() });
    const a = await sessions.open('a', undefined, { cols: 80, rows: 24 });
    expect((await sessions.open('b', a.session.id, { cols: 80, rows: 24 })).resumed).toBe(false);
    expect((await sessions.open('a', 'not-a-session', { cols: 80, rows: 24 })).resumed).toBe(false);
    expect(sessions.count).toBe(3);
  });

  it('passes output and exit to attached listeners and forgets ended shells', async () => {
    const pty = fakePty();
    sessions = createTerminalSessions({ spawn: async () => pty });
    const { session } = await sessions.open('a', undefined, { cols: 80, rows: 24 });
    const seen: string[] = [];
    const detach = session.attach({ output: (d) => seen.push(d), exit: (r) => seen.push(`exit: ${r}`) });
    pty.emit('x');
    session.write('ls\r');
    detach();
    pty.emit('y');
    session.attach({ output: (d) => seen.push(d), exit: (r) => seen.push(`exit: ${r}`) });
    pty.exit(2);
    expect(seen).toEqual(['x', 'exit: the shell exited (code 2)']);
    expect(pty.written).toEqual(['ls\r']);
    expect(session.alive).toBe(false);
    expect(sessions.count).toBe(0);
  });

  it('ends a lab\'s shells (after a reset) and idle ones', async () => {
    const ptys: ReturnType<typeof fakePty>[] = [];
    sessions = createTerminalSessions({ spawn: async () => (ptys.push(fakePty()), ptys.at(-1)!), idleMs: 20 });
    const a = await sessions.open('a', undefined, { cols: 80, rows: 24 });
    const reasons: string[] = [];
    a.session.attach({ output() {}, exit: (r) => reasons.push(r) });
    const b = await sessions.open('b', undefined, { cols: 80, rows: 24 });
    sessions.endLab('a', 'the lab was reset');
    expect(reasons).toEqual(['the lab was reset']);
    expect(ptys[0]!.killed).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    expect(b.session.alive).toBe(false);
    expect(ptys[1]!.killed).toBe(true);
  });

  it('caps shells per lab and in all, counting those still starting, and says so', async () => {
    const ptys: ReturnType<typeof fakePty>[] = [];
    sessions = createTerminalSessions({ spawn: async () => (await new Promise((r) => setTimeout(r, 5)), ptys.push(fakePty()), ptys.at(-1)!), maxPerLab: 2, maxTotal: 3 });
    const size = { cols: 80, rows: 24 };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => sessions.open('a', undefined, size)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(TerminalLimitError);
    expect(refused.reason.message).toBe('lab a already has 2 open terminals; close one (another tab?) and reconnect');
    for (const r of results) if (r.status === 'fulfilled') r.value.session.attach({ output() {}, exit() {} });
    (await sessions.open('b', undefined, size)).session.attach({ output() {}, exit() {} });
    await expect(sessions.open('c', undefined, size)).rejects.toThrow('the server already has 3 open terminals; close one (another tab?) and reconnect');
    expect(ptys).toHaveLength(3);
  });

  it('makes room by ending the shell nobody has looked at for longest', async () => {
    const ptys: ReturnType<typeof fakePty>[] = [];
    sessions = createTerminalSessions({ spawn: async () => (ptys.push(fakePty()), ptys.at(-1)!), maxPerLab: 2 });
    const size = { cols: 80, rows: 24 };
    const a = await sessions.open('a', undefined, size);
    const b = await sessions.open('a', undefined, size);
    a.session.attach({ output() {}, exit() {} })();
    await new Promise((r) => setTimeout(r, 5));
    b.session.attach({ output() {}, exit() {} })();
    await sessions.open('a', undefined, size);
    expect(ptys.map((p) => p.killed)).toEqual([true, false, false]);
    expect(sessions.count).toBe(2);
  });

  it('pauses the shell while a listener holds it, and resumes when it lets go or detaches', async () => {
    const pty = fakePty();
    sessions = createTerminalSessions({ spawn: async () => pty });
    const { session } = await sessions.open('a', undefined, { cols: 80, rows: 24 });
    const one = { output() {}, exit() {} };
    const two = { output() {}, exit() {} };
    session.attach(one);
    const detachTwo = session.attach(two);
    session.hold(one, true);
    session.hold(two, true);
    expect(pty.paused).toBe(true);
    session.hold(one, false);
    expect(pty.paused).toBe(true);
    detachTwo();
    expect(pty.paused).toBe(false);
  });

  it('clamps sizes to something a terminal can be', () => {
    expect(clampSize(0, -5)).toEqual({ cols: 2, rows: 1 });
    expect(clampSize(10_000, 10_000)).toEqual({ cols: 500, rows: 200 });
    expect(clampSize(Number.NaN, 30.7)).toEqual({ cols: 80, rows: 30 });
  });
});
