import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../checker/lib/logger.ts';
import type { EnvironmentStatus } from './environment-status.ts';
import { HttpError, sendError, sendJson } from './http-error.ts';
import { assertDeclaredLengthWithin, defaultBodyLimitBytes } from './json-body.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ApiOptions {
  /** The current state of the lab engines (cached briefly by the caller). */
  environment: () => Promise<EnvironmentStatus>;
  logger: Logger;
  bodyLimitBytes?: number;
  startedAt?: Date;
}

/** The `/api/` routes: a path, then a handler per method. */
export function createApi(options: ApiOptions): Handler {
  const startedAt = options.startedAt ?? new Date();
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/api/health': {
      GET: (_req, res) => sendJson(res, 200, { status: 'ok', startedAt: startedAt.toISOString() }),
    },
    '/api/environment': {
      GET: async (_req, res) => sendJson(res, 200, await options.environment()),
    },
  };

  return async (req, res) => {
    try {
      assertDeclaredLengthWithin(req.headers, bodyLimit);
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      const route = routes[pathname.length > 5 ? pathname.replace(/\/+$/, '') : pathname];
      if (!route) throw new HttpError(404, `no API route ${pathname}`);
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const handler = route[method];
      if (!handler) {
        const allow = Object.keys(route).join(', ');
        throw new HttpError(405, `${req.method} is not allowed on ${pathname}; use ${allow}`, { headers: { allow } });
      }
      await handler(req, res);
    } catch (err) {
      if (!(err instanceof HttpError)) options.logger.warn(`${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      sendError(res, err);
    }
  };
}
