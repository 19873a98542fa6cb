import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileError } from './file-errors.ts';
import { HttpError } from './http-error.ts';
import { refusal } from './testing/refusal.ts';
import { readWorkspaceFile, saveAnswer, writeWorkspaceFile } from './workspace-files.ts';

let base: string;
let ws: string;
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'kubecamp-wsfiles-')));
  ws = join(base, 'workspace');
  await mkdir(join(ws, 'app'), { recursive: true });
  await writeFile(join(ws, 'app', 'Dockerfile'), 'FROM alpine\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Refusals of this workspace must not reveal where it is. */
const refused = (fn: () => Promise<unknown>) => refusal(fn, base);

describe('workspace files', () => {
  it('answers a too long name with a 400 naming the limit, not a 500 with the server path', async () => {
    const long = 'a'.repeat(300);
    const expected = { status: 400, message: `name too long: "${'a'.repeat(40)}…" is 300 bytes; file and folder names are at most 255 bytes` };
    expect(await refused(() => writeWorkspaceFile(ws, long, 'x'))).toEqual(expected);
    expect(await refused(() => readWorkspaceFile(ws, `app/${long}`))).toEqual(expected);
    expect(await refused(() => readWorkspaceFile(ws, 'a/'.repeat(600)))).toEqual({ status: 400, message: 'path is too long (1200 bytes); paths in the workspace are at most 1024 bytes' });
    await writeWorkspaceFile(ws, 'b'.repeat(255), 'fits\n');
    expect(await readWorkspaceFile(ws, 'b'.repeat(255))).toBe('fits\n');
  });

  it('answers a path through a file, or a folder, with a 4xx that names only the relative path', async () => {
    expect(await refused(() => writeWorkspaceFile(ws, 'app/Dockerfile/x.yaml', 'x'))).toEqual({ status: 409, message: 'cannot save "app/Dockerfile/x.yaml": a part of its path is a file, not a folder' });
    expect(await refused(() => readWorkspaceFile(ws, 'app/Dockerfile/x.yaml'))).toEqual({ status: 404, message: 'there is no file "app/Dockerfile/x.yaml" in the workspace' });
    expect(await refused(() => readWorkspaceFile(ws, 'app'))).toEqual({ status: 400, message: '"app" is a folder, not a file' });
    expect(await refused(() => writeWorkspaceFile(ws, 'app', 'x'))).toEqual({ status: 400, message: '"app" is a folder, not a file' });
  });

  it('turns file-system errors into answers without the absolute path', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: failed, open '${base}/workspace/app/x'`), { code });
    expect(fileError(err('EACCES'), 'app/x', 'save')).toMatchObject({ status: 403, message: 'the server may not save "app/x": permission denied' });
    expect(fileError(err('EISDIR'), 'app/x', 'save')).toMatchObject({ status: 400, message: '"app/x" is a folder, not a file' });
    expect(fileError(err('ENAMETOOLONG'), 'app/x', 'read')).toMatchObject({ status: 400, message: 'path "app/x" is too long for the file system' });
    expect(fileError(err('ENOSPC'), 'app/x', 'save')).toMatchObject({ status: 507, message: 'cannot save "app/x": the disk is full' });
    expect(fileError(err('EIO'), 'app/x', 'read')).toMatchObject({ status: 500, message: 'could not read "app/x" (EIO)' });
    const other = new Error('answers.yaml:1:10: bad');
    expect(fileError(other, 'answers.yaml', 'save')).toBe(other);
  });

  it('saves atomically: no temporary file is left, the mode is kept, a symlink inside is written through', async () => {
    await chmod(join(ws, 'app', 'Dockerfile'), 0o750);
    const before = await stat(join(ws, 'app', 'Dockerfile'));
    await writeWorkspaceFile(ws, 'app/Dockerfile', 'FROM busybox\n');
    // Replaced by a rename, not rewritten in place: a crash mid-write cannot truncate it.
    expect((await stat(join(ws, 'app', 'Dockerfile'))).ino).not.toBe(before.ino);
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe('FROM busybox\n');
    expect((await stat(join(ws, 'app', 'Dockerfile'))).mode & 0o777).toBe(0o750);
    await symlink('app/Dockerfile', join(ws, 'link'));
    await writeWorkspaceFile(ws, 'link', 'FROM scratch\n');
    expect((await lstat(join(ws, 'link'))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
    await writeWorkspaceFile(ws, 'new/deep/file.yaml', 'a: 1\n');
    expect((await readdir(ws, { recursive: true })).sort()).toEqual(['app', 'app/Dockerfile', 'link', 'new', 'new/deep', 'new/deep/file.yaml']);
  });

  it('refuses to save answers through an answers.yaml symlinked outside the workspace', async () => {
    const outside = join(base, 'outside.yaml');
    await writeFile(outside, 'kept: as it was\n');
    await symlink(outside, join(ws, 'answers.yaml'));
    const err = await saveAnswer(ws, 'which-port', '8080').then(
      () => undefined,
      (e: unknown) => e as HttpError,
    );
    expect(err).toMatchObject({
      status: 400,
      message: 'answers.yaml in the workspace is a symlink to a file outside it; answers are saved only inside the workspace',
      fix: "remove the symlink (`rm answers.yaml` in the lab's terminal) and answer again",
    });
    expect(await readFile(outside, 'utf8')).toBe('kept: as it was\n');
    expect((await lstat(join(ws, 'answers.yaml'))).isSymbolicLink()).toBe(true);
  });

  it('saves answers atomically beside the others', async () => {
    await writeFile(join(ws, 'answers.yaml'), 'first: one\n');
    const before = await stat(join(ws, 'answers.yaml'));
    await saveAnswer(ws, 'second', 'two');
    expect(await readFile(join(ws, 'answers.yaml'), 'utf8')).toBe('first: one\nsecond: two\n');
    expect((await stat(join(ws, 'answers.yaml'))).ino).not.toBe(before.ino);
    expect((await readdir(ws)).sort()).toEqual(['answers.yaml', 'app']);
  });
});
