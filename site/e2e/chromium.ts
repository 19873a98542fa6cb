import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { ContextError } from '../../checker/lib/errors.ts';

/** Debian's chromium; Playwright's own browser downloads are never used. */
export const chromiumPath = process.env.KUBECAMP_CHROMIUM ?? '/usr/bin/chromium';

/** Headless Chromium for end-to-end tests and benchmarks. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new ContextError(`no Chromium at ${chromiumPath}`, { fix: 'apt-get install -y chromium (or set KUBECAMP_CHROMIUM to a Chromium binary)' });
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-gpu'],
  });
}
