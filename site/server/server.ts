import { createReadStream, existsSync } from 'node:fs';
import http from 'node:http';
import { userInfo } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ContextError } from '../../checker/lib/errors.ts';
import type { Io } from '../../checker/lib/io.ts';
import type { Logger } from '../../checker/lib/logger.ts';
import { createApi } from './api.ts';
import { createLabServices, type LabServicesOptions } from './lab-services.ts';
import { attachLabSockets } from './lab-sockets.ts';
import { clusterUpCommand, createEnvironmentStarter, type EnvironmentStarter } from './environment-starter.ts';
import { defaultProbes, probeEngines, withStartProgress, type EnvironmentProbes, type EnvironmentStatus } from './environment-status.ts';
import { newToken, resolveToken, tokenFile } from './auth.ts';
import { exposureWarning } from './host-check.ts';
import { sendError } from './http-error.ts';
import { exchangeToken, frameHeaders, gateApiRequest, type GateOptions } from './request-gate.ts';
import { buildPaths, ensureSiteBuilt } from './site-build.ts';
import { serveStatic } from './static-files.ts';
import { parseOptions } from '../../checker/lib/command-line.ts';
import { defaultLabsRoot, labsDirRoots } from '../../checker/labs/load.ts';
import { defaultTracksRoot } from '../../checker/labs/tracks.ts';

/** The project root: this file is `site/server/server.ts`. */
export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export const defaultHost = '127.0.0.1';
export const defaultPort = 4321;

export interface ServerOptions {
  /** Project root; the built site is read from its `dist/`. */
  root?: string;
  host?: string;
  /** 0 picks a free port; the chosen one is in the returned `url`. */
  port?: number;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  /** The background bring-up of the lab environment, when `npm start` runs one. */
  starter?: EnvironmentStarter;
  probes?: EnvironmentProbes;
  /** How long an answer about the engines is reused, so many open tabs cost one probe. */
  environmentCacheMs?: number;
  /** Where labs, workspaces, namespaces and progress live (tests use their own). */
  labs?: Omit<LabServicesOptions, 'env' | 'environmentStatus' | 'logger'>;
  /** The team folder of `--labs-dir`, for the CI command the team's track pages show. */
  labsDir?: string;
  /** The token the API and the sockets require (default: a new random one, kept nowhere). */
  token?: string;
  /** Terminal caps, per lab and in total (defaults in terminal-sessions.ts). */
  terminals?: { maxPerLab?: number; maxTotal?: number };
}

export interface RunningServer {
  url: string;
  /** `url` with `?token=…`: opening it in a browser logs the page in. */
  tokenUrl: string;
  token: string;
  server: http.Server;
  environment(): Promise<EnvironmentStatus>;
  close(): Promise<void>;
}

type AstroHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: () => void, locals?: object) => Promise<void>;

async function loadAstroHandler(serverEntry: string): Promise<AstroHandler> {
  if (!existsSync(serverEntry)) {
    throw new ContextError(`the built site is missing (${serverEntry})`, { fix: 'run `npm run build`, or `npm start`, which builds it' });
  }
  const entry = (await import(pathToFileURL(serverEntry).href)) as { handler?: AstroHandler };
  if (typeof entry.handler !== 'function') {
    throw new ContextError(`${serverEntry} has no \`handler\` export`, { fix: "keep `adapter: node({ mode: 'middleware' })` in astro.config.mjs and rebuild" });
  }
  return entry.handler;
}

