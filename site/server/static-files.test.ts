import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticFilePath } from './static-files.ts';

describe('staticFilePath', () => {
  const root = '/srv/dist/client';

  it('maps URL paths to files under the root', () => {
    expect(staticFilePath(root, '/')).toBe(root);
    expect(staticFilePath(root, '/containers/what-is-a-container/')).toBe(join(root, 'containers', 'what-is-a-container'));
    expect(staticFilePath(root, '/_astro/page.B1D-nYk3.js')).toBe(join(root, '_astro', 'page.B1D-nYk3.js'));
    expect(staticFilePath(root, '/a%20b.svg')).toBe(join(root, 'a b.svg'));
  });

  it('refuses traversal, dot-files, NUL bytes, backslashes and bad escapes', () => {
    for (const p of ['/../etc/passwd', '/%2e%2e/package.json', '/.env', '/x/%00', '/..%5c..%5cx', '/%E0%A4%A']) {
      expect(staticFilePath(root, p)).toBeUndefined();
    }
  });
});
