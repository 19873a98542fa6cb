import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { gateApiRequest, gateUpgrade, type GateOptions } from './request-gate.ts';

const token = 'the-token-0123456789';
const gate: GateOptions = { host: '127.0.0.1', port: 4321, token, tokenFile: '/home/me/.cache/kubecamp/server-token' };
const host = '127.0.0.1:4321';
const cookie = `kubecamp-token-4321=${token}`;

function refusal(method: string, path: string, headers: IncomingHttpHeaders): { status: number; message: string } | undefined {
  try {
    gateApiRequest({ method, headers } as IncomingMessage, path, gate);
    return undefined;
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    return { status: err.status, message: err.message };
  }
}

describe('gateApiRequest', () => {
  it('leaves /api/health open and needs the token everywhere else', () => {
    expect(refusal('GET', '/api/health', { host })).toBeUndefined();
    expect(refusal('GET', '/api/environment', { host })).toEqual({ status: 401, message: 'the kubecamp API needs the server’s token' });
    expect(refusal('GET', '/api/environment', { host, authorization: 'token nope-nope-nope-nope' })).toEqual({ status: 403, message: 'the token is not this server’s' });
    expect(refusal('GET', '/api/environment', { host, cookie })).toBeUndefined();
    expect(refusal('POST', '/api/health', { host })).toMatchObject({ status: 401 });
  });

  it('refuses a DNS-rebinding Host before anything else', () => {
    expect(refusal('GET', '/api/health', { host: 'attacker.example:4321', cookie })).toEqual({
      status: 403,
      message: 'the API answers only requests addressed to 127.0.0.1, not "attacker.example:4321"',
    });
  });

  it('refuses a form-encoded or bodiless POST (CSRF), even with the cookie and the right Origin', () => {
    const origin = `http://${host}`;
    expect(refusal('POST', '/api/labs/x/reset', { host, cookie, origin, 'content-type': 'application/x-www-form-urlencoded' })).toEqual({
      status: 403,
      message: 'POST needs a JSON body (content-type: application/json) or an "x-kubecamp: 1" header, got "application/x-www-form-urlencoded"',
    });
    expect(refusal('POST', '/api/labs/x/check', { host, cookie, origin })).toMatchObject({ status: 403 });
    expect(refusal('POST', '/api/labs/x/check', { host, cookie, origin, 'x-kubecamp': '1' })).toBeUndefined();
    expect(refusal('PUT', '/api/labs/x/files/a', { host, cookie, origin, 'content-type': 'application/json; charset=utf-8' })).toBeUndefined();
  });

  it('refuses a POST from another site by Origin or Sec-Fetch-Site', () => {
    const json = { host, cookie, 'content-type': 'application/json' };
    expect(refusal('POST', '/api/labs/x/reset', { ...json, origin: 'https://evil.example' })).toEqual({ status: 403, message: 'POST from another site (Origin: https://evil.example) is refused' });
    expect(refusal('POST', '/api/labs/x/reset', { ...json, 'sec-fetch-site': 'cross-site' })).toEqual({ status: 403, message: 'POST from another site (Sec-Fetch-Site: cross-site) is refused' });
    expect(refusal('POST', '/api/labs/x/reset', { ...json, 'sec-fetch-site': 'same-site' })).toMatchObject({ status: 403 });
    expect(refusal('POST', '/api/labs/x/reset', json)).toEqual({ status: 403, message: "POST with the page's cookie must say where it comes from (Origin or Sec-Fetch-Site)" });
    expect(refusal('POST', '/api/labs/x/reset', { ...json, 'sec-fetch-site': 'same-origin' })).toBeUndefined();
  });

  it('lets a script with the token in Authorization POST without an Origin', () => {
    expect(refusal('POST', '/api/labs/x/reset', { host, authorization: `Bearer ${token}`, 'x-kubecamp': '1' })).toBeUndefined();
  });
});

describe('gateUpgrade', () => {
  const upgrade = (headers: IncomingHttpHeaders) => () => gateUpgrade({ headers } as IncomingMessage, gate);
  it('needs the token whatever the Origin, and a page of this server when there is one', () => {
    expect(upgrade({ host })).toThrow('the kubecamp API needs the server’s token');
    expect(upgrade({ host, origin: `http://${host}` })).toThrow('the kubecamp API needs the server’s token');
    expect(upgrade({ host, cookie })).not.toThrow();
    expect(upgrade({ host, cookie, origin: 'https://evil.example' })).toThrow('WebSockets are open only to pages of this server, not https://evil.example');
    expect(upgrade({ host: 'rebound.example:4321', cookie })).toThrow('the API answers only requests addressed to 127.0.0.1');
  });
});
