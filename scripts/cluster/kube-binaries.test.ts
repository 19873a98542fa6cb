import { describe, expect, it } from 'vitest';
import { binaryLocations, kubeVersionLdflags, wrapperGoMod } from './kube-binaries.ts';

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
