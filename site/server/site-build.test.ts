import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPaths, isBuildInput, whySiteIsStale } from './site-build.ts';

describe('isBuildInput', () => {
  it('leaves out the server and tests, which the build does not read', () => {
    expect(isBuildInput('lessons/kubernetes/pods.mdx')).toBe(true);
    expect(isBuildInput('site/components/Banner.astro')).toBe(true);
    expect(isBuildInput('site/server/server.ts')).toBe(false);
    expect(isBuildInput('site/schemas/lesson-frontmatter.test.ts')).toBe(false);
  });

  it('takes lab.yaml files (lab pages render their tasks) but not a lab\'s other files', () => {
    expect(isBuildInput('labs/pods/lab.yaml')).toBe(true);
    expect(isBuildInput('labs/pods/starter/pod.yaml')).toBe(false);
  });
});

describe('whySiteIsStale', () => {
  let root: string;
  const at = (s: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + s * 1000);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'kubecamp-build-'));
    await mkdir(join(root, 'lessons', 'containers'), { recursive: true });
    await mkdir(join(root, 'site', 'server'), { recursive: true });
    await writeFile(join(root, 'astro.config.mjs'), '');
    await writeFile(join(root, 'lessons', 'containers', 'a.mdx'), '');
    await writeFile(join(root, 'site', 'server', 'server.ts'), '');
    for (const f of ['astro.config.mjs', 'lessons/containers/a.mdx', 'site/server/server.ts']) await utimes(join(root, f), at(0), at(0));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function build(time: number) {
    const p = buildPaths(root);
    await mkdir(join(p.dist, 'server'), { recursive: true });
    await mkdir(p.client, { recursive: true });
    await writeFile(p.serverEntry, '');
    await writeFile(p.stamp, '{}');
    await utimes(p.stamp, at(time), at(time));
  }

  it('asks for a build when there is none', async () => {
    expect(await whySiteIsStale(root)).toBe('the site has not been built yet');
  });

  it('is up to date when no source changed since the build', async () => {
    await build(10);
    expect(await whySiteIsStale(root)).toBeUndefined();
  });

  it('names the source that changed', async () => {
    await build(10);
    await utimes(join(root, 'lessons', 'containers', 'a.mdx'), at(20), at(20));
    expect(await whySiteIsStale(root)).toBe('lessons/containers/a.mdx changed since the last build');
  });

  it('ignores changes to the server', async () => {
    await build(10);
    await utimes(join(root, 'site', 'server', 'server.ts'), at(20), at(20));
    expect(await whySiteIsStale(root)).toBeUndefined();
  });
});
