import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../checker/lib/logger.ts';
import type { EnvironmentStatus } from './environment-status.ts';
import { HttpError, sendError, sendJson } from './http-error.ts';
import { assertDeclaredLengthWithin, defaultBodyLimitBytes } from './json-body.ts';
import { labsRoutes, type LabsApiDeps, type RouteHandler } from './labs-api.ts';
import { compileRoute, matchRoute, type CompiledRoute } from './route-match.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ApiOptions {
  /** The current state of the lab engines (cached briefly by the caller). */
  environment: () => Promise<EnvironmentStatus>;
  logger: Logger;
  bodyLimitBytes?: number;
  startedAt?: Date;
  /** The lab routes (`/api/labs/…`, `/api/progress`); left out, only health and environment answer. */
  labs?: LabsApiDeps;
}

/** The `/api/` routes: a path pattern, then a handler per method. */
export function createApi(options: ApiOptions): Handler {
  const startedAt = options.startedAt ?? new Date();
  const bodyLimit = options.bodyLimitBytes ?? defaultBodyLimitBytes;
  const table: Record<string, Record<string, RouteHandler>> = {
    '/api/health': {
      GET: (_req, res) => sendJson(res, 200, { status: 'ok', startedAt: startedAt.toISOString() }),
    },
    '/api/environment': {
      GET: async (_req, res) => sendJson(res, 200, await options.environment()),
    },
    ...(options.labs ? labsRoutes(options.labs) : {}),
  };
  const routes: { route: CompiledRoute; methods: Record<string, RouteHandler> }[] = Object.entries(table).map(([pattern, methods]) => ({
    route: compileRoute(pattern),
    methods,
  }));

  return async (req, res) => {
    try {
      assertDeclaredLengthWithin(req.headers, bodyLimit);
      const { pathname } = new URL(req.url ?? '/', 'http://localhost');
      let found: { methods: Record<string, RouteHandler>; params: Record<string, string> } | undefined;
      for (const { route, methods } of routes) {
        const params = matchRoute(route, pathname);
        if (params) {
          found = { methods, params };
          break;
        }
      }
      if (!found) throw new HttpError(404, `no API route ${pathname}`);
      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const handler = found.methods[method];
      if (!handler) {
        const allow = Object.keys(found.methods).join(', ');
        throw new HttpError(405, `${req.method} is not allowed on ${pathname}; use ${allow}`, { headers: { allow } });
      }
      await handler(req, res, found.params, bodyLimit);
    } catch (err) {
      if (!(err instanceof HttpError)) options.logger.warn(`${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      sendError(res, err);
    }
  };
}
