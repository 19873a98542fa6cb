import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeApi } from '../../checker/environments/kube-api.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { defaultProbes } from '../server/environment-status.ts';
import { projectRoot } from '../server/server.ts';
import { launchChromium } from './chromium.ts';
import { deleteTestNamespace, startTestServer, type TestServer } from './test-server.ts';

/**
 * The lab pane for real: the built site served by site/server on a free
 * loopback port, headless Chromium, and the running lab cluster. The test has
 * its own workspaces and namespace (e2e-deployments). Screenshots go to
 * test-output/.
 */
const prefix = 'e2e-';
const namespace = `${prefix}deployments`;
const shots = join(projectRoot, 'test-output');
const lessonUrl = '/kubernetes/deployments/';
const starter = await readFile(join(projectRoot, 'labs/deployments/starter/deployment.yaml'), 'utf8');
const solution = await readFile(join(projectRoot, 'labs/deployments/solution/deployment.yaml'), 'utf8');

let t: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

/** The API as a script calls it: the token in Authorization, x-kubecamp for anything that changes something. */
async function api(path: string, init?: RequestInit) {
  const res = await fetch(`${t.base}${path}`, { ...init, headers: { ...t.auth, 'x-kubecamp': '1', ...init?.headers } });
  return { status: res.status, body: await res.json() };
}

async function openLesson(p: Page) {
  // The address `npm start` prints: the server trades the token for a cookie and redirects to the lesson.
  await p.goto(`${t.base}${lessonUrl}?token=${t.server.token}`);
  expect(p.url()).toBe(`${t.base}${lessonUrl}`);
  await p.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 60_000 });
  // The live socket has told the pane the cluster is up: the editor is writable.
  await p.waitForSelector('.kc-lab[data-workable="true"]', { timeout: 30_000 });
  await p.waitForFunction(() => document.querySelector('[data-kc-term-state]')?.textContent?.includes('connected'), null, { timeout: 30_000 });
}

/** Text as shown (Monaco and xterm render spaces as no-break spaces). */
const shown = (text: string) => text.replace(/\u00a0/g, ' ');

/** The terminal's visible text (xterm.js does not render while off screen, so it is scrolled to first). */
async function terminalText(p: Page) {
  await p.locator('.kc-terminal-host').scrollIntoViewIfNeeded();
  return shown(await p.locator('.kc-terminal .xterm-rows').innerText());
}

async function editorText(p: Page) {
  return shown(await p.locator('.kc-editor-host .view-lines').innerText());
}

async function typeInTerminal(p: Page, text: string) {
  await p.locator('.kc-terminal-host').click();
  await p.keyboard.type(text);
  await p.keyboard.press('Enter');
}

async function pasteIntoEditor(p: Page, text: string) {
  await p.locator('.kc-editor-host .view-lines').click();
  await p.keyboard.press('Control+A');
  await p.evaluate((value) => navigator.clipboard.writeText(value), text);
  await p.keyboard.press('Control+V');
}

/** A picture of the whole pane: a full-page shot clipped to it, with the page's fixed header hidden meanwhile. */
async function shootPane(p: Page, name: string) {
  const clip = await p.locator('.kc-lab').evaluate((el) => {
    document.querySelector<HTMLElement>('header.header')!.style.visibility = 'hidden';
    const r = el.getBoundingClientRect();
    return { x: r.x, y: r.y + scrollY, width: r.width, height: r.height };
  });
  await p.screenshot({ path: join(shots, name), fullPage: true, clip });
  await p.evaluate(() => void (document.querySelector<HTMLElement>('header.header')!.style.visibility = ''));
}

async function savedFile() {
  return (await api('/api/labs/deployments/files/deployment.yaml')).body.content as string;
}

