import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confinePath } from './confine-path.ts';
import { HttpError } from './http-error.ts';

let base: string;
let root: string;
let outside: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'kubecamp-confine-')));
  root = join(base, 'workspace');
  outside = join(base, 'outside');
  await mkdir(join(root, 'app', 'src'), { recursive: true });
  await mkdir(outside, { recursive: true });
  await writeFile(join(root, 'app', 'Dockerfile'), 'FROM alpine\n');
  await writeFile(join(outside, 'secret'), 'no\n');
  await symlink(join(root, 'app'), join(root, 'app-link'));
  await symlink('src', join(root, 'app', 'src-relative'));
  await symlink(outside, join(root, 'escape'));
  await symlink(join(outside, 'secret'), join(root, 'secret-link'));
  await symlink(join(outside, 'not-yet'), join(root, 'dangling-out'));
  await symlink(join(root, 'app', 'later'), join(root, 'dangling-in'));
  await symlink('loop-b', join(root, 'loop-a'));
  await symlink('loop-a', join(root, 'loop-b'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function refusal(relPath: string): Promise<string> {
  const err = await confinePath(root, relPath).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HttpError);
  expect((err as HttpError).status).toBe(400);
  return (err as HttpError).message;
}

describe('confinePath', () => {
  it('resolves paths inside the workspace, existing or not', async () => {
    expect(await confinePath(root, 'app/Dockerfile')).toBe(join(root, 'app', 'Dockerfile'));
    expect(await confinePath(root, 'app/new/deep/file.yaml')).toBe(join(root, 'app', 'new', 'deep', 'file.yaml'));
    expect(await confinePath(root, './app//Dockerfile')).toBe(join(root, 'app', 'Dockerfile'));
    expect(await confinePath(root, '.')).toBe(root);
  });

  it('follows symlinks that stay inside', async () => {
    expect(await confinePath(root, 'app-link/Dockerfile')).toBe(join(root, 'app', 'Dockerfile'));
    expect(await confinePath(root, 'app/src-relative/main.go')).toBe(join(root, 'app', 'src', 'main.go'));
    expect(await confinePath(root, 'dangling-in')).toBe(join(root, 'app', 'later'));
  });

  it('refuses empty paths, NUL bytes and absolute paths', async () => {
    expect(await refusal('')).toBe('path is empty');
    expect(await refusal('app/\0Dockerfile')).toBe('path contains a NUL byte');
    expect(await refusal('/etc/passwd')).toBe('path "/etc/passwd" is absolute; send it relative to the workspace');
    expect(await refusal('C:\\Windows')).toBe('path "C:\\Windows" is absolute; send it relative to the workspace');
  });

  it('refuses .. segments, even ones that would land back inside', async () => {
    expect(await refusal('../outside/secret')).toBe('path "../outside/secret" contains "..": it must stay inside the workspace');
    expect(await refusal('app/../app/Dockerfile')).toBe('path "app/../app/Dockerfile" contains "..": it must stay inside the workspace');
    expect(await refusal('app\\..\\..\\x')).toBe('path "app\\..\\..\\x" contains "..": it must stay inside the workspace');
  });

  it('refuses symlinks that lead outside, existing or dangling', async () => {
    expect(await refusal('escape/secret')).toBe('path "escape/secret" leads outside the workspace through a symlink');
    expect(await refusal('escape/new-file')).toBe('path "escape/new-file" leads outside the workspace through a symlink');
    expect(await refusal('secret-link')).toBe('path "secret-link" leads outside the workspace through a symlink');
    expect(await refusal('dangling-out')).toBe('path "dangling-out" leads outside the workspace through a symlink');
  });

  it('refuses symlink loops', async () => {
    expect(await refusal('loop-a/x')).toBe('path "loop-a/x" goes through a symlink loop');
  });
});
