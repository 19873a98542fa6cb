import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOpenApiDocuments, type OpenApiSource } from './openapi-cache.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubecamp-openapi-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cluster(hash = 'ABCDEF0123456789FFFF') {
  const requests: string[] = [];
  const source: OpenApiSource = {
    async get(path) {
      requests.push(path);
      if (path === '/openapi/v3') return { paths: { 'apis/apps/v1': { serverRelativeURL: `/openapi/v3/apis/apps/v1?hash=${hash}` }, 'api/v1': { serverRelativeURL: '/openapi/v3/api/v1?hash=0011' } } };
      return { openapi: '3.0.0', components: { schemas: { [path]: { type: 'object' } } } };
    },
  };
  return { source, requests };
}
const down: OpenApiSource = { get: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443')) };

describe('loadOpenApiDocuments', () => {
  it('fetches the index and the needed group versions once, then reads them from disk', async () => {
    const c = cluster();
    const first = await loadOpenApiDocuments(c.source, ['apps/v1', 'apps/v1'], dir);
    expect(first.from).toBe('cluster');
    expect(first.documents).toHaveLength(1);
    expect(c.requests).toEqual(['/openapi/v3', '/openapi/v3/apis/apps/v1?hash=ABCDEF0123456789FFFF']);
    expect((await readdir(dir)).sort()).toEqual(['apis_apps_v1-ABCDEF0123456789.json', 'index.json']);
    const again = await loadOpenApiDocuments(c.source, ['apps/v1'], dir);
    expect(c.requests).toHaveLength(3);
    expect(again.documents).toEqual([{ components: first.documents[0]!.components }]);
  });

  it('uses the cached copies when the cluster does not answer', async () => {
    await loadOpenApiDocuments(cluster().source, ['apps/v1'], dir);
    const offline = await loadOpenApiDocuments(down, ['apps/v1', 'v1'], dir);
    expect(offline.from).toBe('cache');
    expect(offline.documents).toHaveLength(1);
  });

  it('fetches again when the cluster serves a new version of a document', async () => {
    await loadOpenApiDocuments(cluster('AAAA').source, ['apps/v1'], dir);
    const c = cluster('BBBB');
    await loadOpenApiDocuments(c.source, ['apps/v1'], dir);
    expect(c.requests).toContain('/openapi/v3/apis/apps/v1?hash=BBBB');
  });

  it('says how to get schemas when there is no cluster and no cache', async () => {
    await expect(loadOpenApiDocuments(down, ['apps/v1'], dir)).rejects.toThrow('the Kubernetes schemas are not available: the lab cluster does not answer and none are cached');
    await expect(loadOpenApiDocuments(undefined, ['apps/v1'], dir)).rejects.toMatchObject({ fix: 'start the cluster once (`npm run cluster:up`) so they are fetched and kept for offline use' });
  });
});
