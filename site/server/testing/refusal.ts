import { expect } from 'vitest';
import { HttpError } from '../http-error.ts';

/** The refusal `fn` ends with: its status and message, which must not reveal `hidden` (where the workspace is). */
export async function refusal(fn: () => Promise<unknown>, hidden: string): Promise<{ status: number; message: string }> {
  const err = await fn().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  const { status, message } = err as HttpError;
  expect(message).not.toContain(hidden);
  return { status, message };
}