async function waitFor(what: string, fn: () => Promise<boolean>, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits for a task to show a status; on timeout says what the page and the
 * cluster showed, so a failure in CI explains itself.
 */
async function waitForTask(id: string, status: string, timeoutMs: number) {
  const task = page.locator(`.kc-task[data-task="${id}"]`);
  try {
    await page.waitForSelector(`.kc-task[data-task="${id}"][data-status="${status}"]`, { timeout: timeoutMs });
  } catch (err) {
    const state = await readClusterState();
    let cluster = 'no cluster state';
    if (state) {
      const kube = await createKubeApi(state);
      const get = (path: string) => kube.get<any>(path).catch((e: Error) => ({ error: e.message }));
      const d = await get(`/apis/apps/v1/namespaces/${namespace}/deployments/web`);
      const pods = await get(`/api/v1/namespaces/${namespace}/pods`);
      kube.close();
      cluster = `Deployment web status ${JSON.stringify(d.status ?? d)}; pods ${JSON.stringify((pods.items ?? []).map((p: any) => [p.metadata.name, p.spec.nodeName, p.status.phase]))}`;
    }
    const notice = await page.locator('[data-kc-notice]').evaluate((el) => ((el as HTMLElement).hidden ? '(none)' : el.textContent));
    throw new Error(`task ${id} is "${await task.getAttribute('data-status')}", not "${status}", after ${timeoutMs / 1000} s. Notice: ${notice}. Summary: ${await page.locator('[data-kc-summary]').innerText()}. Cluster: ${cluster}. Terminal: ${(await terminalText(page)).trim().slice(-400)}`, { cause: err });
  }
}

beforeAll(async () => {
  const state = await readClusterState();
  if (!state) throw new Error('the lab pane end-to-end test needs the lab cluster: run `npm run cluster:up` first');
  await mkdir(shots, { recursive: true });
  t = await startTestServer({ namespacePrefix: prefix });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.base });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A clean start: fresh namespace, starter files.
  expect((await api('/api/labs/deployments/reset', { method: 'POST' })).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  await deleteTestNamespace(namespace);
});

