import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer, noEngineProbes } from './test-server.ts';

/**
 * A whole lab with the keyboard only (Tab, Shift+Tab, Enter, Escape and
 * typing; no mouse), on a lab that needs no environment (image-security, a
 * quiz): reach the editor and edit answers.yaml, leave it with Escape, open
 * the solution and reset dialogs (focus stays inside, Escape closes them and
 * gives focus back), and answer a question until its task passes. The server
 * is told no engine is running, so nothing here touches a cluster or Docker.
 */

let t: TestServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestServer({
    namespacePrefix: 'e2e-keyquiz-',
    probes: noEngineProbes(),
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const focused = (selector: string) => page.evaluate((s) => !!document.activeElement?.matches(s), selector);
const activeDescription = () => page.evaluate(() => {
  const a = document.activeElement;
  return a ? `${a.tagName.toLowerCase()}${a.id ? `#${a.id}` : ''}.${[...a.classList].join('.')}` : 'nothing';
});

const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.kc-editor-host .monaco-editor'));

/**
 * Press Tab (or Shift+Tab) until `selector` has the focus; fails after `max` presses. Tab and
 * Shift+Tab indent in the editor, so a keyboard user who lands there leaves it the way it announces
 * (its name and the note under it say so): Escape, to the file tab.
 */
async function tabTo(selector: string, { back = false, max = 400 } = {}): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press((await inEditor()) ? 'Escape' : back ? 'Shift+Tab' : 'Tab');
    if (await focused(selector)) return i;
  }
  throw new Error(`${max} × ${back ? 'Shift+Tab' : 'Tab'} never reached ${selector} (focus is on ${await activeDescription()})`);
}

// Monaco takes typing in an EditContext element in Chromium, a textarea elsewhere.
const editorInput = '.kc-lab .kc-editor-host .native-edit-context, .kc-lab .kc-editor-host textarea.inputarea';
const fileTab = '.kc-lab .kc-editor [role="tab"][aria-selected="true"]';

describe('a quiz lab, keyboard only', () => {
  it('opens with the file tab and the editor reachable by Tab', async () => {
    await page.goto(t.url('/containers/image-security/'));
    await page.waitForSelector('.kc-lab[data-state="interactive"][data-workable="true"]', { timeout: 90_000 });
    await page.waitForSelector('.kc-editor-host .monaco-editor', { timeout: 30_000 });
    await tabTo(fileTab);
    expect(await page.locator(fileTab).innerText()).toBe('answers.yaml');
    await page.keyboard.press('Tab');
    expect(await focused(editorInput), `focus is on ${await activeDescription()}`).toBe(true);
    // What a screen reader reads on entering, and the note under the editor, say how to leave it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain('Escape leaves it for the file tab');
    expect(await page.locator('.kc-lab .kc-editor .kc-pane-foot').innerText()).toContain('Escape leaves it (to the file tab)');
  });

  it('edits answers.yaml by typing, and the task it answers passes', async () => {
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('sbom: SBOM');
    await expect.poll(() => page.locator('[data-kc-save]').innerText(), { timeout: 15_000 }).toMatch(/saved/i);
    await expect.poll(() => page.locator('.kc-task[data-task="sbom"]').getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
  });

  it('leaves the editor with Escape, back on the file tab', async () => {
    await page.keyboard.press('Escape');
    expect(await focused(fileTab)).toBe(true);
  });

  it('opens the solution dialog with Enter, keeps Tab inside it, closes it with Escape and gives focus back', async () => {
    const open = '.kc-lab [data-action="solution"]';
    await tabTo(open, { back: true });
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-kc-solution-dialog]');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-kc-solution-dialog]')), `focus left the dialog after ${i + 1} presses: ${await activeDescription()}`).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect(await focused(open)).toBe(true);
  });

  it('opens the reset dialog on Cancel, keeps Tab inside, and Escape resets nothing', async () => {
    const open = '.kc-lab [data-action="reset"]';
    await tabTo(open);
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-kc-reset-dialog]');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(true);
    expect(await focused('[data-kc-reset-dialog] button[value="cancel"]')).toBe(true);
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('[data-kc-reset-dialog]'))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d: HTMLDialogElement) => d.open)).toBe(false);
    expect(await focused(open)).toBe(true);
    expect(await page.locator('.kc-task[data-task="sbom"]').getAttribute('data-status')).toBe('pass');
  });

  it('answers a question in its field with Enter, and the task passes', async () => {
    const input = '.kc-task[data-task="scan-gate"] input[name="answer"]';
    await tabTo(input, { back: true });
    await page.keyboard.type('--exit-code 1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.kc-task[data-task="scan-gate"]').getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
