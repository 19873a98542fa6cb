import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noopLogger } from '../../checker/lib/logger.ts';
import { parse, stringify } from 'yaml';
import { assertKindPortsFree, kindClusterName, kindCommands, kindConfig, kindEngine, kindImageTags, kindInstallHint, kindLabImages, kindWaitTimedOut, notReadyNodes } from './kind-engine.ts';
import { readFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { formatError } from '../../checker/lib/errors.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { run } from './cli.ts';
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
    expect(args.filter((a, i) => args[i - 1] === '--extra-args')).toEqual(['kube-controller-manager=leader-elect=false', 'kube-scheduler=leader-elect=false']);
    expect(kwokCreateArgs(bins, '/h/kubeconfig', {})).not.toContain('--kube-apiserver-port');
  });
});

describe('kind faults: one message naming the fix and the log, nothing half-created', () => {
  /** A fake `kind` that records its calls, and a fake `docker` whose engine answers and has the node image. */
  async function fakes(create: string) {
    const dir = await mkdtemp(join(tmpdir(), 'kubecamp-kind-fault-'));
    await mkdir(join(dir, 'path'));
    const calls = join(dir, 'kind-calls.log');
    await writeFile(join(dir, 'path/kind'), `#!/bin/sh
echo "$*" >> ${calls}
case "$1 $2" in
  "get clusters") exit 0 ;;
  "create cluster") ${create} ;;
  "export logs") mkdir -p "$3"; echo kubelet > "$3/kubelet.log" ;;
esac
`);
    await writeFile(join(dir, 'path/docker'), '#!/bin/sh\n[ "$1" = info ] && echo 20.10.24\nexit 0\n');
    await chmod(join(dir, 'path/kind'), 0o755);
    await chmod(join(dir, 'path/docker'), 0o755);
    const env = { PATH: `${join(dir, 'path')}:/usr/bin:/bin`, KUBECAMP_HOME: join(dir, 'home'), KUBECAMP_KIND_PORT_MAPPINGS: 'none' };
    return { dir, env, calls: async () => (await readFile(calls, 'utf8')).trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' ')) };
  }

  it('a control plane that never becomes Ready (kind exits 0 with a warning): rolled back, non-zero, logs named', async () => {
    const { dir, env, calls } = await fakes(`echo ' ✓ Starting control-plane 🕹️'; echo ' ✗ Waiting ≤ 3m0s for control-plane = Ready ⏳'; echo ' • WARNING: Timed out waiting for Ready ⚠️'; exit 0`);
    try {
      const err = await run(['up', '--engine', 'kind', '--nodes', '1'], memoryIo(env)).catch((e) => e);
      const home = join(dir, 'home');
      expect(formatError(err)).toBe(
        `error: the control-plane node of kind cluster "kubecamp" never became Ready within 180 s and was rolled back\n` +
          `  fix: read ${home}/kind-create.log and the node logs in ${home}/kind-logs (kubelet.log, containerd.log, journal.log); then \`npm run cluster:reset -- --engine kind\``,
      );
      expect(await calls()).toEqual(['get clusters', 'create cluster', 'export logs', 'delete cluster']);
      expect(await readFile(join(home, 'kind-create.log'), 'utf8')).toContain('Timed out waiting for Ready');
      expect(await readdir(join(home, 'kind-logs'))).toEqual(['kubelet.log']);
      expect(existsSync(join(home, 'cluster.json'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('kind create failing (a broken node image, kubeadm init): rolled back the same way', async () => {
    const { dir, env, calls } = await fakes(`echo 'ERROR: failed to create cluster: failed to init node with kubeadm' >&2; exit 1`);
    try {
      const err = await run(['up', '--engine', 'kind', '--nodes', '1'], memoryIo(env)).catch((e) => e);
      expect(err.message).toMatch(/^creating the kind cluster "kubecamp" failed and was rolled back: .*kind create cluster .* exited with code 1$/);
      expect(err.fix).toMatch(/^read .*kind-create\.log and the node logs in .*kind-logs/);
      expect(await calls()).toEqual(['get clusters', 'create cluster', 'export logs', 'delete cluster']);
      expect(existsSync(join(dir, 'home', 'cluster.json'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a host port kind maps is taken: refused before anything is created, naming the port, its use and the fix', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const err = await assertKindPortsFree([{ hostPort: port, what: 'the ingress controller (HTTP)' }]).catch((e) => e);
    server.close();
    expect(formatError(err)).toBe(
      `error: port ${port} on 127.0.0.1 (kind maps it to the ingress controller (HTTP)) is already in use\n` +
        `  fix: stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it) and run \`npm run cluster:up -- --engine kind\` again, or set KUBECAMP_KIND_PORT_MAPPINGS=none to create the cluster without host ports`,
    );
  });

  it("recognises kind's timed-out wait, and names nodes not Ready or never registered", () => {
    expect(kindWaitTimedOut([' ✓ Starting control-plane', ' • WARNING: Timed out waiting for Ready ⚠️'])).toBe(true);
    expect(kindWaitTimedOut([' • Ready after 21s 💚'])).toBe(false);
    expect(notReadyNodes([{ name: 'a', ready: true }, { name: 'b', ready: false }], 2)).toEqual(['b']);
    expect(notReadyNodes([{ name: 'a', ready: true }], 3)).toEqual(['2 nodes never registered']);
    expect(notReadyNodes([{ name: 'a', ready: true }, { name: 'b', ready: true }], 2)).toEqual([]);
  });
});
