import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClusterLabPage, type ClusterLabPage } from './test-server.ts';

/**
 * A learner makes the configmaps-and-secrets lab's best-known mistake
 * (`--from-file` instead of `--from-env-file`) in the terminal: the task says
 * why, and names the mistake, live, without pressing Check; the live failure
 * counts as an attempt. Runs against the lab cluster in its own namespace.
 */
let lab: ClusterLabPage;
let page: Page;

const shown = (text: string) => text.replace(/\u00a0/g, ' ');

beforeAll(async () => {
  lab = await startClusterLabPage({ namespacePrefix: 'e2e-explain-', labId: 'configmaps-and-secrets' });
  page = lab.page;
});

afterAll(async () => {
  await lab?.close();
});

describe('live explanations', () => {
  it('explains a known mistake as soon as the learner makes it, naming it, with no Check', async () => {
    await lab.open('/kubernetes/configmaps-and-secrets/');
    await page.waitForFunction(() => document.querySelector('[data-kc-term-state]')?.textContent?.includes('connected'), null, { timeout: 30_000 });
    // A clean start: a fresh namespace.
    await page.locator('[data-action="reset"]').click();
    await page.locator('[data-kc-reset-dialog] button[value="reset"]').click();
    await expect.poll(() => page.locator('[data-kc-summary]').innerText(), { timeout: 120_000 }).toContain('The lab was reset.');
    await page.waitForFunction(() => document.querySelector('[data-kc-term-state]')?.textContent?.includes('connected'), null, { timeout: 30_000 });

    const task = page.locator('.kc-task[data-task="create-configmap"]');
    await page.waitForSelector('.kc-task[data-task="create-configmap"][data-status="fail"]', { timeout: 60_000 });
    // Not touched yet: the starter's failure stays quiet.
    expect(await task.locator('[data-result]').isHidden()).toBe(true);

    await page.locator('.kc-terminal-host').click();
    await page.keyboard.type('kubectl create configmap app-config --from-file=app.env');
    await page.keyboard.press('Enter');

    await expect.poll(async () => shown(await task.locator('[data-result]').innerText()), { timeout: 60_000 }).toContain('Common mistake');
    const result = shown(await task.locator('[data-result]').innerText());
    // The message names the cause, not only the symptom.
    expect(result).toContain('data.LOG_LEVEL is not set, expected "info": the ConfigMap has keys [app.env]; expected LOG_LEVEL, CACHE_TTL — use --from-env-file');
    expect(result).toContain('Created the ConfigMap with --from-file, which stores the whole file under one key named app.env instead of one key per line. Hint 2 is about this.');
    expect(await page.locator('[data-kc-summary]').innerText()).not.toContain('Checked:');
    // The live failure is an attempt; the hint that fits can be opened.
    await expect
      .poll(async () => JSON.parse(await readFile(lab.t.progressFile, 'utf8').catch(() => '{}')).labs?.['configmaps-and-secrets']?.tasks?.['create-configmap']?.attempts ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1);
    await task.locator('[data-action="hint"]').click();
    await expect.poll(() => task.locator('[data-action="hint"]').innerText()).toBe('Show hint 2 of 2');
    expect(await task.locator('[data-action="hint"]').isEnabled()).toBe(true);
  });

  it('raised no errors in the page', () => {
    expect(lab.pageErrors).toEqual([]);
  });
});
