import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { ContextError } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';

/** What the site build reads, relative to the project root (lab pages render their lab.yaml's tasks). */
export const siteSources = ['astro.config.mjs', 'package-lock.json', 'lessons', 'site', 'labs'];

/** Changes here do not change the built site (the server is run from source). */
export function isBuildInput(relPath: string): boolean {
  const p = relPath.split('\\').join('/');
  if (p.startsWith('site/server/')) return false;
  if (p.startsWith('labs/')) return p.endsWith('/lab.yaml');
  if (/\.test\.ts$/.test(p)) return false;
  return true;
}

export function buildPaths(root: string) {
  const dist = join(root, 'dist');
  return {
    dist,
    client: join(dist, 'client'),
    serverEntry: join(dist, 'server', 'entry.mjs'),
    /** Written after a successful build; its time is the build's. */
    stamp: join(dist, '.kubecamp-build.json'),
  };
}

async function newestMtime(root: string, entry: string): Promise<{ mtimeMs: number; path?: string }> {
  const full = join(root, entry);
  const st = await stat(full).catch(() => null);
  if (!st) return { mtimeMs: 0 };
  if (!st.isDirectory()) return isBuildInput(entry) ? { mtimeMs: st.mtimeMs, path: entry } : { mtimeMs: 0 };
  let newest: { mtimeMs: number; path?: string } = { mtimeMs: 0 };
  for (const child of await readdir(full, { withFileTypes: true })) {
    if (child.name.startsWith('.') || child.name === 'node_modules') continue;
    const found = await newestMtime(root, relative(root, join(full, child.name)));
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest;
}

/** Why the site must be (re)built, or undefined when `dist/` is up to date. */
export async function whySiteIsStale(root: string): Promise<string | undefined> {
  const p = buildPaths(root);
  if (!existsSync(p.serverEntry) || !existsSync(p.client)) return 'the site has not been built yet';
  // A build by `npm run build` writes no stamp; its pages are written last.
  const built = (await stat(p.stamp).catch(() => null)) ?? (await stat(join(p.client, 'index.html')).catch(() => null));
  if (!built) return 'the last build did not finish';
  let newest: { mtimeMs: number; path?: string } = { mtimeMs: 0 };
  for (const source of siteSources) {
    const found = await newestMtime(root, source);
    if (found.mtimeMs > newest.mtimeMs) newest = found;
  }
  return newest.mtimeMs > built.mtimeMs ? `${newest.path} changed since the last build` : undefined;
}

function astroCli(root: string): string {
  const require = createRequire(join(root, 'package.json'));
  return join(dirname(require.resolve('astro/package.json')), 'astro.js');
}

/**
 * Build the site with `astro build` when `dist/` is missing or older than its
 * sources (or always, with `force`), printing Astro's progress.
 */
export async function ensureSiteBuilt(options: { root: string; env?: NodeJS.ProcessEnv; logger?: Logger; force?: boolean }): Promise<boolean> {
  const logger = options.logger ?? noopLogger;
  const why = options.force ? 'a rebuild was asked for' : await whySiteIsStale(options.root);
  if (!why) return false;
  logger.info(`building the site: ${why}`);
  await timedStep(logger, 'astro build', async (step) => {
    try {
      await exec(process.execPath, [astroCli(options.root), 'build'], {
        cwd: options.root,
        // No telemetry: the machine may be offline, and the learner did not ask for it.
        env: { ...(options.env ?? process.env), ASTRO_TELEMETRY_DISABLED: '1' },
        onLine: (line) => {
          const text = line.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
          if (text.trim()) step.progress(text.trim());
        },
      });
    } catch (err) {
      throw new ContextError('building the site with astro build', { cause: err, fix: 'fix the error above, then run `npm run build` to check' });
    }
    await writeFile(buildPaths(options.root).stamp, `${JSON.stringify({ builtAt: new Date().toISOString() })}\n`);
  });
  return true;
}
