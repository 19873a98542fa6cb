import type { ServerResponse } from 'node:http';
import { ContextError } from '../../checker/lib/errors.ts';

/**
 * An error the API answers with: its status code and a message for the person
 * (`fix` too when there is one), sent as `{ error, fix? }`.
 */
export class HttpError extends ContextError {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, options: { cause?: unknown; fix?: string; headers?: Record<string, string> } = {}) {
    super(message, { cause: options.cause, fix: options.fix });
    this.name = 'HttpError';
    this.status = status;
    this.headers = options.headers ?? {};
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

/** Answer with an error as `{ error, fix? }`; anything but an HttpError is a 500 with its message. */
export function sendError(res: ServerResponse, err: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (err instanceof HttpError) {
    sendJson(res, err.status, { error: err.message, ...(err.fix ? { fix: err.fix } : {}) }, err.headers);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  sendJson(res, 500, { error: message });
}
