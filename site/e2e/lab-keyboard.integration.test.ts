import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClusterLabPage, type ClusterLabPage } from './test-server.ts';

/**
 * One lab, run with the keyboard only (Tab and Enter): reach Check from the top
 * of the page and press it, read the failure, open the hint that unlocked.
 * Runs against the lab cluster in its own namespace. Editing, the dialogs and
 * answering, through a whole lab that needs no environment, are in
 * lab-keyboard-quiz.integration.test.ts.
 */
let lab: ClusterLabPage;
let page: Page;

beforeAll(async () => {
  lab = await startClusterLabPage({ namespacePrefix: 'e2e-keyboard-', labId: 'configmaps-and-secrets' });
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

const focused = (selector: string) => page.evaluate((s) => !!document.activeElement?.matches(s), selector);

/** Press Tab (or Shift+Tab) until `selector` has the focus; fails after `max` presses. */
async function tabTo(selector: string, { back = false, max = 400 } = {}): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    if (await focused(selector)) return i;
  }
  throw new Error(`${max} × ${back ? 'Shift+Tab' : 'Tab'} never reached ${selector}`);
}

describe('a lab, keyboard only', () => {
  it('checks, explains and opens a hint without a mouse', async () => {
    await lab.open('/kubernetes/configmaps-and-secrets/');
    await page.waitForSelector('.kc-editor-host .monaco-editor', { timeout: 30_000 });

    // Check, from the top of the page.
    await tabTo('.kc-lab [data-action="check"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-kc-summary]').innerText(), { timeout: 60_000 }).toMatch(/^Checked: 0 of \d+ passing\./);

    // The failure reads on the task, and its first hint opens with Enter.
    const task = page.locator('.kc-task[data-task="create-configmap"]');
    await expect.poll(() => task.locator('[data-result]').isVisible()).toBe(true);
    expect(await task.locator('[data-result]').innerText()).toContain('ConfigMap "app-config"');
    const hint = '.kc-task[data-task="create-configmap"] [data-action="hint"]';
    await expect.poll(() => page.locator(hint).isEnabled()).toBe(true);
    await tabTo(hint);
    await page.keyboard.press('Enter');
    await expect.poll(() => task.locator('[data-hints] li').count()).toBe(1);
    expect(await task.locator('[data-hints] li').first().innerText()).toContain('--from-env-file=app.env');
  });

  it('raised no errors in the page', () => {
    expect(lab.pageErrors).toEqual([]);
  });
});
