import { mkdtemp, mkdir, readlink, realpath, rm, symlink, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { versions } from '../versions.ts';
import { helmLdflags, helmLocation, helmModule, linkHelm } from './helm-binary.ts';

describe('helmModule', () => {
  it('adds the major-version suffix Go modules need from v2 on', () => {
    expect(helmModule('4.3.1')).toBe('helm.sh/helm/v4');
    expect(helmModule('3.19.5')).toBe('helm.sh/helm/v3');
  });

  it('refuses versions it cannot map to a module', () => {
    expect(() => helmModule('4.3')).toThrow('unexpected Helm version 4.3');
    expect(() => helmModule('2.17.0')).toThrow('unexpected Helm version 2.17.0');
  });
});

describe('helmLdflags', () => {
  it('stamps the release as the Makefile does for a tag, so `helm version` shows it', () => {
    expect(helmLdflags('4.3.1')).toBe(
      '-s -w -X helm.sh/helm/v4/internal/version.version=v4.3.1 -X helm.sh/helm/v4/internal/version.metadata= -X helm.sh/helm/v4/internal/version.gitTreeState=clean',
    );
  });
});

describe('helmLocation', () => {
  it('caches the pinned version in its own folder under KUBECAMP_HOME', () => {
    expect(helmLocation({ KUBECAMP_HOME: '/tmp/kc' })).toBe(`/tmp/kc/bin/helm-v${versions.helm}/helm`);
    expect(helmLocation({ KUBECAMP_HOME: '/tmp/kc' }, '4.0.0')).toBe('/tmp/kc/bin/helm-v4.0.0/helm');
  });
});

describe('linkHelm', () => {
  let home: string;
  let binDir: string;
  const helm = (version: string) => join(home, 'bin', `helm-v${version}`, 'helm');
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'kubecamp-helm-'));
    binDir = join(home, 'bin', 'kubernetes-v1.36.1');
    for (const v of ['4.3.1', '4.2.0']) {
      await mkdir(join(home, 'bin', `helm-v${v}`), { recursive: true });
      await writeFile(helm(v), `helm ${v}`);
    }
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it('puts a relative link beside kubectl, creating the folder if needed', async () => {
    const link = await linkHelm(helm('4.3.1'), binDir);
    expect(link).toBe(join(binDir, 'helm'));
    expect(await readlink(link)).toBe('../helm-v4.3.1/helm');
    expect(await realpath(link)).toBe(await realpath(helm('4.3.1')));
  });

  it('is idempotent, and moves a link to another version', async () => {
    await linkHelm(helm('4.2.0'), binDir);
    await linkHelm(helm('4.3.1'), binDir);
    await linkHelm(helm('4.3.1'), binDir);
    expect(await readFile(join(binDir, 'helm'), 'utf8')).toBe('helm 4.3.1');
  });

  it('leaves a real file of that name alone', async () => {
    await mkdir(binDir, { recursive: true });
    await writeFile(join(binDir, 'helm'), 'someone else');
    await linkHelm(helm('4.3.1'), binDir);
    expect(await readFile(join(binDir, 'helm'), 'utf8')).toBe('someone else');
  });

  it('replaces a dangling link', async () => {
    await mkdir(binDir, { recursive: true });
    await symlink('../helm-v0.0.1/helm', join(binDir, 'helm'));
    await linkHelm(helm('4.3.1'), binDir);
    expect(await readFile(join(binDir, 'helm'), 'utf8')).toBe('helm 4.3.1');
  });
});
