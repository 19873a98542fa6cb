import type { IncomingHttpHeaders } from 'node:http';

const loopbackNames = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(host: string): boolean {
  return loopbackNames.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host.endsWith('.localhost');
}

function hostname(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  const colon = hostHeader.lastIndexOf(':');
  return (colon === -1 ? hostHeader : hostHeader.slice(0, colon)).toLowerCase();
}

/**
 * When the server listens on loopback only, its API answers only requests
 * addressed to a loopback name: a web page elsewhere cannot reach it by
 * pointing a DNS name at 127.0.0.1 (DNS rebinding). On other addresses the
 * person chose to expose it, and any Host is accepted.
 */
export function hostAllowed(listenHost: string, headers: IncomingHttpHeaders): boolean {
  if (!isLoopbackHost(listenHost)) return true;
  const host = headers.host;
  if (!host) return false;
  return isLoopbackHost(hostname(host));
}

/**
 * A browser opening a WebSocket sends its page's Origin, and nothing stops a
 * page on another site from opening one to 127.0.0.1: the terminal is a
 * shell, so only pages served by this server (same host and port) may.
 * Clients that are not browsers send no Origin: they pass this check, and
 * still need the token (request-gate.ts).
 */
export function originAllowed(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

/**
 * What `npm start` prints when it listens beyond this machine: the terminal
 * is a shell as the server's user, for anyone who reaches it with the token.
 */
export function exposureWarning(listenHost: string, user: string): string | undefined {
  if (isLoopbackHost(listenHost)) return undefined;
  return (
    `WARNING: listening on ${listenHost}, not loopback: anyone who can reach this address and has the token\n` +
    `gets the lab terminal, a shell running as this server's user (${user}). Share the token only with\n` +
    `people you would give that shell to; traffic is plain HTTP, so use this only on a network you trust.\n`
  );
}
