import { describe, expect, it } from 'vitest';
import { harnessRow, isKindBuildStep } from './kind-bench.ts';

describe('kind bench', () => {
  it("counts the kind engine's offline build steps, not the Docker-free engine's", () => {
    const steps = ['coredns-v1.14.2-kind', 'containerd-v2.2.1', 'crictl-v1.35.0', 'kind-v0.32.0', 'local-path-provisioner-v0.0.34', 'traefik-v3.6.12', 'metrics-server-v0.8.0', 'kubelet', 'kubeadm', 'kube-proxy'];
    expect(steps.filter(isKindBuildStep)).toEqual(steps);
    expect(['kube-apiserver', 'kubectl', 'etcd', 'kwok + kwokctl', 'helm', 'Go modules for Kubernetes', 'starting the kind cluster'].filter(isKindBuildStep)).toEqual([]);
  });

  it('puts one lab on kind and on the Docker-free engine side by side', () => {
    expect(harnessRow('pods', { ok: true, durationMs: 95_000 }, { ok: false, durationMs: 12_000 })).toBe(
      `${'pods'.padEnd(26)} ${'1 min 35 s pass'.padStart(16)} ${'12.0 s FAIL'.padStart(16)}`,
    );
  });
});
