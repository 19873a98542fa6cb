import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { refusal } from './testing/refusal.ts';
import { createWorkspaceFile, deleteWorkspaceFile, maxWorkspaceFiles, renameWorkspaceFile } from './workspace-file-ops.ts';
import { fileVersion, maxFileBytes } from './workspace-files.ts';

let base: string;
let ws: string;
const dockerfile = 'FROM alpine\n';
beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'kubecamp-wsops-')));
  ws = join(base, 'workspace');
  await mkdir(join(ws, 'app'), { recursive: true });
  await writeFile(join(ws, 'app', 'Dockerfile'), dockerfile);
  await writeFile(join(base, 'outside.yaml'), 'kept\n');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Refusals of this workspace must not reveal where it is. */
const refused = (fn: () => Promise<unknown>) => refusal(fn, base);

const v = fileVersion(dockerfile);

describe('creating a workspace file', () => {
  it('creates it, folders and all, and returns its version', async () => {
    expect(await createWorkspaceFile(ws, 'k8s/service.yaml', 'kind: Service\n')).toBe(fileVersion('kind: Service\n'));
    expect(await readFile(join(ws, 'k8s', 'service.yaml'), 'utf8')).toBe('kind: Service\n');
    expect(await createWorkspaceFile(ws, 'notes.md')).toBe(fileVersion(''));
  });

  it('never replaces a file, folder or symlink that has the name', async () => {
    expect(await refused(() => createWorkspaceFile(ws, 'app/Dockerfile', 'x'))).toEqual({ status: 409, message: 'there is already a file or folder "app/Dockerfile" in the workspace' });
    expect(await refused(() => createWorkspaceFile(ws, 'app', 'x'))).toEqual({ status: 409, message: 'there is already a file or folder "app" in the workspace' });
    await symlink('nowhere.yaml', join(ws, 'dangling.yaml'));
    expect(await refused(() => createWorkspaceFile(ws, 'dangling.yaml', 'x'))).toEqual({ status: 409, message: 'there is already a file or folder "dangling.yaml" in the workspace' });
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe(dockerfile);
  });

  it('refuses paths outside the workspace, symlinked folders leading out, and names the list would hide', async () => {
    expect(await refused(() => createWorkspaceFile(ws, '../escape.yaml'))).toEqual({ status: 400, message: 'cannot use the name "../escape.yaml": "../escape.yaml" contains "." or ".." as a folder; files stay inside the workspace' });
    expect(await refused(() => createWorkspaceFile(ws, '/tmp/abs.yaml'))).toEqual({ status: 400, message: 'cannot use the name "/tmp/abs.yaml": "/tmp/abs.yaml" is absolute; type a name inside the workspace, e.g. app/notes.yaml' });
    await symlink(base, join(ws, 'out'));
    expect(await refused(() => createWorkspaceFile(ws, 'out/new.yaml', 'x'))).toEqual({ status: 400, message: 'path "out/new.yaml" leads outside the workspace through a symlink' });
    expect(await readdir(base)).toEqual(['outside.yaml', 'workspace']);
    expect(await refused(() => createWorkspaceFile(ws, '.env'))).toEqual({ status: 400, message: 'cannot use the name ".env": ".env" starts with a dot: hidden files are not shown in the file list' });
    expect(await refused(() => createWorkspaceFile(ws, 'answers.yaml'))).toEqual({ status: 400, message: 'cannot use the name "answers.yaml": answers.yaml holds the typed answers; answer in the task list instead' });
    expect(await refused(() => createWorkspaceFile(ws, 'a b.yaml'))).toEqual({ status: 400, message: 'cannot use the name "a b.yaml": "a b.yaml" may contain only letters, digits, ".", "_" and "-"' });
  });

  it('refuses a file over the size limit, and a new file in a full workspace', async () => {
    expect(await refused(() => createWorkspaceFile(ws, 'big.txt', 'x'.repeat(maxFileBytes + 1)))).toEqual({ status: 413, message: `the file is larger than ${maxFileBytes} bytes` });
    for (let i = 1; i < maxWorkspaceFiles; i++) await writeFile(join(ws, `f${i}.txt`), '');
    expect(await refused(() => createWorkspaceFile(ws, 'one-more.txt'))).toEqual({ status: 413, message: `the workspace already has ${maxWorkspaceFiles} files, the most the file list shows` });
  });
});

