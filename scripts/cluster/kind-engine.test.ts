import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noopLogger } from '../../checker/lib/logger.ts';
import { parse, stringify } from 'yaml';
import { kindClusterName, kindCommands, kindConfig, kindEngine, kindImageTags, kindInstallHint, kindLabImages } from './kind-engine.ts';
import { findEntry } from '../images/catalog.ts';
import { findLab, labIds } from '../../checker/labs/load.ts';
import { kwokCreateArgs } from './kwok-engine.ts';
import { binaryLocations } from './kube-binaries.ts';
import { kindNodeImage, versions } from '../versions.ts';

describe('kind provider', () => {
  it('generates a named cluster with the pinned node image, ingress-ready control plane and port mappings', () => {
    const config = parse(stringify(kindConfig(2)));
    expect(config).toMatchObject({ kind: 'Cluster', apiVersion: 'kind.x-k8s.io/v1alpha4', name: 'kubecamp' });
    expect(config.nodes.map((n: { role: string }) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    expect(config.nodes.every((n: { image: string }) => n.image === kindNodeImage)).toBe(true);
    expect(kindNodeImage).toBe(`kindest/node:v${versions.kubernetes}@${versions.kindNodeImageDigest}`);
    expect(config.nodes[0].labels).toEqual({ 'ingress-ready': 'true' });
    expect(config.nodes[0].extraPortMappings).toEqual([
      { containerPort: 80, hostPort: 18080, protocol: 'TCP', listenAddress: '127.0.0.1' },
      { containerPort: 443, hostPort: 18443, protocol: 'TCP', listenAddress: '127.0.0.1' },
      { containerPort: 30080, hostPort: 30080, protocol: 'TCP', listenAddress: '127.0.0.1' },
    ]);
  });

  it('writes the kubeconfig to our own file, never the user\'s', () => {
    expect(kindCommands.create('/c.yaml', '/k/kubeconfig')).toEqual(['create', 'cluster', '--name', 'kubecamp', '--config', '/c.yaml', '--kubeconfig', '/k/kubeconfig', '--wait', '180s']);
    expect(kindCommands.delete('/k/kubeconfig')).toEqual(['delete', 'cluster', '--name', 'kubecamp', '--kubeconfig', '/k/kubeconfig']);
    expect(kindCommands.exportKubeconfig('/k/kubeconfig')).toContain('/k/kubeconfig');
  });

  it('names the cluster kubecamp, or KUBECAMP_KIND_CLUSTER for a throwaway test cluster', () => {
    expect(kindClusterName({})).toBe('kubecamp');
    expect(kindClusterName({ KUBECAMP_KIND_CLUSTER: 'kubecamp-it' })).toBe('kubecamp-it');
    expect(() => kindClusterName({ KUBECAMP_KIND_CLUSTER: 'Bad_Name' })).toThrow('KUBECAMP_KIND_CLUSTER is "Bad_Name", which kind cannot use as a cluster name');
    expect(kindCommands.delete('/k', 'kubecamp-it')).toEqual(['delete', 'cluster', '--name', 'kubecamp-it', '--kubeconfig', '/k']);
    expect(parse(stringify(kindConfig(0, kindNodeImage, [], 'kubecamp-it'))).name).toBe('kubecamp-it');
  });

  it('loads nginx under the short tag lessons use too (nginx:1.30 is the official alias of nginx:1.30-trixie)', () => {
    expect(kindImageTags('nginx:1.30-trixie')).toEqual(['nginx:1.30-trixie', 'nginx:1.30']);
    expect(kindImageTags('nginx:1.31-trixie')).toEqual(['nginx:1.31-trixie', 'nginx:1.31']);
    expect(kindImageTags('busybox:1.37')).toEqual(['busybox:1.37']);
  });

  it('loads only images the lab catalog builds or pulls', () => {
    expect(kindLabImages.filter((ref) => !findEntry(ref))).toEqual([]);
  });

  it('loads every image a Kubernetes lab runs', async () => {
    const missing: string[] = [];
    for (const id of await labIds()) {
      const { lab } = await findLab(id);
      if (!lab.environments.includes('kubernetes')) continue;
      for (const ref of lab.images) if (!(kindLabImages as readonly string[]).includes(ref)) missing.push(`${id}: ${ref}`);
    }
    expect(missing).toEqual([]);
  });

  it('says how to get kind', () => {
    expect(kindInstallHint(true)).toBe(`install kind with \`go install sigs.k8s.io/kind@v${versions.kind}\` (puts it in $(go env GOPATH)/bin), or use --engine kind to build it, or --engine kwok`);
    expect(kindInstallHint(false)).toContain(`install kind v${versions.kind} from`);
  });
});

describe('kind detection', () => {
  it('is the default only where kind is on PATH; named with --engine, a kind built into the cache will do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubecamp-kind-detect-'));
    try {
      await mkdir(join(dir, 'path'));
      await writeFile(join(dir, 'path/docker'), '#!/bin/sh\necho 20.10.24\n');
      await chmod(join(dir, 'path/docker'), 0o755);
      await mkdir(join(dir, 'home/bin/kind-v0.32.0'), { recursive: true });
      await writeFile(join(dir, 'home/bin/kind-v0.32.0/kind'), '#!/bin/sh\n');
      const engine = kindEngine({ env: { PATH: join(dir, 'path'), KUBECAMP_HOME: join(dir, 'home') }, logger: noopLogger });
      expect(await engine.detect()).toEqual({ ok: false, reason: 'kind is not installed', fix: kindInstallHint(false) });
      expect(await engine.detect({ requested: true })).toEqual({ ok: true });
      await rm(join(dir, 'home/bin/kind-v0.32.0/kind'));
      expect((await engine.detect({ requested: true })).ok).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('kind cluster info', () => {
  it('puts the cached kubectl of the cluster version first on lab PATHs (binDir) once it is there, not the one on PATH', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kubecamp-kind-bindir-'));
    try {
      const env = { KUBECAMP_HOME: home, KUBECAMP_KIND_CLUSTER: 'kubecamp-it' };
      expect(kindEngine({ env, logger: noopLogger }).info()).toEqual({ engine: 'kind', kubeconfig: join(home, 'kubeconfig'), context: 'kind-kubecamp-it' });
      const kubectl = binaryLocations(env).kubectl;
      await mkdir(dirname(kubectl), { recursive: true });
      await writeFile(kubectl, '');
      expect(kindEngine({ env, logger: noopLogger }).info().binDir).toBe(join(home, 'bin', `kubernetes-v${versions.kubernetes}`));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

describe('kwok provider', () => {
  it('runs the binary runtime with local binaries, RBAC and admission, into our kubeconfig', () => {
    const bins = binaryLocations({ KUBECAMP_HOME: '/h' });
    const args = kwokCreateArgs(bins, '/h/kubeconfig', { port: 32766 });
    const flag = (name: string) => args[args.indexOf(name) + 1];
    expect(flag('--runtime')).toBe('binary');
    expect(flag('--kube-apiserver-binary')).toBe(bins.kubeApiserver);
    expect(flag('--etcd-binary')).toBe(bins.etcd);
    expect(flag('--kwok-controller-binary')).toBe(bins.kwok);
    expect(flag('--kubeconfig')).toBe('/h/kubeconfig');
    expect(flag('--kube-apiserver-port')).toBe('32766');
    expect(args).toContain('--kube-authorization');
    expect(args).toContain('--kube-admission');
    expect(flag('--heartbeat-factor')).toBe('1');
    expect(kwokCreateArgs(bins, '/h/kubeconfig', {})).not.toContain('--kube-apiserver-port');
  });
});
