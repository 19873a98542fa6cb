import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import { dirname, join } from 'node:path';
import { ContextError } from '../../checker/lib/errors.ts';
import { paths } from '../../checker/lib/paths.ts';

/**
 * The server's token: whoever has it has the lab terminal, a shell as the
 * server's user. Like Jupyter's, it is printed in a `?token=` URL; the page
 * exchanges it for a cookie, scripts send it in `Authorization`.
 */

/** Where a generated token is kept (0600), so it survives restarts and scripts can read it. */
export const tokenFile = (env: NodeJS.ProcessEnv = process.env) => join(paths(env).home, 'server-token');

const tokenShape = /^[A-Za-z0-9_-]{16,256}$/;

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function checkShape(token: string, where: string): string {
  if (!tokenShape.test(token)) {
    throw new ContextError(`the token from ${where} must be 16 to 256 letters, digits, "-" or "_"`, { fix: 'leave it out and kubecamp makes one' });
  }
  return token;
}

/**
 * The token to use: `--token`, else `KUBECAMP_TOKEN`, else the one kept in
 * the kubecamp home (made and kept there, mode 0600, the first time). A given
 * token is not written anywhere: whoever gave it keeps it.
 */
export async function resolveToken(options: { flag?: string; env: NodeJS.ProcessEnv }): Promise<{ token: string; source: string }> {
  if (options.flag !== undefined) return { token: checkShape(options.flag, '--token'), source: '--token' };
  if (options.env.KUBECAMP_TOKEN) return { token: checkShape(options.env.KUBECAMP_TOKEN, 'KUBECAMP_TOKEN'), source: 'KUBECAMP_TOKEN' };
  const file = tokenFile(options.env);
  try {
    const kept = (await readFile(file, 'utf8')).trim();
    if (tokenShape.test(kept)) {
      await chmod(file, 0o600);
      return { token: kept, source: file };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new ContextError(`could not read the server token ${file}`, { cause: err });
  }
  const token = newToken();
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${token}\n`, { mode: 0o600 });
    await chmod(file, 0o600);
  } catch (err) {
    throw new ContextError(`could not write the server token ${file}`, { cause: err, fix: 'set KUBECAMP_HOME to a writable folder, or give a token with --token' });
  }
  return { token, source: file };
}

/** Equal strings, compared in time that does not depend on where they differ. */
export function sameToken(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  // timingSafeEqual needs equal lengths; compare against itself to spend the same time.
  return timingSafeEqual(a.length === b.length ? a : b, b) && a.length === b.length;
}

/** The cookie is per port: cookies ignore ports, and two servers on one machine must not share one. */
export const cookieName = (port: number) => `kubecamp-token-${port}`;

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** How a request proved it has the token: `header` (a script: `Authorization`) or `cookie` (a page), else undefined. */
export function authenticate(headers: IncomingHttpHeaders, token: string, port: number): 'header' | 'cookie' | undefined {
  const authorization = headers.authorization;
  if (authorization) {
    const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(authorization);
    if (sameToken(m?.[1], token)) return 'header';
  }
  if (sameToken(cookieValue(headers.cookie, cookieName(port)), token)) return 'cookie';
  return undefined;
}

export const tokenFix = (file: string) =>
  `open the address \`npm start\` printed (it ends in ?token=…), or send "Authorization: token <token>"; a generated token is kept in ${file}`;