describe('renaming a workspace file', () => {
  it('moves it, into a new folder too, keeping its text', async () => {
    expect(await renameWorkspaceFile(ws, 'app/Dockerfile', 'build/Dockerfile', v)).toBe(v);
    expect(await readFile(join(ws, 'build', 'Dockerfile'), 'utf8')).toBe(dockerfile);
    expect(await readdir(join(ws, 'app'))).toEqual([]);
  });

  it('refuses when the file changed since the editor loaded it (409 with its version), and leaves it', async () => {
    await writeFile(join(ws, 'app', 'Dockerfile'), 'FROM busybox\n');
    const err = (await renameWorkspaceFile(ws, 'app/Dockerfile', 'Dockerfile', v).catch((e: unknown) => e)) as HttpError;
    expect({ status: err.status, message: err.message, data: err.data }).toEqual({
      status: 409,
      message: '"app/Dockerfile" was changed elsewhere (another tab or the terminal) since this editor loaded it; it was not renamed',
      data: { version: fileVersion('FROM busybox\n') },
    });
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe('FROM busybox\n');
    expect(await refused(() => renameWorkspaceFile(ws, 'app/Dockerfile', 'Dockerfile', undefined))).toEqual({ status: 400, message: 'the body needs "base": the version of "app/Dockerfile" the editor shows' });
  });

  it('never replaces a file that has the new name', async () => {
    await writeFile(join(ws, 'other.txt'), 'mine\n');
    expect(await refused(() => renameWorkspaceFile(ws, 'app/Dockerfile', 'other.txt', v))).toEqual({ status: 409, message: 'there is already a file or folder "other.txt" in the workspace' });
    expect(await readFile(join(ws, 'other.txt'), 'utf8')).toBe('mine\n');
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe(dockerfile);
  });

  it('refuses ../, absolute paths and symlinks leading out, either side', async () => {
    expect((await refused(() => renameWorkspaceFile(ws, 'app/Dockerfile', '../Dockerfile', v))).status).toBe(400);
    expect(await refused(() => renameWorkspaceFile(ws, '../outside.yaml', 'x.yaml', fileVersion('kept\n')))).toEqual({ status: 400, message: 'path "../outside.yaml" contains "..": it must stay inside the workspace' });
    expect(await refused(() => renameWorkspaceFile(ws, '/etc/hostname', 'x.yaml', v))).toEqual({ status: 400, message: 'path "/etc/hostname" is absolute; send it relative to the workspace' });
    await symlink(join(base, 'outside.yaml'), join(ws, 'link.yaml'));
    expect(await refused(() => renameWorkspaceFile(ws, 'link.yaml', 'x.yaml', fileVersion('kept\n')))).toEqual({ status: 400, message: 'path "link.yaml" leads outside the workspace through a symlink' });
    await symlink(base, join(ws, 'out'));
    expect(await refused(() => renameWorkspaceFile(ws, 'app/Dockerfile', 'out/Dockerfile', v))).toEqual({ status: 400, message: 'path "out/Dockerfile" leads outside the workspace through a symlink' });
    expect(await readdir(base)).toEqual(['outside.yaml', 'workspace']);
    expect(await refused(() => renameWorkspaceFile(ws, 'answers.yaml', 'a.yaml', v))).toEqual({ status: 400, message: 'answers.yaml holds the typed answers; it cannot be renamed' });
  });
});

describe('deleting a workspace file', () => {
  it('deletes a file unchanged since the editor loaded it', async () => {
    await deleteWorkspaceFile(ws, 'app/Dockerfile', v);
    expect(await readdir(join(ws, 'app'))).toEqual([]);
    expect(await refused(() => deleteWorkspaceFile(ws, 'app/Dockerfile', v))).toEqual({ status: 404, message: 'there is no file "app/Dockerfile" in the workspace' });
  });

  it('refuses a file changed elsewhere, a folder, and a symlink (inside or leading out)', async () => {
    await writeFile(join(ws, 'app', 'Dockerfile'), 'FROM busybox\n');
    expect(await refused(() => deleteWorkspaceFile(ws, 'app/Dockerfile', v))).toEqual({ status: 409, message: '"app/Dockerfile" was changed elsewhere (another tab or the terminal) since this editor loaded it; it was not deleted' });
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe('FROM busybox\n');
    expect(await refused(() => deleteWorkspaceFile(ws, 'app', v))).toEqual({ status: 400, message: '"app" is a folder, not a file' });
    await symlink('app/Dockerfile', join(ws, 'inside-link'));
    expect(await refused(() => deleteWorkspaceFile(ws, 'inside-link', fileVersion('FROM busybox\n')))).toEqual({ status: 400, message: '"inside-link" is a symlink; delete it in the terminal' });
    await symlink(join(base, 'outside.yaml'), join(ws, 'link.yaml'));
    expect(await refused(() => deleteWorkspaceFile(ws, 'link.yaml', fileVersion('kept\n')))).toEqual({ status: 400, message: 'path "link.yaml" leads outside the workspace through a symlink' });
    expect(await refused(() => deleteWorkspaceFile(ws, '../outside.yaml', fileVersion('kept\n')))).toEqual({ status: 400, message: 'path "../outside.yaml" contains "..": it must stay inside the workspace' });
    expect(await readFile(join(base, 'outside.yaml'), 'utf8')).toBe('kept\n');
  });
});
