import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { readBody, readJsonBody, type BodySource } from './json-body.ts';

function request(chunks: (string | Buffer)[], headers: IncomingHttpHeaders = { 'content-type': 'application/json' }): BodySource {
  return Object.assign(Readable.from(chunks, { objectMode: false }), { headers });
}

async function failure(p: Promise<unknown>): Promise<HttpError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  return err as HttpError;
}

describe('readJsonBody', () => {
  it('parses a JSON body sent in pieces', async () => {
    expect(await readJsonBody(request(['{"path":', '"app/Dockerfile"}']))).toEqual({ path: 'app/Dockerfile' });
  });

  it('accepts a charset parameter on the content type', async () => {
    expect(await readJsonBody(request(['[1]'], { 'content-type': 'application/json; charset=utf-8' }))).toEqual([1]);
  });

  it('refuses other content types with 415', async () => {
    const err = await failure(readJsonBody(request(['a=1'], { 'content-type': 'application/x-www-form-urlencoded' })));
    expect(err.status).toBe(415);
    expect(err.message).toBe('expected a JSON body (content-type: application/json), got "application/x-www-form-urlencoded"');
    expect((await failure(readJsonBody(request(['{}'], {})))).message).toBe(
      'expected a JSON body (content-type: application/json), got no content-type',
    );
  });

  it('refuses an empty or malformed body with 400', async () => {
    const empty = await failure(readJsonBody(request([])));
    expect([empty.status, empty.message]).toEqual([400, 'the request body is empty; expected JSON']);
    const bad = await failure(readJsonBody(request(['{"path": '])));
    expect(bad.status).toBe(400);
    expect(bad.message).toMatch(/^the request body is not valid JSON: /);
  });
});

describe('readBody size limit', () => {
  it('accepts a body of exactly the limit', async () => {
    expect((await readBody(request(['12345', '67890']), 10)).toString()).toBe('1234567890');
  });

  it('refuses a declared content-length over the limit before reading', async () => {
    const err = await failure(readBody(request(['x'], { 'content-length': '11' }), 10));
    expect([err.status, err.message, err.headers.connection]).toEqual([413, 'request body is larger than 10 bytes', 'close']);
  });

  it('refuses a streamed body once it passes the limit', async () => {
    const err = await failure(readBody(request(['123456', '789012']), 10));
    expect([err.status, err.message]).toEqual([413, 'request body is larger than 10 bytes']);
  });

  it('refuses a content-length that is not a number', async () => {
    const err = await failure(readBody(request([], { 'content-length': 'lots' }), 10));
    expect([err.status, err.message]).toEqual([400, 'content-length "lots" is not a byte count']);
  });
});
