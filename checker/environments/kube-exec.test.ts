import { describe, expect, it } from 'vitest';
import { ContextError } from '../lib/errors.ts';
import { execFailure } from './kube-exec.ts';

describe('execFailure', () => {
  it("reads the message of the WebSocket ErrorEvent the client rejects with (a container that stopped: the API server answers 500)", () => {
    // The shape @kubernetes/client-node rejects with: an ErrorEvent, not an Error (seen on kind, exec into a crash-looping container).
    const event = { type: 'error', message: 'Unexpected server response: 500', error: new Error('Unexpected server response: 500') };
    const err = new ContextError('cannot run `true` in Pod journal-1 (container writer)', { cause: execFailure(event) });
    expect(err.message).toBe('cannot run `true` in Pod journal-1 (container writer): Unexpected server response: 500');
  });

  it('keeps an Error as it is, and names anything else by its text', () => {
    const e = new Error('connect ECONNREFUSED');
    expect(execFailure(e)).toBe(e);
    expect(execFailure('socket hang up').message).toBe('socket hang up');
    expect(execFailure({}).message).toBe('[object Object]');
  });
});
