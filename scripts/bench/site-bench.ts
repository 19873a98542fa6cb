import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { createKubeApi } from '../../checker/environments/kube-api.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { exec } from '../../checker/lib/exec.ts';
import type { Io } from '../../checker/lib/io.ts';
import { findLab } from '../../checker/labs/load.ts';
import { deleteNamespace } from '../../checker/labs/namespace.ts';
import { labSession } from '../../checker/labs/session.ts';
import { launchChromium } from '../../site/e2e/chromium.ts';
import { startTestServer, type TestServer } from '../../site/e2e/test-server.ts';
import { buildPaths } from '../../site/server/site-build.ts';
import { projectRoot } from '../../site/server/server.ts';
import type { LiveMessage, TerminalServerMessage } from '../../site/shared/lab-view.ts';
import { formatRow, percentile } from './stats.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (v: number) => `${Math.round(v)} ms`;

/** Static imports of a built chunk (minified: `import{a}from"./x.js"`, `import"./y.js"`); dynamic imports are left out. */
function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)) found.add(m[1]!);
  for (const m of code.matchAll(/\bexport\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+)["']/g)) found.add(m[1]!);
  return [...found];
}

/** The JavaScript a page runs before any lazy `import()`, gzip-compressed, with what it is made of. */
export async function pageJs(client: string, htmlFile: string): Promise<{ gzipBytes: number; files: string[] }> {
  const html = await readFile(htmlFile, 'utf8');
  const seen = new Set<string>();
  let gzipBytes = 0;
  const visit = async (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    const code = await readFile(file, 'utf8');
    gzipBytes += gzipSync(code).length;
    for (const spec of staticImports(code)) if (spec.startsWith('.')) await visit(join(dirname(file), spec));
  };
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) await visit(join(client, m[1]!));
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)) {
    if (!m[1]!.trim()) continue;
    gzipBytes += gzipSync(m[1]!).length;
    for (const spec of staticImports(m[1]!)) if (spec.startsWith('/')) await visit(join(client, spec));
  }
  return { gzipBytes, files: [...seen].map((f) => relative(client, f)) };
}

async function htmlPages(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory() && !e.name.startsWith('_') && e.name !== 'pagefind') out.push(...(await htmlPages(full)));
    else if (e.name === 'index.html') out.push(full);
  }
  return out;
}

async function jsBudget(io: Io): Promise<void> {
  const client = buildPaths(projectRoot).client;
  const withLab: { page: string; gzipBytes: number }[] = [];
  const without: { page: string; gzipBytes: number }[] = [];
  for (const file of await htmlPages(client)) {
    const page = `/${relative(client, dirname(file))}/`.replace('//', '/');
    const { gzipBytes } = await pageJs(client, file);
    ((await readFile(file, 'utf8')).includes('data-kc-lab=') ? withLab : without).push({ page, gzipBytes });
  }
  const worstWithout = without.sort((a, b) => b.gzipBytes - a.gzipBytes)[0];
  if (worstWithout) {
    io.stdout.write(`${formatRow(`JS on a page without a lab (largest: ${worstWithout.page})`, kb(worstWithout.gzipBytes), '≤ 60 KB gzip', worstWithout.gzipBytes <= 60 * 1024)}\n`);
  }
  const worstWith = withLab.sort((a, b) => b.gzipBytes - a.gzipBytes)[0];
  if (worstWith) io.stdout.write(`${formatRow(`JS on a lab page before the pane loads (${worstWith.page})`, kb(worstWith.gzipBytes))}\n`);
  io.stdout.write(`  (${without.length} pages without a lab, ${withLab.length} with one; editor, terminal and workers load only on lab pages, lazily)\n`);
}

async function timeToInteractive(io: Io, t: TestServer, runs: number): Promise<void> {
  const browser = await launchChromium();
  const tasks: number[] = [];
  const full: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      // A new context each time: an empty cache, as on a first visit.
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.goto(`${t.base}/kubernetes/deployments/?token=${t.server.token}`);
      await page.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 60_000 });
      const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
      await context.close();
      if (i === 0) continue; // the first run warms the server's caches (OpenAPI schema, lab files)
      tasks.push(marks['kubecamp:tasks-interactive']!);
      full.push(marks['kubecamp:lab-interactive']!);
    }
  } finally {
    await browser.close();
  }
  io.stdout.write(`${formatRow('lab pane: tasks interactive, median', ms(percentile(tasks, 50)))}\n`);
  const p95 = percentile(full, 95);
  io.stdout.write(`${formatRow(`lab pane time-to-interactive, median (${runs} runs)`, ms(percentile(full, 50)), '< 3 s', percentile(full, 50) < 3000)}\n`);
  io.stdout.write(`${formatRow('lab pane time-to-interactive, p95', ms(p95), '< 3 s', p95 < 3000)}\n`);
}

