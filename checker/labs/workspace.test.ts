import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedLab } from '../engine/engine.ts';
import { overlay, resetWorkspace } from './workspace.ts';

let base: string;
let lab: LoadedLab;
let ws: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'kubecamp-workspace-'));
  const dir = join(base, 'labs', 'demo');
  await mkdir(join(dir, 'starter', 'app'), { recursive: true });
  await writeFile(join(dir, 'starter', 'app', 'Dockerfile'), 'FROM alpine\n');
  await writeFile(join(dir, 'starter', 'run.sh'), 'echo hi\n');
  await chmod(join(dir, 'starter', 'run.sh'), 0o755);
  await writeFile(join(dir, 'starter', '.gitkeep'), '');
  await mkdir(join(dir, 'solution', 'app'), { recursive: true });
  await writeFile(join(dir, 'solution', 'app', 'Dockerfile'), 'FROM busybox\n');
  await writeFile(join(dir, 'solution', 'variant.yaml'), 'note: authoring only\n');
  lab = { dir } as LoadedLab;
  ws = join(base, 'workspaces', 'demo');
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

const files = async (dir: string) => (await readdir(dir, { recursive: true })).sort();

describe('workspace', () => {
  it('resets to the starter files plus overlays, keeping modes, skipping authoring files', async () => {
    await mkdir(ws, { recursive: true });
    await writeFile(join(ws, 'mine.yaml'), 'learner: work\n');
    await resetWorkspace(lab, ws, [join(lab.dir, 'solution')]);
    expect(await files(ws)).toEqual(['app', 'app/Dockerfile', 'run.sh']);
    expect(await readFile(join(ws, 'app', 'Dockerfile'), 'utf8')).toBe('FROM busybox\n');
    expect((await stat(join(ws, 'run.sh'))).mode & 0o777).toBe(0o755);
    expect(await readdir(join(base, 'workspaces'))).toEqual(['demo']);
  });

  it('keeps the old workspace whole when a reset fails midway', async () => {
    await mkdir(ws, { recursive: true });
    await writeFile(join(ws, 'mine.yaml'), 'learner: work\n');
    const notAFolder = join(base, 'overlay-file');
    await writeFile(notAFolder, 'x');
    await expect(resetWorkspace(lab, ws, [notAFolder])).rejects.toThrow('ENOTDIR');
    expect(await files(ws)).toEqual(['mine.yaml']);
    expect(await readdir(join(base, 'workspaces'))).toEqual(['demo']);
  });

  it('removes what a killed reset left beside the workspaces', async () => {
    const stale = join(base, 'workspaces', '.demo.999999999.0123abcd.tmp');
    await mkdir(join(stale, 'app'), { recursive: true });
    await writeFile(join(stale, 'app', 'Dockerfile'), 'FROM half');
    await resetWorkspace(lab, ws);
    expect(await readdir(join(base, 'workspaces'))).toEqual(['demo']);
  });

  it('overlays file by file, replacing each whole', async () => {
    await resetWorkspace(lab, ws);
    const before = await stat(join(ws, 'app', 'Dockerfile'));
    await overlay(join(lab.dir, 'solution'), ws);
    expect((await stat(join(ws, 'app', 'Dockerfile'))).ino).not.toBe(before.ino);
    expect(await files(ws)).toEqual(['app', 'app/Dockerfile', 'run.sh']);
  });
});
