import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultProbes } from '../server/environment-status.ts';
import { launchChromium } from './chromium.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * axe-core over the home page, a lesson with its lab pane, the progress page
 * and a track page, in headless Chromium at a desktop and a phone width: no
 * serious or critical violations. The server is told the cluster is down
 * (nothing touches a namespace; the pane shows its notice, which is checked too).
 */
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const pages = ['/', '/kubernetes/pods/', '/progress/', '/tracks/kubernetes-onboarding/'];

let t: TestServer;
let browser: Browser;

beforeAll(async () => {
  const real = defaultProbes(process.env);
  t = await startTestServer({ namespacePrefix: 'e2e-a11y-', probes: { ...real, readClusterState: async () => null } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.each([1440, 390])('accessibility at %i px', (width) => {
  it.each(pages)('%s has no serious or critical axe violations', async (path) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(t.url(path));
      if (path.includes('/kubernetes/pods/')) {
        await page.waitForSelector('.kc-lab[data-state="interactive"]', { timeout: 90_000 });
        // The terminal's own notices are grey text: give the one about the cluster being down a moment
        // to be written, so its contrast is checked too (CI once caught a dim notice at 2.47:1).
        await page.waitForFunction(() => /the\s+shell\s+starts/.test(document.querySelector('.xterm-rows')?.textContent ?? ''), undefined, { timeout: 10_000 }).catch(() => {});
      }
      await page.addScriptTag({ path: axePath });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact?: string; help: string; nodes: { target: unknown[]; any?: { data?: unknown }[] }[] }[] }> } }).axe;
        // Starlight's search button shows its shortcut (Ctrl K) beside "Search" and names it with
        // aria-keyshortcuts instead, which this rule does not take into account.
        const result = await axe.run(document, { resultTypes: ['violations'] });
        const starlightSearch = (v: { id: string }, n: { target: unknown[] }) => v.id === 'label-content-name-mismatch' && JSON.stringify(n.target) === '["button[data-open-modal=\\"\\"]"]';
        return result.violations
          .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !starlightSearch(v, n)) }))
          .filter((v) => v.nodes.length > 0 && (v.impact === 'serious' || v.impact === 'critical'))
          .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => `${JSON.stringify(n.target)}${n.any?.[0]?.data ? ` ${JSON.stringify(n.any[0].data)}` : ''}`).slice(0, 5).join(', ')}`);
      });
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
