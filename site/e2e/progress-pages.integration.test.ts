import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbes } from '../server/environment-status.ts';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * The progress page and the track pages in headless Chromium, with progress
 * seeded in the browser's storage. The server is told the cluster is down: no
 * lab is opened, so nothing touches a namespace.
 */
let t: TestServer;
let browser: Browser;
const pageErrors: string[] = [];

const seeded = {
  version: 1,
  labs: {
    pods: { activeMs: 12 * 60_000, tasks: { 'create-pod': { done: true, attempts: 1, hintsShown: 1, doneAt: '2026-03-01T10:00:00.000Z' } } },
    services: { tasks: { 'cluster-ip': { done: true, attempts: 0, hintsShown: 0, doneAt: '2026-03-01T11:00:00.000Z' } } },
    'kubernetes-architecture': { tasks: {}, completedAt: '2026-02-28T10:00:00.000Z', activeMs: 75 * 60_000 },
  },
};

beforeAll(async () => {
  const real = defaultProbes(process.env);
  t = await startTestServer({ namespacePrefix: 'e2e-progress-', probes: { ...real, readClusterState: async () => null } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

async function open(path: string, width = 1440): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  await context.addInitScript((p) => {
    if (!localStorage.getItem('kubecamp:seeded')) {
      localStorage.setItem('kubecamp:progress', p);
      localStorage.setItem('kubecamp:seeded', 'yes');
    }
  }, JSON.stringify(seeded));
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(t.url(path));
  return page;
}

describe('the progress page', () => {
  it('lists the labs in course order with the sidebar titles, and resets one lab', async () => {
    const page = await open('/progress/');
    try {
      const rows = await page.locator('table.kc-progress tbody th a').allInnerTexts();
      // The sidebar's lesson links, in its order, for the lessons that have a lab.
      const hrefs = await page.locator('table.kc-progress tbody th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      const sidebar = await page.locator('#starlight__sidebar a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), text: a.textContent!.trim() })));
      const inSidebar = sidebar.filter((l) => hrefs.includes(l.href));
      expect(rows).toEqual(inSidebar.map((l) => l.text));
      expect(rows.length).toBeGreaterThanOrEqual(28);
      expect(rows.slice(0, 2)).toEqual(['What is a container?', 'Linux namespaces']);

      const services = page.locator('tr[data-lab="services"]');
      await expect.poll(() => services.locator('[data-cell="tasks"]').innerText()).toMatch(/^1 of \d+$/);
      page.once('dialog', (d) => void d.accept());
      await services.getByRole('button', { name: 'Reset progress of Services' }).click();
      await expect.poll(() => services.locator('[data-cell="tasks"]').innerText()).toMatch(/^0 of \d+$/);
      expect(await services.getAttribute('data-status')).toBe('not-started');
      // The server's copy has the reset too.
      await expect.poll(async () => JSON.parse(await readFile(t.progressFile, 'utf8').catch(() => '{}')).labs?.services?.resetAt, { timeout: 10_000 }).toBeTruthy();
    } finally {
      await page.context().close();
    }
  });
});

describe('a track page', () => {
  it('is a checklist in course order with status, next up, an export and the CI command', async () => {
    const page = await open('/tracks/kubernetes-onboarding/');
    try {
      const items = page.locator('ol.kc-track li');
      expect(await items.locator('a').first().innerText()).toBe('Kubernetes architecture');
      await expect.poll(() => page.locator('li[data-lab="kubernetes-architecture"]').getAttribute('data-status')).toBe('completed');
      await expect.poll(() => page.locator('li[data-lab="pods"] [data-cell="status"]').innerText()).toMatch(/^in progress, 1 of \d+ tasks, 12 min$/);
      expect(await page.locator('[data-kc-track-next]').innerText()).toMatch(/^1 of 16 labs completed, 1 h 27 min spent\. Next up: Pods$/);
      const markdown = await page.locator('[data-kc-track-export]').inputValue();
      expect(markdown.split('\n').slice(0, 4)).toEqual([
        '### Kubernetes onboarding: 1 of 16 labs completed',
        '',
        `- [x] [Kubernetes architecture](${t.base}/kubernetes/kubernetes-architecture/) (completed 2026-02-28, 1 h 15 min)`,
        expect.stringMatching(/^- \[ \] \[Pods\]\(.*\/kubernetes\/pods\/\) \(in progress, 1 of \d+ tasks, 12 min\)$/),
      ]);
      await page.locator('[data-action="export"][data-format="json"]').click();
      const json = JSON.parse(await page.locator('[data-kc-track-export]').inputValue());
      expect(json).toMatchObject({ track: 'kubernetes-onboarding', completed: 1, total: 16, nextUp: 'pods', timeSpentMinutes: 87, ci: 'npm run labs -- track kubernetes-onboarding --junit report.xml' });
      expect(await page.locator('[data-kc-track-ci]').innerText()).toBe('npm run labs -- track kubernetes-onboarding --junit report.xml');
    } finally {
      await page.context().close();
    }
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
