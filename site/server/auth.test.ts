import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { authenticate, cookieName, resolveToken, sameToken, tokenCookie, tokenFile } from './auth.ts';

let home: string | undefined;
afterEach(async () => {
  if (home) await rm(home, { recursive: true, force: true });
  home = undefined;
});

describe('resolveToken', () => {
  it('makes a token, keeps it in the kubecamp home with mode 0600, and reuses it', async () => {
    home = await mkdtemp(join(tmpdir(), 'kubecamp-auth-'));
    const env = { KUBECAMP_HOME: join(home, 'kc') };
    const first = await resolveToken({ env });
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.source).toBe(tokenFile(env));
    expect((await stat(tokenFile(env))).mode & 0o777).toBe(0o600);
    expect((await readFile(tokenFile(env), 'utf8')).trim()).toBe(first.token);
    expect((await resolveToken({ env })).token).toBe(first.token);
  });

  it('prefers --token, then KUBECAMP_TOKEN, and writes neither', async () => {
    home = await mkdtemp(join(tmpdir(), 'kubecamp-auth-'));
    const env = { KUBECAMP_HOME: home, KUBECAMP_TOKEN: 'from-the-environment-123' };
    expect(await resolveToken({ flag: 'from-the-flag-1234567', env })).toEqual({ token: 'from-the-flag-1234567', source: '--token' });
    expect(await resolveToken({ env })).toEqual({ token: 'from-the-environment-123', source: 'KUBECAMP_TOKEN' });
    await expect(stat(tokenFile(env))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a short or odd token, and replaces a kept file that is not a token', async () => {
    await expect(resolveToken({ flag: 'short', env: {} })).rejects.toThrow('the token from --token must be 16 to 256 letters, digits, "-" or "_"');
    home = await mkdtemp(join(tmpdir(), 'kubecamp-auth-'));
    const env = { KUBECAMP_HOME: home };
    await writeFile(tokenFile(env), 'x\n', { mode: 0o644 });
    const { token } = await resolveToken({ env });
    expect(token).toHaveLength(32);
    expect((await stat(tokenFile(env))).mode & 0o777).toBe(0o600);
  });
});

describe('authenticate', () => {
  const token = 'the-token-0123456789';
  it('accepts the token in Authorization (token or Bearer) or in this port’s cookie', () => {
    expect(authenticate({ authorization: `token ${token}` }, token, 4321)).toBe('header');
    expect(authenticate({ authorization: `Bearer ${token}` }, token, 4321)).toBe('header');
    expect(authenticate({ cookie: `a=b; ${cookieName(4321)}=${token}` }, token, 4321)).toBe('cookie');
  });

  it('refuses a wrong token, another port’s cookie, or none', () => {
    expect(authenticate({ authorization: `token ${token}x` }, token, 4321)).toBeUndefined();
    expect(authenticate({ authorization: token }, token, 4321)).toBeUndefined();
    expect(authenticate({ cookie: `${cookieName(4322)}=${token}` }, token, 4321)).toBeUndefined();
    expect(authenticate({}, token, 4321)).toBeUndefined();
  });

  it('compares whole tokens', () => {
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(token.slice(0, -1), token)).toBe(false);
    expect(sameToken(undefined, token)).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie', () => {
    expect(tokenCookie(4321, token)).toBe(`kubecamp-token-4321=${token}; Path=/; HttpOnly; SameSite=Strict`);
  });
});
