import type { ServerResponse } from 'node:http';
import { ContextError } from '../../checker/lib/errors.ts';

/**
 * An error the API answers with: its status code and a message for the person
 * (`fix` too when there is one), sent as `{ error, fix?, ...data }`.
 */
export class HttpError extends ContextError {
  readonly status: number;
  readonly headers: Record<string, string>;
  /** More fields for the JSON answer, e.g. `{ known: [...] }` beside an unknown id. */
  readonly data: Record<string, unknown>;

  constructor(status: number, message: string, options: { cause?: unknown; fix?: string; headers?: Record<string, string>; data?: Record<string, unknown> } = {}) {
    super(message, { cause: options.cause, fix: options.fix });
    this.name = 'HttpError';
    this.status = status;
    this.headers = options.headers ?? {};
    this.data = options.data ?? {};
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
    sendJson(res, err.status, { error: err.message, ...(err.fix ? { fix: err.fix } : {}), ...err.data }, err.headers);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  const fix = err instanceof ContextError ? err.fix : undefined;
  sendJson(res, 500, { error: message, ...(fix ? { fix } : {}) });
}
