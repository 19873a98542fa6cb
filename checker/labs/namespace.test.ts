import { describe, expect, it } from 'vitest';
import { KubeHttpError, type KubeApi } from '../environments/kube-api.ts';
import { deleteNamespace } from './namespace.ts';

/** A fake API server: the namespace exists until deleted, then is gone on the next GET. */
function fakeApi(exists: boolean) {
  const calls: string[] = [];
  let present = exists;
  const api = {
    get: async (path: string) => {
      calls.push(`GET ${path}`);
      if (!present) throw new KubeHttpError(404, 'NotFound', 'not found');
      present = false;
      return {};
    },
    send: async (method: string, path: string, body?: { gracePeriodSeconds?: number }) => {
      calls.push(`${method} ${path}${body?.gracePeriodSeconds !== undefined ? ` grace=${body.gracePeriodSeconds}` : ''}`);
      if (!exists) throw new KubeHttpError(404, 'NotFound', 'not found');
      return {};
    },
  } as unknown as KubeApi;
  return { api, calls };
}

describe('deleteNamespace', () => {
  it('deletes the Pods at once after the namespace is Terminating (no 30 s grace for a PID 1 that ignores SIGTERM), then waits for it to go', async () => {
    const { api, calls } = fakeApi(true);
    await deleteNamespace(api, 'lab-x');
    expect(calls).toEqual(['DELETE /api/v1/namespaces/lab-x', 'DELETE /api/v1/namespaces/lab-x/pods grace=0', 'GET /api/v1/namespaces/lab-x', 'GET /api/v1/namespaces/lab-x']);
  });

  it('does nothing more when the namespace is not there', async () => {
    const { api, calls } = fakeApi(false);
    await deleteNamespace(api, 'lab-x');
    expect(calls).toEqual(['DELETE /api/v1/namespaces/lab-x']);
  });
});