/** Open a socket and wait for messages that satisfy a predicate. */
async function socket<T>(url: string, headers: Record<string, string>) {
  const ws = new WebSocket(url, { headers });
  const waiters: { pred: (m: T) => boolean; resolve: (m: T) => void }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as T;
    for (const w of [...waiters]) {
      if (w.pred(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  const next = (pred: (m: T) => boolean, timeoutMs = 30_000) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return { ws, next };
}

async function terminalEcho(io: Io, t: TestServer, samples: number): Promise<void> {
  const term = await socket<TerminalServerMessage>(`${t.base.replace('http', 'ws')}/api/labs/deployments/terminal?cols=120&rows=30`, t.auth);
  let out = '';
  const outputs = (pred: (text: string) => boolean) =>
    term.next((m) => {
      if (m.type === 'output') out += m.data;
      return pred(out);
    });
  await outputs((text) => /[#$] $/.test(text));
  const rtt: number[] = [];
  for (let i = 0; i < samples; i++) {
    out = '';
    const echoed = outputs((text) => text.includes('x'));
    const t0 = performance.now();
    term.ws.send(JSON.stringify({ type: 'input', data: 'x' }));
    await echoed;
    rtt.push(performance.now() - t0);
    out = '';
    const erased = outputs((text) => text.length > 0);
    term.ws.send(JSON.stringify({ type: 'input', data: '\x7f' }));
    await erased;
  }
  term.ws.close();
  const p95 = percentile(rtt, 95);
  io.stdout.write(`${formatRow(`terminal echo round trip, p50 (${samples} keys)`, `${percentile(rtt, 50).toFixed(1)} ms`)}\n`);
  io.stdout.write(`${formatRow('terminal echo round trip, p95', `${p95.toFixed(1)} ms`, '< 30 ms', p95 < 30)}\n`);
}

async function liveLatency(io: Io, t: TestServer, runs: number): Promise<void> {
  const loaded = await findLab('deployments');
  const target = { namespace: 'bench-deployments', workspace: join(t.workspaces, 'deployments') };
  const session = await labSession(loaded.lab, target);
  const manifest = join(loaded.dir, 'solution', 'deployment.yaml');
  const live = await socket<LiveMessage>(`${t.base.replace('http', 'ws')}/api/labs/deployments/live`, t.auth);
  const status = (m: LiveMessage) => (m.type === 'result' ? m.result.tasks.find((x) => x.id === 'create-deployment')?.status : undefined);
  const firstUpdate: number[] = [];
  const green: number[] = [];
  try {
    await live.next((m) => m.type === 'result');
    for (let i = 0; i < runs; i++) {
      await exec('kubectl', ['delete', 'deployment', 'web', '--ignore-not-found', '--wait=true'], { env: session.env });
      await live.next((m) => status(m) === 'fail').catch(() => undefined);
      const anyResult = live.next((m) => m.type === 'result');
      const passing = live.next((m) => status(m) === 'pass', 60_000);
      await exec('kubectl', ['apply', '-f', manifest], { env: session.env });
      const t0 = performance.now();
      await anyResult;
      firstUpdate.push(performance.now() - t0);
      await passing;
      green.push(performance.now() - t0);
    }
  } finally {
    live.ws.close();
  }
  io.stdout.write(`${formatRow(`live status: first update after apply, median (${runs})`, ms(percentile(firstUpdate, 50)))}\n`);
  const p95 = percentile(green, 95);
  io.stdout.write(`${formatRow('live status: task green after apply, median', ms(percentile(green, 50)), '< 1 s', percentile(green, 50) < 1000)}\n`);
  io.stdout.write(`${formatRow('live status: task green after apply, p95', ms(p95), '< 1 s', p95 < 1000)}\n`);
  io.stdout.write('  (green needs the Deployment\'s 3 replicas ready: the controllers and kwok take part of that time)\n');
}

/**
 * The site: JavaScript on lesson pages without a lab (goal ≤ 60 KB gzip), the
 * lab pane's time to interactive in headless Chromium (goal < 3 s), terminal
 * echo round trip p95 (goal < 30 ms) and live status latency after
 * `kubectl apply` (goal < 1 s). Uses its own workspaces and namespace.
 */
export async function siteBench(io: Io): Promise<void> {
  io.stdout.write('\n── site (lesson pages, lab pane, terminal, live status)\n');
  const state = await readClusterState(io.env);
  if (!state) throw new Error('no lab cluster is running: `npm run cluster:up` first');
  const t = await startTestServer({ namespacePrefix: 'bench-' });
  try {
    await jsBudget(io);
    const reset = await fetch(`${t.base}/api/labs/deployments/reset`, { method: 'POST', headers: { ...t.auth, 'x-kubecamp': '1' } });
    if (!reset.ok) throw new Error(`resetting the bench lab failed: ${JSON.stringify(await reset.json())}`);
    await timeToInteractive(io, t, 5);
    await terminalEcho(io, t, 200);
    await liveLatency(io, t, 5);
  } finally {
    await t.close();
    const kube = await createKubeApi(state);
    await deleteNamespace(kube, 'bench-deployments').finally(() => kube.close());
  }
}

