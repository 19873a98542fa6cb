import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * The file a URL path names under `root`, or undefined. Paths are decoded and
 * must not contain `..`, NUL or dot-files (URLs from browsers are already
 * normalised, so anything else is not a page of ours).
 */
export function staticFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined;
  return join(root, ...segments);
}

/**
 * Serve a GET/HEAD for a built file from `root` (Astro's `dist/client`):
 * `dir/` serves `dir/index.html`, `dir` redirects to `dir/`. Returns false when
 * there is no such file, so the next handler can answer.
 */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = staticFilePath(root, url.pathname);
  if (!path) return false;
  let file = path;
  let st = await stat(file).catch(() => null);
  if (st?.isDirectory()) {
    if (!url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` });
      res.end();
      return true;
    }
    file = join(path, 'index.html');
    st = await stat(file).catch(() => null);
  }
  if (!st?.isFile()) return false;

  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000);
  const since = req.headers['if-modified-since'];
  const headers: Record<string, string> = {
    'content-type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'last-modified': lastModified.toUTCString(),
    'x-content-type-options': 'nosniff',
    // Astro's hashed assets never change; pages change with each build.
    'cache-control': url.pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (since && !Number.isNaN(Date.parse(since)) && Date.parse(since) >= lastModified.getTime()) {
    res.writeHead(304, headers);
    res.end();
    return true;
  }
  headers['content-length'] = String(st.size);
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