describe('the lab pane, end to end', () => {
  it('opens on the lesson page with its tasks, editor and terminal', async () => {
    await openLesson(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'lesson-deployments.png') });
    await expect.poll(() => page.locator('.kc-task').count()).toBe(3);
    expect(await page.locator('.kc-tab').allInnerTexts()).toEqual(['deployment.yaml']);
    expect(await editorText(page)).toContain('TODO: three replicas');
    await expect.poll(() => terminalText(page)).toContain(`namespace ${namespace}`);
    await shootPane(page, 'lab-pane.png');
  });

  it('completes and validates the manifest against the cluster\'s schema', async () => {
    // A key being typed under spec: (the cursor ends after the pasted "re"), then ask for completions.
    await page.waitForSelector('.kc-editor-host[data-schema="cluster"]', { timeout: 30_000 });
    await pasteIntoEditor(page, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  re');
    const suggestions = async () => {
      const rows = await page.locator('.suggest-widget .monaco-list-row').allInnerTexts();
      if (rows.length === 0) await page.keyboard.press('Control+Space');
      return rows;
    };
    await expect.poll(suggestions, { timeout: 30_000 }).toEqual(
      expect.arrayContaining([expect.stringContaining('replicas'), expect.stringContaining('revisionHistoryLimit')]),
    );
    await page.keyboard.press('Escape');
    await pasteIntoEditor(page, solution.replace('replicas: 3', 'replicas: "three"').replace('  selector:', '  selectr:'));
    await page.keyboard.press('Control+Home');
    // Schema violations are marked: a wrong type (a warning) and an unknown field (an error: the API server rejects it).
    await expect.poll(() => page.locator('.kc-editor-host .squiggly-warning, .kc-editor-host .squiggly-error').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('.kc-editor-host .squiggly-error').count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
  });

  it('saves edits to the workspace, and they survive a reload', async () => {
    await pasteIntoEditor(page, solution);
    await page.waitForFunction(() => document.querySelector('[data-kc-save]')?.textContent?.startsWith('Saved'), null, { timeout: 15_000 });
    await waitFor('the saved solution', async () => (await savedFile()) === solution);
    expect(await readFile(join(t.workspaces, 'deployments', 'deployment.yaml'), 'utf8')).toBe(solution);
    await page.waitForFunction(() => !document.querySelector('.kc-editor-host .squiggly-warning, .kc-editor-host .squiggly-error'), null, { timeout: 30_000 });
    await page.reload();
    await openLesson(page);
    expect(await editorText(page)).toContain('maxUnavailable: 0');
  });

  it('turns the task green live when the manifest is applied from the terminal', async () => {
    expect(await page.locator('.kc-task[data-task="create-deployment"]').getAttribute('data-status')).not.toBe('pass');
    await typeInTerminal(page, 'kubectl apply -f deployment.yaml');
    // Ready Pods come from the controllers and kwok's simulated kubelets: seconds normally, longer on a loaded machine.
    await waitForTask('create-deployment', 'pass', 120_000);
    expect(await terminalText(page)).toContain('deployment.apps/web created');
    await expect.poll(() => page.locator('[data-kc-summary]').innerText()).toContain('1 of 3 tasks done');
  });

  it('runs a lesson command from its code block in the terminal', async () => {
    // The line's trailing comment ("# waits until the rollout is done") is not sent.
    await page.locator('button.kc-run[aria-label="Run in the lab terminal: kubectl rollout status deployment/web"]').click();
    await expect.poll(() => terminalText(page), { timeout: 60_000 }).toContain('successfully rolled out');
  });

  it('checks on request, explaining failures with expected and actual, and offers hints', async () => {
    await page.locator('[data-action="check"]').click();
    await expect.poll(() => page.locator('[data-kc-summary]').innerText(), { timeout: 60_000 }).toContain('Checked: 1 of 3 passing.');
    const rollOut = page.locator('.kc-task[data-task="roll-out"]');
    expect(await rollOut.getAttribute('data-status')).toBe('fail');
    const result = await rollOut.locator('[data-result]').innerText();
    expect(result).toMatch(/Why/);
    expect(result).toMatch(/Expected/);
    expect(result).toMatch(/Actual/);
    await rollOut.locator('[data-action="hint"]').click();
    await expect.poll(() => rollOut.locator('[data-hints] li').allInnerTexts()).toEqual(['kubectl set image deployment/web nginx=nginx:1.31 (the part before = is the container name).']);
    // One failed check so far unlocks the second hint.
    expect(await rollOut.locator('[data-action="hint"]').innerText()).toBe('Show hint 2 of 2');
    await waitFor('progress on the server', async () => {
      const p = (await api('/api/progress')).body.labs.deployments?.tasks ?? {};
      return p['create-deployment']?.done === true && p['roll-out']?.attempts >= 1 && p['roll-out']?.hintsShown === 1;
    });
    const file = JSON.parse(await readFile(t.progressFile, 'utf8'));
    expect(file.labs.deployments.tasks['roll-out']).toMatchObject({ done: false, hintsShown: 1 });
    await shootPane(page, 'lab-pane-checked.png');
  });

  it('lists the lab on the progress page', async () => {
    const p = await context.newPage();
    try {
      await p.goto(`${t.base}/progress/`);
      const row = p.locator('tr[data-lab="deployments"]');
      await expect.poll(() => row.getAttribute('data-status')).toBe('in-progress');
      expect(await row.locator('[data-cell="tasks"]').innerText()).toBe('1 of 3');
      expect(await row.locator('[data-cell="hints"]').innerText()).toBe('1');
      await p.screenshot({ path: join(shots, 'progress-page.png') });
    } finally {
      await p.close();
    }
  });

  it('resizes the shell with the pane', async () => {
    await typeInTerminal(page, 'echo "cols=$(tput cols)"');
    await expect.poll(() => terminalText(page)).toMatch(/cols=\d+/);
    const before = Number(/cols=(\d+)/.exec(await terminalText(page))![1]);
    await page.locator('[data-action="expand"]').click();
    await page.locator('.kc-terminal-host').click();
    await page.keyboard.type('echo "wide=$(tput cols)"');
    await page.keyboard.press('Enter');
    await expect.poll(async () => shown(await page.locator('.kc-terminal .xterm-rows').innerText())).toMatch(/wide=\d+/);
    const after = Number(/wide=(\d+)/.exec(shown(await page.locator('.kc-terminal .xterm-rows').innerText()))![1]);
    await page.locator('[data-action="expand"]').click();
    expect(after).toBeGreaterThan(before);
  });

  it('keeps the same shell and its scrollback across a reload', async () => {
    await typeInTerminal(page, 'echo "shell-$$"');
    await expect.poll(() => terminalText(page)).toMatch(/shell-\d+/);
    const pid = /shell-(\d+)/.exec(await terminalText(page))![1];
    await page.reload();
    await openLesson(page);
    await expect.poll(() => terminalText(page)).toContain(`shell-${pid}`);
    await typeInTerminal(page, 'echo "again-$$"');
    await expect.poll(() => terminalText(page)).toContain(`again-${pid}`);
  });

  it('shows the solution as a diff without changing the learner\'s files', async () => {
    await page.locator('[data-action="solution"]').click();
    const dialog = page.locator('[data-kc-solution-dialog]');
    await dialog.locator('.monaco-diff-editor').waitFor({ timeout: 30_000 });
    expect(await dialog.locator('[role="tab"]').allInnerTexts()).toEqual(['deployment.yaml']);
    await page.screenshot({ path: join(shots, 'lab-solution.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect(await savedFile()).toBe(solution);
  });

  it('reaches every lab action by keyboard', async () => {
    await page.locator('.kc-lab-title').evaluate((el: HTMLElement) => {
      el.tabIndex = -1;
      el.focus();
    });
    // Tab through the pane up to the file tabs (past them is the editor, where Tab indents).
    const seen: string[] = [];
    for (let i = 0; i < 20 && !seen.includes('deployment.yaml'); i++) {
      await page.keyboard.press('Tab');
      seen.push(await page.evaluate(() => (document.activeElement as HTMLElement).innerText || document.activeElement!.getAttribute('aria-label') || ''));
    }
    for (const name of ['Check', 'Show solution', 'Reset lab', 'Full screen', 'Show hint 1 of 3', 'Show hint 2 of 2', 'Show hint 1 of 2', 'deployment.yaml']) expect(seen).toContain(name);

    // Check with the keyboard: back to the Check button, Enter.
    await page.locator('[data-action="check"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-kc-summary]').innerText(), { timeout: 60_000 }).toContain('Checked:');
    // Reset opens a confirmation whose default is Cancel; Escape closes it and focus comes back.
    await page.locator('[data-action="reset"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-kc-reset-dialog]').evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    // The dialog's 'close' event (whose handler puts focus back on Reset) is queued after Escape;
    // wait for it, or under load it lands after the next focus() and Enter reopens the dialog.
    await page.locator('[data-kc-reset-dialog]').evaluate((d: HTMLDialogElement) => {
      (window as unknown as { kcResetClosed: Promise<void> }).kcResetClosed = new Promise((done) => d.addEventListener('close', () => done(), { once: true }));
    });
    await page.keyboard.press('Escape');
    await page.evaluate(() => (window as unknown as { kcResetClosed: Promise<void> }).kcResetClosed);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.action)).toBe('reset');
    // Full screen and back (the button waits for the browser's full screen first).
    const paneClass = () => page.locator('.kc-lab').getAttribute('class');
    await page.locator('[data-action="expand"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(paneClass).toContain('kc-lab-expanded');
    await page.screenshot({ path: join(shots, 'lab-pane-full-screen.png') });
    await page.keyboard.press('Escape');
    await expect.poll(paneClass).not.toContain('kc-lab-expanded');
    // Results are announced politely.
    expect(await page.locator('[data-kc-summary]').getAttribute('aria-live')).toBe('polite');
  });

  it('resets the lab to its starter state after a confirmation', async () => {
    await page.locator('[data-action="reset"]').click();
    await page.locator('[data-kc-reset-dialog] button[value="reset"]').click();
    // The learner moves on to the terminal while the reset runs; it must not pull focus back to its button.
    await page.locator('.kc-terminal-host').click();
    await expect.poll(() => page.locator('[data-kc-summary]').innerText(), { timeout: 120_000 }).toContain('The lab was reset.');
    await waitFor('the starter file', async () => (await savedFile()) === starter);
    await expect.poll(() => editorText(page)).toContain('TODO: three replicas');
    await waitForTask('create-deployment', 'fail', 30_000);
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('a new shell');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('.kc-terminal')))).toBe(true);
    await waitFor('the reset in the progress file', async () => (await api('/api/progress')).body.labs.deployments?.resetAt !== undefined);
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('the lab pane while the cluster is down', () => {
  it('is read-only with the command that starts it, and recovers by itself', async () => {
    let clusterUp = false;
    const real = defaultProbes(process.env);
    const down = await startTestServer({
      namespacePrefix: prefix,
      probes: { ...real, readClusterState: async () => (clusterUp ? real.readClusterState() : null) },
      readinessPollMs: 300,
    });
    const p = await context.newPage();
    try {
      await p.goto(`${down.base}${lessonUrl}?token=${down.server.token}`);
      await p.waitForSelector('.kc-lab[data-workable="false"]', { timeout: 60_000 });
      const notice = p.locator('[data-kc-notice]');
      await expect.poll(() => notice.innerText()).toContain('Kubernetes is not running');
      expect(await notice.locator('code').innerText()).toBe('npm run cluster:up');
      expect(await p.locator('[data-action="check"]').isDisabled()).toBe(true);
      expect(await p.locator('[data-action="reset"]').isDisabled()).toBe(true);
      await p.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 60_000 });
      expect(await p.locator('[data-kc-term-state]').innerText()).toBe('waiting for the lab environment');
      await shootPane(p, 'lab-pane-cluster-down.png');

      clusterUp = true;
      await p.waitForSelector('.kc-lab[data-workable="true"]', { timeout: 30_000 });
      await expect.poll(() => notice.isHidden()).toBe(true);
      expect(await p.locator('[data-action="check"]').isDisabled()).toBe(false);
      await expect.poll(() => p.locator('[data-kc-term-state]').innerText(), { timeout: 30_000 }).toContain('connected');
    } finally {
      await p.close();
      await down.close();
    }
  });
});
