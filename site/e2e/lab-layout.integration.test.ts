import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbes } from '../server/environment-status.ts';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * The lab pane's layout in headless Chromium, at a desktop width (1440 px) and
 * a phone width (390 px). The server is told the cluster is down, so nothing
 * here touches a namespace: layout, dialogs, Run buttons and the editor need
 * no cluster (the editor is editable while it starts).
 */
const lessonUrl = '/kubernetes/pods/';
const widths = [1440, 390] as const;

let t: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  const real = defaultProbes(process.env);
  t = await startTestServer({ namespacePrefix: 'e2e-layout-', probes: { ...real, readClusterState: async () => null }, readinessPollMs: 300 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function openLesson(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 844 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${width}px: ${err.message}`));
  await page.goto(t.url(lessonUrl));
  await page.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 90_000 });
  await page.waitForSelector('.kc-editor-host .monaco-editor', { timeout: 30_000 });
  return page;
}

/** Text as shown (Monaco renders spaces as no-break spaces). */
const shown = (text: string) => text.replace(/\u00a0/g, ' ');
const editorText = async (page: Page) => shown(await page.locator('.kc-editor-host .view-lines').innerText());
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;
const pageWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

describe.each(widths)('the lab pane at %i px', (width) => {
  let page: Page;
  beforeAll(async () => {
    page = await openLesson(width);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('is no wider than the viewport', async () => {
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
    const lab = await box(page, '.kc-lab');
    expect(lab.x + lab.width).toBeLessThanOrEqual(width);
  });

  it('returns editor and terminal to the page width after "Exit full screen"', async () => {
    const lab = await box(page, '.kc-lab');
    const editorBefore = await box(page, '.kc-editor-host');
    const expand = page.locator('[data-action="expand"]');
    await expand.click();
    await expect.poll(() => page.locator('.kc-lab').getAttribute('class')).toContain('kc-lab-expanded');
    await expect.poll(async () => (await box(page, '.kc-lab')).width).toBeGreaterThanOrEqual(width - 1);
    await expand.click();
    await expect.poll(() => page.locator('.kc-lab').getAttribute('class')).not.toContain('kc-lab-expanded');
    for (const host of ['.kc-editor-host', '.kc-terminal-host', '.kc-editor-host .monaco-editor']) {
      await expect.poll(async () => (await box(page, host)).width, { timeout: 5000 }).toBeLessThanOrEqual(lab.width);
    }
    await expect.poll(async () => Math.round((await box(page, '.kc-editor-host')).width)).toBe(Math.round(editorBefore.width));
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
  });

  it('wraps a long "Why" inside the task column', async () => {
    // The pane's own markup for a failure (task-list.ts), with a long message and a long value.
    await page.evaluate(() => {
      const result = document.querySelector<HTMLElement>('.kc-task [data-result]')!;
      result.innerHTML = `<dt>Why</dt><dd>${'spec.containers[0].resources.limits.memory '.repeat(6)}is "${'x'.repeat(300)}"</dd><dt>Actual</dt><dd><code>${'y'.repeat(200)}</code></dd>`;
      result.hidden = false;
    });
    const tasks = await box(page, '.kc-tasks');
    const task = await box(page, '.kc-task');
    expect(task.x + task.width).toBeLessThanOrEqual(tasks.x + tasks.width + 1);
    const overflow = await page.locator('.kc-task [data-result] dd').evaluateAll((dds) => dds.map((dd) => dd.scrollWidth - dd.clientWidth));
    expect(overflow).toEqual([0, 0]);
    expect(await pageWidth(page)).toBeLessThanOrEqual(width);
  });

  it('centres the solution dialog, keeps focus in it and opens it on the main file with comments left out', async () => {
    await page.locator('[data-action="solution"]').click();
    const dialog = page.locator('[data-kc-solution-dialog]');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await expect.poll(() => page.locator('[data-kc-diff]').getAttribute('data-path')).toBe('pod.yaml');
    expect(await page.locator('[data-kc-solution-tabs] [aria-selected="true"]').innerText()).toBe('pod.yaml');
    const vp = page.viewportSize()!;
    const d = await box(page, '[data-kc-solution-dialog]');
    expect(Math.abs(d.x - (vp.width - d.x - d.width))).toBeLessThanOrEqual(2);
    expect(Math.abs(d.y - (vp.height - d.y - d.height))).toBeLessThanOrEqual(2);
    // The learner's side (the starter, full of "# TODO" comments) shows no comment lines.
    await expect.poll(() => page.locator('[data-kc-diff] .editor.original .view-lines').innerText()).toContain('apiVersion');
    expect(await page.locator('[data-kc-diff] .editor.original .view-lines').innerText()).not.toMatch(/^\s*#/m);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 4 === 3 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-kc-solution-dialog]'))).toBe(true);
    }
    await dialog.locator('button[value="close"]').click();
    await expect.poll(() => dialog.evaluate((el) => (el as HTMLDialogElement).open)).toBe(false);
  });

  it('puts Run buttons beside the command, strips its comment and shows where it went', async () => {
    const line = page.locator('.expressive-code .ec-line:has(> .kc-run)').first();
    await line.scrollIntoViewIfNeeded();
    const button = (await line.locator('.kc-run').boundingBox())!;
    // Where the command's first letter is drawn.
    const firstLetter = await line.locator('.code').evaluate((code) => {
      const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !node.textContent!.trim()) node = walker.nextNode();
      const offset = node!.textContent!.search(/\S/);
      const range = document.createRange();
      range.setStart(node!, offset);
      range.setEnd(node!, offset + 1);
      return range.getBoundingClientRect().left;
    });
    expect(button.x + button.width).toBeLessThanOrEqual(firstLetter);
    const label = (await line.locator('.kc-run').getAttribute('aria-label'))!;
    const command = label.replace('Run in the lab terminal: ', '');
    expect(command).not.toContain('#');
    await line.locator('.kc-run').click();
    await expect.poll(() => page.locator('[data-kc-run-note]').innerText()).toBe(`Sent from the lesson: ${command}`);
    await expect.poll(() => line.locator('.kc-run').getAttribute('data-sent')).toBe('true');
    // The terminal scrolled into view.
    await expect
      .poll(async () => {
        const term = await box(page, '.kc-terminal');
        return term.y >= 0 && term.y + term.height <= page.viewportSize()!.height + 1;
      })
      .toBe(true);
  });

  it('lets the learner edit before the cluster is up, and saves the edit', async () => {
    await expect.poll(() => page.locator('.kc-lab').getAttribute('data-workable')).toBe('false');
    await page.locator('.kc-editor-host .view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`# edited at ${width}\n`);
    await expect.poll(() => editorText(page)).toContain(`edited at ${width}`);
    await expect.poll(() => page.locator('[data-kc-save]').innerText(), { timeout: 10_000 }).toMatch(/^Saved /);
  });
});

