import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository folder: the nearest folder above `from` with a package.json.
 * Found by walking up, not by a fixed number of `..`, because the same code
 * also runs compiled from dist-cli/ (see scripts/cli-build).
 */
export function findRepoRoot(from: string): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
}
