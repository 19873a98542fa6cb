import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer, noEngineProbes } from './test-server.ts';

/**
 * New file, Rename and Delete in the lab pane's file list, at a desktop and a
 * phone width: each through a centred, focus-trapped dialog (Escape cancels,
 * Delete asks first), reaching the workspace on disk and another tab on the
 * same lab; a file changed elsewhere is not deleted. The server is told no
 * engine is running (editing needs none), so nothing here touches a cluster or Docker.
 */
const lab = 'volumes-and-networks';
const lessonUrl = '/containers/volumes-and-networks/';
const widths = [1440, 390] as const;

let t: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestServer({
    namespacePrefix: 'e2e-files-',
    probes: noEngineProbes(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const onDisk = (path: string) => join(t.workspaces, lab, path);
const dialog = '.kc-lab [data-kc-file-dialog]';
const nameInput = `${dialog} input[name="name"]`;
const tabNames = (page: Page) => page.locator('.kc-lab [data-kc-tabs] [role="tab"]').allInnerTexts();
const selectedTab = (page: Page) => page.locator('.kc-lab [data-kc-tabs] [role="tab"][aria-selected="true"]').innerText();
const dialogOpen = (page: Page) => page.locator(dialog).evaluate((d) => (d as HTMLDialogElement).open);
const focusInDialog = (page: Page) => page.evaluate((s) => !!document.querySelector(s)?.contains(document.activeElement), dialog);
const shown = (text: string) => text.replace(/\u00a0/g, ' ');

async function openLesson(width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: width > 800 ? 900 : 844 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(`${width}px: ${err.message}`));
  await page.goto(t.url(lessonUrl));
  await page.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 90_000 });
  await page.waitForSelector('.kc-editor-host .monaco-editor', { timeout: 30_000 });
  await page.waitForSelector('.kc-lab [data-file-action="new"]:not([disabled])', { timeout: 30_000 });
  return page;
}

/** The open dialog is centred in the viewport and fits in it. */
async function expectCentred(page: Page, width: number) {
  const vp = page.viewportSize()!;
  const b = (await page.locator(dialog).boundingBox())!;
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(width);
  expect(Math.abs(b.x + b.width / 2 - vp.width / 2)).toBeLessThanOrEqual(2);
  expect(Math.abs(b.y + b.height / 2 - vp.height / 2)).toBeLessThanOrEqual(2);
}

