import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { HttpError } from './http-error.ts';

/** Request bodies above this are refused with 413 (lab files are small text). */
export const defaultBodyLimitBytes = 1024 * 1024;

/** What reading a body needs of a request; an `IncomingMessage` is one. */
export type BodySource = Readable & { headers: IncomingHttpHeaders };

function tooLarge(limitBytes: number): HttpError {
  // The rest of the body is not read, so the connection cannot be reused.
  return new HttpError(413, `request body is larger than ${limitBytes} bytes`, { headers: { connection: 'close' } });
}

/** Refuse a request whose declared `content-length` is over the limit, before reading anything. */
export function assertDeclaredLengthWithin(headers: IncomingHttpHeaders, limitBytes: number): void {
  const declared = headers['content-length'];
  if (declared === undefined) return;
  const n = Number(declared);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `content-length "${declared}" is not a byte count`);
  if (n > limitBytes) throw tooLarge(limitBytes);
}

/** Read the whole body, refusing it (413) as soon as it passes `limitBytes`. */
export async function readBody(req: BodySource, limitBytes: number = defaultBodyLimitBytes): Promise<Buffer> {
  assertDeclaredLengthWithin(req.headers, limitBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limitBytes) {
        cleanup();
        // Keep draining so the 413 can still be written on this socket.
        req.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new HttpError(400, 'the request body could not be read', { cause: err }));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** Read a JSON body (`content-type: application/json`), at most `limitBytes` long. */
export async function readJsonBody(req: BodySource, limitBytes: number = defaultBodyLimitBytes): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, `expected a JSON body (content-type: application/json), got ${type ? `"${type}"` : 'no content-type'}`);
  }
  const body = await readBody(req, limitBytes);
  if (body.length === 0) throw new HttpError(400, 'the request body is empty; expected JSON');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
