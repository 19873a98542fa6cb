import { describe, expect, it } from 'vitest';
import { createEnvironmentStarter } from './environment-starter.ts';

function starter(script: string) {
  let out = '';
  const clock = { t: Date.parse('2026-01-01T00:00:00Z') };
  const s = createEnvironmentStarter({
    command: process.execPath,
    args: ['-e', script],
    cwd: process.cwd(),
    env: process.env,
    out: { write: (c: string) => (out += c) },
    label: 'cluster',
    now: () => new Date((clock.t += 1000)),
  });
  return { s, out: () => out };
}

describe('createEnvironmentStarter', () => {
  it('relays lines with a prefix, without colours, and forgets them once done', async () => {
    const { s, out } = starter(`console.log('▸ building\\x1b[32m kube-apiserver\\x1b[0m…'); console.error('  built (3 s)'); process.stdout.write('ready')`);
    const done = s.start();
    expect(s.starting()).toMatchObject({ since: '2026-01-01T00:00:01.000Z' });
    expect(await done).toBe(0);
    expect(out().split('\n').slice(1)).toEqual(expect.arrayContaining(['[cluster] ▸ building kube-apiserver…', '[cluster]   built (3 s)', '[cluster] ready']));
    expect(s.starting()).toBeUndefined();
    expect(s.failed()).toBeUndefined();
  });

  it('keeps the latest line while running', async () => {
    const { s } = starter(`console.log('one'); console.log('two'); setTimeout(() => {}, 400)`);
    const done = s.start();
    for (let i = 0; i < 50 && s.starting()?.lastLine !== 'two'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(s.starting()?.lastLine).toBe('two');
    expect(s.start()).toBe(done);
    await done;
  });

  it('records a failure with its last line and exit code', async () => {
    const { s, out } = starter(`console.error('error: no cluster engine can run here'); process.exit(3)`);
    expect(await s.start()).toBe(3);
    expect(s.failed()).toMatchObject({ exitCode: 3, lastLine: 'error: no cluster engine can run here' });
    expect(out()).toContain('[cluster] failed (exit code 3); run `');
  });

  it('stops the command it started', async () => {
    const { s } = starter(`setTimeout(() => {}, 30000)`);
    const done = s.start();
    await new Promise((r) => setTimeout(r, 100));
    s.stop();
    expect(await done).toBeNull();
    expect(s.failed()?.lastLine).toBe('stopped by SIGTERM');
  });
});
