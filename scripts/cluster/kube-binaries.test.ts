import { describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { noopLogger } from '../../checker/lib/logger.ts';
import { versions } from '../versions.ts';
import { helmLocation } from './helm-binary.ts';
import { binaryLocations, ensureKubeBinaries, kubeVersionLdflags, wrapperGoMod } from './kube-binaries.ts';

const releaseGoMod = `module k8s.io/kubernetes

go 1.26.0

require (
	k8s.io/api v0.0.0
	k8s.io/client-go v0.0.0
)

replace (
	k8s.io/api => ./staging/src/k8s.io/api
	k8s.io/client-go => ./staging/src/k8s.io/client-go
	k8s.io/kube-scheduler => ./staging/src/k8s.io/kube-scheduler
)
`;

describe('wrapperGoMod', () => {
  it('replaces every staging module with its v0.N.M tag and keeps the go directive', () => {
    expect(wrapperGoMod(releaseGoMod, '1.36.1')).toBe(
      [
        'module kubecamp.local/kube-build',
        '',
        'go 1.26.0',
        '',
        'require k8s.io/kubernetes v1.36.1',
        '',
        'replace (',
        '\tk8s.io/api => k8s.io/api v0.36.1',
        '\tk8s.io/client-go => k8s.io/client-go v0.36.1',
        '\tk8s.io/kube-scheduler => k8s.io/kube-scheduler v0.36.1',
        ')',
        '',
      ].join('\n'),
    );
  });

  it('refuses a go.mod without staging replaces and a malformed version', () => {
    expect(() => wrapperGoMod('module x\n', '1.36.1')).toThrow('no staging replace directives');
    expect(() => wrapperGoMod(releaseGoMod, '2.0')).toThrow('unexpected Kubernetes version 2.0');
  });
});

describe('kubeVersionLdflags', () => {
  it('stamps both version packages so kubectl and kwokctl see the release', () => {
    const flags = kubeVersionLdflags('1.36.1');
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      expect(flags).toContain(`-X ${pkg}.gitVersion=v1.36.1`);
      expect(flags).toContain(`-X ${pkg}.gitMinor=36`);
    }
  });
});

describe('binaryLocations', () => {
  it('caches per component version under KUBECAMP_HOME', () => {
    const b = binaryLocations({ KUBECAMP_HOME: '/tmp/kc' });
    expect(b.kubeApiserver).toBe('/tmp/kc/bin/kubernetes-v1.36.1/kube-apiserver');
    expect(b.etcd).toMatch(/^\/tmp\/kc\/bin\/etcd-v3\.6\.\d+\/etcd$/);
    expect(b.kwokctl).toMatch(/^\/tmp\/kc\/bin\/kwok-v0\.8\.\d+\/kwokctl$/);
  });
});

describe('ensureKubeBinaries', () => {
  it('with everything cached, builds nothing and links the cached helm beside kubectl (the cluster binDir)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubecamp-bins-'));
    try {
      const env = { ...process.env, KUBECAMP_HOME: home, PATH: '/nonexistent' }; // no Go: building anything would fail
      const bins = binaryLocations(env);
      for (const file of [...Object.values(bins), helmLocation(env)]) {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, '');
      }
      const logged: string[] = [];
      const logger = { ...noopLogger, warn: (m: string) => void logged.push(m) };
      await ensureKubeBinaries({ env, logger });
      expect(await readlink(join(dirname(bins.kubectl), 'helm'))).toBe(`../helm-v${versions.helm}/helm`);
      expect(logged).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('only warns when helm cannot be built, so the cluster still starts', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubecamp-bins-'));
    try {
      const env = { ...process.env, KUBECAMP_HOME: home, PATH: '/nonexistent' };
      for (const file of Object.values(binaryLocations(env))) {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, '');
      }
      const logged: string[] = [];
      await ensureKubeBinaries({ env, logger: { ...noopLogger, warn: (m: string) => void logged.push(m) } });
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(`helm v${versions.helm} is not built yet, and Go is not installed`);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
