import { describe, expect, it } from 'vitest';
import { untilDefaultServiceAccount } from './kind-test-cluster.ts';

describe('untilDefaultServiceAccount', () => {
  it('waits while the ServiceAccount is not there yet, and returns once it is', async () => {
    let calls = 0;
    await untilDefaultServiceAccount(async () => {
      calls += 1;
      if (calls < 3) throw new Error('HTTP-Code: 404');
      return { metadata: { name: 'default' } };
    }, 'it-ns', { intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('gives up after its timeout, naming the ServiceAccount, with the last error as the cause', async () => {
    const error = await untilDefaultServiceAccount(async () => { throw new Error('HTTP-Code: 404'); }, 'it-ns', { timeoutMs: 20, intervalMs: 5 }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('the ServiceAccount it-ns/default did not appear within 0 s');
    expect(((error as Error).cause as Error).message).toBe('HTTP-Code: 404');
  });
});