describe('the lab page at 390 px', () => {
  it('is one column with the menu and search on screen', async () => {
    const page = await openLesson(390);
    try {
      const editor = await box(page, '.kc-editor');
      const terminal = await box(page, '.kc-terminal');
      const tasks = await box(page, '.kc-tasks');
      expect(terminal.y).toBeGreaterThanOrEqual(editor.y + editor.height - 1);
      expect(editor.y).toBeGreaterThanOrEqual(tasks.y + tasks.height - 1);
      for (const el of ['starlight-menu-button button', 'site-search button[data-open-modal]']) {
        const b = await box(page, el);
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(390);
      }
      await page.locator('starlight-menu-button button').click();
      await expect.poll(() => page.locator('starlight-menu-button').getAttribute('aria-expanded')).toBe('true');
      await expect.poll(() => page.locator('#starlight__sidebar').isVisible()).toBe(true);
    } finally {
      await page.context().close();
    }
  });
});

describe('the editor and the workspace', () => {
  it('shows files created outside the editor, and a conflict instead of overwriting another writer', async () => {
    const page = await openLesson(1440);
    try {
      const workspace = join(t.workspaces, 'pods');
      // A file made in the terminal gets a tab.
      await writeFile(join(workspace, 'notes.yaml'), 'made: in the terminal\n');
      await expect.poll(() => page.locator('[data-kc-tabs] [role="tab"]').allInnerTexts(), { timeout: 15_000 }).toContain('notes.yaml');
      // A change made elsewhere while this editor has no unsaved edits is shown.
      await writeFile(join(workspace, 'notes.yaml'), 'changed: elsewhere\n');
      await page.locator('[data-kc-tabs] [role="tab"]', { hasText: 'notes.yaml' }).click();
      await expect.poll(() => editorText(page), { timeout: 15_000 }).toContain('changed: elsewhere');
      // Edits here racing a write elsewhere: the save is refused and the conflict shown; nothing is lost.
      await page.locator('.kc-editor-host .view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('#');
      await writeFile(join(workspace, 'notes.yaml'), 'other: tab\n');
      await page.keyboard.type(' mine\n');
      const conflict = page.locator('[data-kc-conflict="notes.yaml"]');
      await expect.poll(() => conflict.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await conflict.innerText()).toContain('notes.yaml was changed elsewhere (another tab or the terminal); your edits are not saved.');
      expect(await readFile(join(workspace, 'notes.yaml'), 'utf8')).toBe('other: tab\n');
      expect(await editorText(page)).toContain('# mine');
      await conflict.getByRole('button', { name: 'Keep mine' }).click();
      await expect.poll(() => readFile(join(workspace, 'notes.yaml'), 'utf8'), { timeout: 10_000 }).toContain('# mine');
    } finally {
      await page.context().close();
    }
  });
});

describe('the pages', () => {
  it('raised no errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
