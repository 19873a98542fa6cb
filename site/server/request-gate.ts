import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, sameToken, tokenCookie, tokenFix } from './auth.ts';
import { hostAllowed, originAllowed } from './host-check.ts';
import { HttpError } from './http-error.ts';

export interface GateOptions {
  /** The address the server listens on (for the Host check). */
  host: string;
  /** The port it listens on (the cookie is named after it). */
  port: number;
  token: string;
  /** Where a generated token is kept, for the advice in refusals. */
  tokenFile: string;
}

/** Headers every answer carries: no page of another site may frame the lessons, Reset or the terminal. */
export const frameHeaders: Record<string, string> = {
  'content-security-policy': "frame-ancestors 'self'",
  'x-frame-options': 'SAMEORIGIN',
};

const readOnly = (method: string | undefined) => method === 'GET' || method === 'HEAD';

/** `/api/health` answers without the token: a liveness probe that tells nothing but "up" and the start time. */
export const openApiPath = (method: string | undefined, pathname: string) => readOnly(method) && pathname === '/api/health';

function requireToken(headers: IncomingHttpHeaders, options: GateOptions): 'header' | 'cookie' {
  const how = authenticate(headers, options.token, options.port);
  if (how) return how;
  const tried = Boolean(headers.authorization) || /(?:^|;\s*)kubecamp-token-/.test(headers.cookie ?? '');
  throw new HttpError(tried ? 403 : 401, tried ? 'the token is not this server’s' : 'the kubecamp API needs the server’s token', { fix: tokenFix(options.tokenFile) });
}

/**
 * Who may use `/api/…`: requests addressed to this server (DNS rebinding),
 * with the token (cookie or `Authorization`), and, for anything but GET/HEAD,
 * proof that no other site sent it (CSRF): a JSON body or an `x-kubecamp`
 * header (neither can be sent by a form, nor cross-site without a preflight
 * this server never grants) and an `Origin`/`Sec-Fetch-Site` naming this
 * server. A script that sends the token in `Authorization` sends no Origin,
 * and needs none: browsers never add that header by themselves.
 */
export function gateApiRequest(req: IncomingMessage, pathname: string, options: GateOptions): void {
  if (!hostAllowed(options.host, req.headers)) {
    throw new HttpError(403, `the API answers only requests addressed to ${options.host}, not "${req.headers.host ?? ''}"`);
  }
  if (openApiPath(req.method, pathname)) return;
  const how = requireToken(req.headers, options);
  if (readOnly(req.method)) return;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type) && req.headers['x-kubecamp'] === undefined) {
    throw new HttpError(403, `${req.method} needs a JSON body (content-type: application/json) or an "x-kubecamp: 1" header, got ${type ? `"${type}"` : 'neither'}`, {
      fix: 'a form on another site cannot send either; the lab pane and scripts do',
    });
  }
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') throw new HttpError(403, `${req.method} from another site (Sec-Fetch-Site: ${site}) is refused`);
  if (req.headers.origin !== undefined && !originAllowed(req.headers)) {
    throw new HttpError(403, `${req.method} from another site (Origin: ${req.headers.origin}) is refused`);
  }
  if (how === 'cookie' && req.headers.origin === undefined && site === undefined) {
    throw new HttpError(403, `${req.method} with the page's cookie must say where it comes from (Origin or Sec-Fetch-Site)`);
  }
}

/**
 * Who may open a WebSocket: addressed to this server, with the token,
 * whatever the Origin (a shell is behind it), and from a page of this
 * server when the client is a browser (it sends an Origin).
 */
export function gateUpgrade(req: IncomingMessage, options: GateOptions): void {
  if (!hostAllowed(options.host, req.headers)) throw new HttpError(403, `the API answers only requests addressed to ${options.host}`);
  requireToken(req.headers, options);
  if (!originAllowed(req.headers)) throw new HttpError(403, `WebSockets are open only to pages of this server, not ${req.headers.origin}`);
}

/**
 * A page opened with `?token=…` (the address `npm start` prints): trade the
 * token for an HttpOnly, SameSite=Strict cookie and redirect to the same
 * address without it, so it stays out of history and Referer. Returns true
 * when it answered.
 */
export function exchangeToken(req: IncomingMessage, res: ServerResponse, options: GateOptions): boolean {
  if (!readOnly(req.method)) return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const given = url.searchParams.get('token');
  if (given === null) return false;
  if (!sameToken(given, options.token)) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end(`This address's token is not this kubecamp server's.\nOpen the address \`npm start\` printed last (the token is also in ${options.tokenFile} when kubecamp made it).\n`);
    return true;
  }
  url.searchParams.delete('token');
  res.writeHead(302, {
    location: `${url.pathname}${url.search}`,
    'set-cookie': tokenCookie(options.port, options.token),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
  return true;
}
