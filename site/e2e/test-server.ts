import { mkdtemp, realpath, rm } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKubeApi } from '../../checker/environments/kube-api.ts';
import { labsDirRoots } from '../../checker/labs/load.ts';
import { deleteNamespace } from '../../checker/labs/namespace.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import { defaultProbes, type EnvironmentProbes } from '../server/environment-status.ts';
import { createServer, projectRoot, type RunningServer } from '../server/server.ts';
import { ensureSiteBuilt } from '../server/site-build.ts';
import { launchChromium } from './chromium.ts';

export interface TestServer {
  server: RunningServer;
  /** The site's base URL, without a trailing slash. */
  base: string;
  /** Headers a script sends to pass the token check. */
  auth: { authorization: string };
  /** `path` on this server with `?token=…`, as `npm start` prints it: a browser opening it gets the token cookie. */
  url(path: string): string;
  workspaces: string;
  progressFile: string;
  close(): Promise<void>;
}

/**
 * The built site and its API on a free loopback port, with a workspace folder,
 * progress file and namespace prefix of its own, so tests never touch a
 * learner's work. `probes` replaces how the engines are found (to simulate one
 * being down); `labsDir` adds a team’s labs and tracks, as `--labs-dir`.
 */
/** Probes telling the server no engine is running (no cluster, no Docker, no start in progress): for pages that need none. */
export function noEngineProbes(): EnvironmentProbes {
  return { ...defaultProbes(process.env), readClusterState: async () => null, pingDocker: async () => ({ ok: false, reason: 'not asked in this test' }), readStartProgress: async () => null };
}

export async function startTestServer(options: { namespacePrefix: string; probes?: EnvironmentProbes; logger?: Logger; readinessPollMs?: number; labsDir?: string }): Promise<TestServer> {
  const logger = options.logger ?? noopLogger;
  await ensureSiteBuilt({ root: projectRoot, logger });
  const dir = await realpath(await mkdtemp(join(tmpdir(), `kubecamp-${options.namespacePrefix}`)));
  const workspaces = join(dir, 'workspaces');
  const progressFile = join(dir, 'progress.json');
  const roots = labsDirRoots(options.labsDir);
  const server = await createServer({
    root: projectRoot,
    port: 0,
    logger,
    env: process.env,
    probes: options.probes ?? defaultProbes(process.env),
    environmentCacheMs: 200,
    labsDir: options.labsDir ? roots.labs.at(-1) : undefined,
    labs: { labsRoot: roots.labs, tracksRoot: roots.tracks, workspacesRoot: workspaces, namespacePrefix: options.namespacePrefix, progressFile, readinessPollMs: options.readinessPollMs ?? 500 },
  });
  return {
    server,
    base: server.url.replace(/\/$/, ''),
    auth: { authorization: `token ${server.token}` },
    url: (path) => `${server.url.replace(/\/$/, '')}${path}${path.includes('?') ? '&' : '?'}token=${server.token}`,
    workspaces,
    progressFile,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Delete a lab namespace a test server made, when a cluster is running (nothing to do without one). */
export async function deleteTestNamespace(namespace: string): Promise<void> {
  const state = await readClusterState();
  if (!state) return;
  const kube = await createKubeApi(state);
  await deleteNamespace(kube, namespace).finally(() => kube.close());
}

/** A test server and a Chromium page (1280×900) for one lab on the lab cluster, in a namespace of its own. */
export interface ClusterLabPage {
  t: TestServer;
  browser: Browser;
  page: Page;
  /** Errors the page raised (a test ends by expecting none). */
  pageErrors: string[];
  /** Open the lesson at `path` and wait until its lab pane is interactive and its lab workable. */
  open(path: string): Promise<void>;
  /** Close the browser and server and delete the lab's namespace. */
  close(): Promise<void>;
}

/**
 * What the e2e tests that run a lab on the cluster share: the cluster must be
 * up; the server's namespace prefix keeps the lab `labId` in a namespace of its own.
 */
export async function startClusterLabPage(options: { namespacePrefix: string; labId: string }): Promise<ClusterLabPage> {
  if (!(await readClusterState())) throw new Error('this test needs the lab cluster: run `npm run cluster:up` first');
  const pageErrors: string[] = [];
  const t = await startTestServer({ namespacePrefix: options.namespacePrefix });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    const opened = browser;
    return {
      t,
      browser: opened,
      page,
      pageErrors,
      async open(path) {
        await page.goto(t.url(path));
        await page.waitForSelector('.kc-lab[data-state="interactive"][data-workable="true"]', { timeout: 90_000 });
      },
      async close() {
        await opened.close();
        await t.close();
        await deleteTestNamespace(`${options.namespacePrefix}${options.labId}`);
      },
    };
  } catch (err) {
    await browser?.close();
    await t.close();
    throw err;
  }
}