describe.each(widths)('the file list at %i px', (width) => {
  let page: Page;
  /** Another tab on the same lab (at the desktop width). */
  let other: Page | undefined;
  const folderFile = `k8s/notes-${width}.yaml`;
  const renamed = `notes-${width}.yaml`;

  beforeAll(async () => {
    page = await openLesson(width);
    if (width > 800) {
      other = await page.context().newPage();
      other.on('pageerror', (err) => pageErrors.push(`other tab: ${err.message}`));
      await other.goto(t.url(lessonUrl));
      await other.waitForSelector('.kc-editor-host .monaco-editor', { timeout: 90_000 });
    }
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('fits the file actions in the viewport, each a labelled button', async () => {
    for (const [action, name] of [['new', 'New file'], ['rename', 'Rename app/server.js'], ['delete', 'Delete app/server.js']] as const) {
      const button = page.getByRole('button', { name, exact: true });
      expect(await button.getAttribute('data-file-action')).toBe(action);
      const b = (await button.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(width);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });

  it('creates a file through a centred, focus-trapped dialog that refuses a bad name and cancels with Escape', async () => {
    await page.getByRole('button', { name: 'New file', exact: true }).click();
    expect(await dialogOpen(page)).toBe(true);
    await expectCentred(page, width);
    expect(await page.evaluate((s) => document.activeElement === document.querySelector(s), nameInput)).toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab');
      expect(await focusInDialog(page)).toBe(true);
    }

    await page.locator(nameInput).fill('../escape.yaml');
    await page.locator(nameInput).press('Enter');
    await expect.poll(() => page.locator(`${dialog} [data-kc-file-error]`).innerText()).toBe('Cannot use that name: "../escape.yaml" contains "." or ".." as a folder; files stay inside the workspace.');
    expect(await dialogOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    expect(await dialogOpen(page)).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.fileAction)).toBe('new');
    expect(existsSync(join(t.workspaces, 'escape.yaml'))).toBe(false);

    await page.getByRole('button', { name: 'New file', exact: true }).click();
    await page.locator(nameInput).fill(folderFile);
    await page.locator(nameInput).press('Enter');
    await expect.poll(() => dialogOpen(page)).toBe(false);
    expect(await selectedTab(page)).toBe(folderFile);
    expect(await readFile(onDisk(folderFile), 'utf8')).toBe('');
    // The new file is edited and saved like the others.
    await page.locator('.kc-editor-host .view-lines').click();
    await page.keyboard.type('kind: ConfigMap');
    await expect.poll(() => readFile(onDisk(folderFile), 'utf8'), { timeout: 15_000 }).toBe('kind: ConfigMap');
    if (other) await expect.poll(() => tabNames(other!), { timeout: 15_000 }).toContain(folderFile);
  });

  it('renames the file shown, keeping its text', async () => {
    await page.getByRole('button', { name: `Rename ${folderFile}`, exact: true }).click();
    await expectCentred(page, width);
    expect(await page.locator(nameInput).inputValue()).toBe(folderFile);
    await page.locator(nameInput).fill(renamed);
    await page.locator(`${dialog} [data-kc-file-ok]`).click();
    await expect.poll(() => dialogOpen(page)).toBe(false);
    expect(await selectedTab(page)).toBe(renamed);
    expect(await tabNames(page)).not.toContain(folderFile);
    expect(await readFile(onDisk(renamed), 'utf8')).toBe('kind: ConfigMap');
    expect(existsSync(onDisk(folderFile))).toBe(false);
    await expect.poll(async () => shown(await page.locator('.kc-editor-host .view-lines').innerText())).toBe('kind: ConfigMap');
    if (other) {
      await expect.poll(() => tabNames(other!), { timeout: 15_000 }).toContain(renamed);
      expect(await tabNames(other)).not.toContain(folderFile);
    }
  });

  it('does not delete a file changed elsewhere since the pane loaded it, and says so', async () => {
    // A tab in the background does not poll: the terminal's change is not seen before Delete.
    await page.evaluate(() => Object.defineProperty(document, 'hidden', { configurable: true, get: () => true }));
    await writeFile(onDisk(renamed), 'kind: Secret\n');
    await page.getByRole('button', { name: `Delete ${renamed}`, exact: true }).click();
    await page.locator(`${dialog} [data-kc-file-ok]`).click();
    await expect
      .poll(() => page.locator(`${dialog} [data-kc-file-error]`).innerText())
      .toBe(`"${renamed}" was changed elsewhere (another tab or the terminal) since this editor loaded it; it was not deleted (look at its current text, then try again).`);
    expect(await readFile(onDisk(renamed), 'utf8')).toBe('kind: Secret\n');
    await page.keyboard.press('Escape');
    await page.evaluate(() => delete (document as { hidden?: boolean }).hidden);
    // The pane then shows what is on disk.
    await expect.poll(async () => shown(await page.locator('.kc-editor-host .view-lines').innerText()), { timeout: 15_000 }).toBe('kind: Secret');
  });

  it('deletes the file only once confirmed, from every tab', async () => {
    await page.getByRole('button', { name: `Delete ${renamed}`, exact: true }).click();
    expect(await page.locator(`${dialog} [data-kc-file-title]`).innerText()).toBe(`Delete ${renamed}?`);
    await expectCentred(page, width);
    // Cancel has the focus: Enter or Escape keeps the file.
    expect(await page.evaluate(() => (document.activeElement as HTMLButtonElement | null)?.value)).toBe('cancel');
    await page.keyboard.press('Escape');
    expect(await dialogOpen(page)).toBe(false);
    expect(existsSync(onDisk(renamed))).toBe(true);

    await page.getByRole('button', { name: `Delete ${renamed}`, exact: true }).click();
    await page.locator(`${dialog} [data-kc-file-ok]`).click();
    await expect.poll(() => dialogOpen(page)).toBe(false);
    expect(existsSync(onDisk(renamed))).toBe(false);
    expect(await tabNames(page)).not.toContain(renamed);
    expect(await selectedTab(page)).toBe('app/server.js');
    if (other) await expect.poll(() => tabNames(other!), { timeout: 15_000 }).not.toContain(renamed);
  });
});

describe('the pages', () => {
  it('raised no errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
