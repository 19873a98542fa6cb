import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContextError } from '../../checker/lib/errors.ts';
import { openApiPath, type OpenApiDocument } from './kube-schema.ts';

/** What reading the cluster's OpenAPI needs: a GET returning parsed JSON (`KubeApi.get`). */
export interface OpenApiSource {
  get(path: string): Promise<any>;
}

interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>;
}

const fileName = (path: string, url: string) => {
  const hash = /[?&]hash=([0-9A-Fa-f]+)/.exec(url)?.[1]?.slice(0, 16) ?? 'nohash';
  return `${path.replace(/[^a-zA-Z0-9.-]+/g, '_')}-${hash}.json`;
};

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * The OpenAPI v3 documents of these group versions (`apps/v1`, `v1`…), from the
 * cluster when it answers, else from the copies kept in `cacheDir`
 * (~/.cache/kubecamp/openapi), so the editor still validates offline. Each
 * document is stored under its content hash, so a cluster upgrade fetches anew.
 */
export async function loadOpenApiDocuments(
  source: OpenApiSource | undefined,
  apiVersions: string[],
  cacheDir: string,
): Promise<{ documents: OpenApiDocument[]; from: 'cluster' | 'cache'; key: string }> {
  const indexFile = join(cacheDir, 'index.json');
  let index: OpenApiIndex | undefined;
  let from: 'cluster' | 'cache' = 'cluster';
  if (source) {
    try {
      index = (await source.get('/openapi/v3')) as OpenApiIndex;
      await mkdir(cacheDir, { recursive: true });
      await writeAtomically(indexFile, JSON.stringify(index));
    } catch {
      index = undefined;
    }
  }
  if (!index) {
    if (!existsSync(indexFile)) {
      throw new ContextError('the Kubernetes schemas are not available: the lab cluster does not answer and none are cached', {
        fix: 'start the cluster once (`npm run cluster:up`) so they are fetched and kept for offline use',
      });
    }
    index = JSON.parse(await readFile(indexFile, 'utf8')) as OpenApiIndex;
    from = 'cache';
  }
  const documents: OpenApiDocument[] = [];
  const names: string[] = [];
  for (const apiVersion of [...new Set(apiVersions)].sort()) {
    const path = openApiPath(apiVersion);
    const entry = index.paths?.[path];
    if (!entry) continue;
    const file = join(cacheDir, fileName(path, entry.serverRelativeURL));
    names.push(file);
    if (existsSync(file)) {
      documents.push(JSON.parse(await readFile(file, 'utf8')) as OpenApiDocument);
      continue;
    }
    if (from === 'cache' || !source) continue;
    const doc = (await source.get(entry.serverRelativeURL)) as OpenApiDocument;
    await writeAtomically(file, JSON.stringify({ components: doc.components }));
    documents.push(doc);
  }
  return { documents, from, key: names.join('|') };
}
