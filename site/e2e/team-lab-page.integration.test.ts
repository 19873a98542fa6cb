import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTeamLabs } from '../../checker/labs/testing/team-labs.ts';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer, noEngineProbes } from './test-server.ts';

/**
 * A team's own lab (`--labs-dir`) in the browser, on its on-demand page
 * `/labs/<id>/`: the pane opens and its question passes, and the team's track
 * at `/tracks/team/<id>/` shows it completed. The server is told no
 * engine is running; the quiz needs none.
 */

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-e2e-team-'));
let t: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  t = await startTestServer({
    namespacePrefix: 'e2e-team-',
    labsDir: writeTeamLabs(join(tmp, 'team')),
    probes: noEngineProbes(),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a team’s lab on /labs/<id>/', () => {
  it('opens the pane, and its question passes when answered', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(t.url('/labs/team-quiz/'));
    await page.waitForSelector('.kc-lab[data-kc-lab="team-quiz"][data-state="interactive"][data-workable="true"]', { timeout: 90_000 });
    expect(await page.locator('.kc-lab-title').innerText()).toContain('Quiz: our deploy pipeline');
    const task = page.locator('.kc-task[data-task="registry"]');
    await task.locator('input[name="answer"]').fill('registry.example.com');
    await task.locator('input[name="answer"]').press('Enter');
    await expect.poll(() => task.getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');

    // The team's track checklist knows it is done, and what is next.
    await page.goto(t.url('/tracks/team/team-onboarding/'));
    const item = page.locator('.kc-track li[data-lab="team-quiz"]');
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 15_000 }).toBe('completed');
    expect(await page.locator('.kc-track li[data-lab="image-security"]').getAttribute('data-status')).toBe('not-started');
    expect(await page.locator('[data-kc-track-next] a').getAttribute('href')).toBe('/containers/image-security/');
    expect(await page.locator('[data-kc-track-ci]').innerText()).toContain('--labs-dir ');
    expect(pageErrors).toEqual([]);
  });
});
