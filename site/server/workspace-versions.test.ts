import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { fileVersion, listWorkspaceFiles, writeWorkspaceFile } from './workspace-files.ts';

const workspace = () => mkdtempSync(join(tmpdir(), 'kubecamp-ws-'));

describe('writeWorkspaceFile with a base version', () => {
  it('saves over the version the editor loaded and returns the new version', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'pod.yaml'), 'a: 1\n');
    expect(await writeWorkspaceFile(ws, 'pod.yaml', 'a: 2\n', fileVersion('a: 1\n'))).toBe(fileVersion('a: 2\n'));
    expect(readFileSync(join(ws, 'pod.yaml'), 'utf8')).toBe('a: 2\n');
  });

  it('refuses to overwrite a file changed elsewhere since, with its current version', async () => {
    const ws = workspace();
    writeFileSync(join(ws, 'pod.yaml'), 'from the other tab\n');
    const err = await writeWorkspaceFile(ws, 'pod.yaml', 'mine\n', fileVersion('a: 1\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(409);
    expect((err as HttpError).message).toBe('"pod.yaml" was changed elsewhere (another tab or the terminal) since this editor loaded it');
    expect((err as HttpError).data).toEqual({ version: fileVersion('from the other tab\n') });
    expect(readFileSync(join(ws, 'pod.yaml'), 'utf8')).toBe('from the other tab\n');
    // Saving the same text again is no conflict; without a base the save is unconditional.
    await writeWorkspaceFile(ws, 'pod.yaml', 'from the other tab\n', fileVersion('a: 1\n'));
    await writeWorkspaceFile(ws, 'pod.yaml', 'mine\n');
    expect(readFileSync(join(ws, 'pod.yaml'), 'utf8')).toBe('mine\n');
  });

  it('treats a missing file as the empty version', async () => {
    const ws = workspace();
    expect(await writeWorkspaceFile(ws, 'new.yaml', 'x\n', fileVersion(''))).toBe(fileVersion('x\n'));
  });
});

describe('listWorkspaceFiles', () => {
  it('lists text files with versions, leaving out hidden, binary and answers files', async () => {
    const ws = workspace();
    mkdirSync(join(ws, 'k8s'));
    mkdirSync(join(ws, '.git'));
    writeFileSync(join(ws, 'pod.yaml'), 'a\n');
    writeFileSync(join(ws, 'k8s', 'svc.yaml'), 'b\n');
    writeFileSync(join(ws, '.git', 'HEAD'), 'ref\n');
    writeFileSync(join(ws, '.bash_history'), 'ls\n');
    writeFileSync(join(ws, 'answers.yaml'), 'q: 1\n');
    writeFileSync(join(ws, 'image.bin'), Buffer.from([1, 0, 2]));
    expect(await listWorkspaceFiles(ws)).toEqual([
      { path: 'k8s/svc.yaml', version: fileVersion('b\n') },
      { path: 'pod.yaml', version: fileVersion('a\n') },
    ]);
    expect(await listWorkspaceFiles(join(ws, 'missing'))).toEqual([]);
  });
});