/**
 * Serve the built site and the API: `/api/…` first, then files from
 * `dist/client`, then Astro's on-demand routes through the node adapter's
 * middleware `handler`, then the site's 404 page. Resolves once listening.
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const root = options.root ?? projectRoot;
  const host = options.host ?? defaultHost;
  const paths = buildPaths(root);
  const astroHandler = await loadAstroHandler(paths.serverEntry);
  const probes = options.probes ?? defaultProbes(options.env);
  const cacheMs = options.environmentCacheMs ?? 2000;

  let cached: { at: number; value: Promise<Pick<EnvironmentStatus, 'kubernetes' | 'docker'>> } | undefined;
  const environment = async (): Promise<EnvironmentStatus> => {
    if (!cached || Date.now() - cached.at > cacheMs) cached = { at: Date.now(), value: probeEngines(probes) };
    const engines = await cached.value;
    const starting = engines.kubernetes.running ? options.starter?.starting() : withStartProgress(options.starter?.starting(), (await probes.readStartProgress?.()) ?? null, new Date());
    const startFailed = options.starter?.failed();
    return { ...engines, ...(starting ? { starting } : {}), ...(startFailed ? { startFailed } : {}) };
  };

  // What on-demand pages (/labs/<id>/) read as Astro.locals: the labs folders, `--labs-dir` included.
  const pageLocals = { labsRoots: [options.labs?.labsRoot ?? defaultLabsRoot].flat(), tracksRoots: [options.labs?.tracksRoot ?? defaultTracksRoot].flat(), labsDir: options.labsDir };
  const token = options.token ?? newToken();
  let gate: GateOptions | undefined;
  const labs = createLabServices({ ...options.labs, ...options.terminals, env: options.env, environmentStatus: environment, logger: options.logger });
  const api = createApi({ environment, logger: options.logger, labs: labs.api });

  const notFound = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const page = join(paths.client, '404.html');
    if ((req.method === 'GET' || req.method === 'HEAD') && existsSync(page)) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      if (req.method === 'HEAD') res.end();
      else createReadStream(page).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  };

  const server = http.createServer(async (req, res) => {
    try {
      for (const [name, value] of Object.entries(frameHeaders)) res.setHeader(name, value);
      const pathname = (req.url ?? '/').split('?')[0]!;
      if (pathname === '/api' || pathname.startsWith('/api/')) {
        try {
          gateApiRequest(req, pathname, gate!);
        } catch (err) {
          // The body is left unread: close the connection after the refusal.
          res.setHeader('connection', 'close');
          sendError(res, err);
          return;
        }
        await api(req, res);
        return;
      }
      if (exchangeToken(req, res, gate!)) return;
      if (await serveStatic(paths.client, req, res)) return;
      await astroHandler(req, res, () => notFound(req, res), pageLocals);
    } catch (err) {
      options.logger.warn(`${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('internal server error\n');
      } else res.destroy();
    }
  });

  // Every lab.yaml parsed before the first request: a first /api/labs would parse them all while
  // /api/health and the terminals wait (≈ 1.5 s on a loaded machine).
  await labs.api.catalog.warm();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const where = `${host}:${options.port ?? defaultPort}`;
      if (err.code === 'EADDRINUSE') {
        reject(new ContextError(`port ${where} is already in use`, { fix: 'stop the other server, or choose a port: `npm start -- --port 4322`' }));
      } else reject(new ContextError(`could not listen on ${where}`, { cause: err }));
    });
    server.listen(options.port ?? defaultPort, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  gate = { host, port: address.port, token, tokenFile: tokenFile(options.env) };
  const sockets = attachLabSockets(server, { gate, ...labs.sockets, logger: options.logger });
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}/`;

  return {
    url,
    tokenUrl: `${url}?token=${token}`,
    token,
    server,
    environment,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.close();
        labs.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const usage = `usage: npm start -- [options]

Serve the lessons and labs at http://127.0.0.1:4321/ (building the site first
when it changed) and bring up the lab cluster in the background.

options:
  --port N       port to listen on (default ${defaultPort}; 0 picks a free one)
  --host ADDR    address to listen on (default ${defaultHost}); any other address lets the
                 network reach the lab terminal, a shell as your user, for whoever has the token
  --token T      the token the browser and scripts must present (default: KUBECAMP_TOKEN, else
                 one kubecamp makes and keeps in ${'$'}KUBECAMP_HOME/server-token, mode 0600)
  --labs-dir DIR  also serve a team's labs (DIR/<id>/lab.yaml) and tracks (DIR/tracks/<id>.yaml),
                 default KUBECAMP_LABS_DIR: each lab at /labs/<id>/, each track at
                 /tracks/team/<id>/; the built pages (lessons, /progress/, /tracks/<id>/) list
                 the built-in ones only
  --no-env       do not start the lab environment (reading lessons needs none)
  --rebuild      build the site even if it looks up to date
  -v, --verbose  more detail, stack traces on errors

environment:
  KUBECAMP_WORKSPACES        learners' lab files (default ~/.local/share/kubecamp/workspaces)
  KUBECAMP_NAMESPACE_PREFIX  lab namespaces are <prefix><lab id> (default lab-)
  KUBECAMP_PROGRESS          progress file (default ~/.local/share/kubecamp/progress.json)
  KUBECAMP_TOKEN             the server's token (as --token)`;

function userName(): string {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? '?'}`;
  }
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ContextError(`--port must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

/** `npm start`: serve until SIGINT/SIGTERM; returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const { values, logger, exit } = parseOptions(argv, io, usage, {
    port: { type: 'string', default: String(defaultPort) },
    host: { type: 'string', default: defaultHost },
    token: { type: 'string' },
    'no-env': { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'labs-dir': { type: 'string' },
  });
  if (exit !== undefined) return exit;
  const port = parsePort(values.port!);
  const { token, source } = await resolveToken({ flag: values.token, env: io.env });
  await ensureSiteBuilt({ root: projectRoot, env: io.env, logger, force: values.rebuild });

  const starter = values['no-env']
    ? undefined
    : createEnvironmentStarter({ ...clusterUpCommand(), cwd: projectRoot, env: io.env, out: io.stdout, label: 'cluster' });
  const labsDir = values['labs-dir'] || io.env.KUBECAMP_LABS_DIR || undefined;
  const roots = labsDirRoots(labsDir);
  const running = await createServer({ root: projectRoot, host: values.host, port, logger, env: io.env, starter, token, labs: { labsRoot: roots.labs, tracksRoot: roots.tracks }, labsDir: labsDir ? roots.labs.at(-1) : undefined });
  io.stdout.write(`kubecamp is at ${running.tokenUrl}\n`);
  logger.info(`open that address once: the browser keeps the token in a cookie (token from ${source})`);
  const warning = exposureWarning(values.host!, userName());
  if (warning) io.stdout.write(warning);

  if (starter) {
    const { kubernetes } = await running.environment();
    if (kubernetes.running) {
      logger.info(`lab cluster: ${kubernetes.engine}, context ${kubernetes.context}${kubernetes.version ? `, Kubernetes ${kubernetes.version}` : ''}`);
    } else {
      logger.info(`bringing up the lab cluster in the background (${kubernetes.reason}); lessons are readable meanwhile`);
      void starter.start();
    }
  } else {
    logger.info('not starting the lab environment (--no-env); `npm run cluster:up` starts it');
  }

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info(`stopping (${signal})`);
      starter?.stop();
      void running.close().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
