import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ContextError } from '../../checker/lib/errors.ts';
import { clusterPortMappings } from '../../checker/lib/host-ports.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { timedStep } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { clusterName, kindNodeImage, versions } from '../versions.ts';
import { waitForApiServer } from './api-client.ts';
import { applyClusterDefaults } from './cluster-defaults.ts';
import { kindEnvironment } from './kind-docker-shim.ts';
import { ensureLocalNodeImage, etcdImage, kindInstall, localNodeImage } from './kind-node-image.ts';
import { ensureGoInstall, goInstallPaths } from './kube-binaries.ts';
import type { Availability, ClusterEngine, ClusterInfo, EngineContext, UpOptions } from './engine.ts';

/**
 * Host ports the Service and Ingress lessons use: the ingress controller's
 * 80/443 on 18080/18443 (no root needed, clear of the container labs' 8080…),
 * and one NodePort. From the one host-port table `labs validate` checks.
 */
export const kindPortMappings = clusterPortMappings.map(({ containerPort, hostPort, protocol }) => ({ containerPort, hostPort, protocol }));

/**
 * kubeadm patches for every node image: kubelet 1.35+ refuses cgroup v1 unless
 * told not to, and Docker engines on cgroup v1 hosts (Debian's 20.10 here)
 * give the nodes cgroup v1. The offline image also tells kubeadm the etcd tag
 * it carries (the etcd the Docker-free engine pins).
 */
export function kubeadmPatches(image: string): string[] {
  const patches = ['kind: KubeletConfiguration\napiVersion: kubelet.config.k8s.io/v1beta1\nfailCgroupV1: false\n'];
  if (image === localNodeImage) {
    patches.push(`kind: ClusterConfiguration\napiVersion: kubeadm.k8s.io/v1beta4\netcd:\n  local:\n    imageTag: ${etcdImage.split(':')[1]}\n`);
  }
  return patches;
}

/** The kind cluster config: one control-plane node labelled ingress-ready with the port mappings, plus workers. */
export function kindConfig(workers: number, image: string = kindNodeImage, portMappings: readonly { containerPort: number; hostPort: number; protocol: string }[] = kindPortMappings): Record<string, unknown> {
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: clusterName,
    kubeadmConfigPatches: kubeadmPatches(image),
    nodes: [
      {
        role: 'control-plane',
        image,
        labels: { 'ingress-ready': 'true' },
        extraPortMappings: portMappings.map((m) => ({ ...m, listenAddress: '127.0.0.1' })),
      },
      ...Array.from({ length: workers }, () => ({ role: 'worker', image })),
    ],
  };
}

export const kindCommands = {
  create: (configFile: string, kubeconfig: string) => ['create', 'cluster', '--name', clusterName, '--config', configFile, '--kubeconfig', kubeconfig, '--wait', '180s'],
  delete: (kubeconfig: string) => ['delete', 'cluster', '--name', clusterName, '--kubeconfig', kubeconfig],
  exportKubeconfig: (kubeconfig: string) => ['export', 'kubeconfig', '--name', clusterName, '--kubeconfig', kubeconfig],
  list: () => ['get', 'clusters'],
};

/**
 * Images of the lab catalog that Kubernetes labs run in Pods: loaded into the
 * nodes (`kind load docker-image`) when Docker has them, so Pods with
 * `imagePullPolicy: IfNotPresent` start without a registry, and a tag nobody
 * loaded fails with a real ErrImagePull.
 */
export const kindLabImages = ['busybox:1.37', 'nginx:1.30-trixie', 'nginx:1.31-trixie', 'node:26-bookworm-slim', 'redis:7.2-bookworm', 'postgres:16-bookworm'] as const;

/** How to get kind, worded for this machine. */
export function kindInstallHint(hasGo: boolean): string {
  return hasGo
    ? `install kind with \`go install sigs.k8s.io/kind@v${versions.kind}\` (puts it in $(go env GOPATH)/bin), or use --engine kind to build it, or --engine kwok`
    : `install kind v${versions.kind} from https://kind.sigs.k8s.io/docs/user/quick-start/#installation, or use --engine kwok`;
}

/** The first lines of a failed pull, for the message that says why the local image is built. */
export function pullFailureReason(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? 'no output';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** Where the engine finds kind: the one on PATH, else the one built into the cache. */
export async function kindCommand(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (await commandExists('kind', env)) return 'kind';
  const cached = goInstallPaths(kindInstall, env)[0];
  return existsSync(cached) ? cached : undefined;
}

export function kindEngine({ env, logger }: EngineContext): ClusterEngine {
  const p = paths(env);
  const info = (): ClusterInfo => ({ engine: 'kind', kubeconfig: p.kubeconfig, context: `kind-${clusterName}` });
  const kind = async (args: string[], timeoutMs = 60_000, onLine?: (l: string) => void) => {
    const cmd = (await kindCommand(env)) ?? (await ensureGoInstall(kindInstall, { env, logger }))[0];
    const { env: kindEnv } = await kindEnvironment(env);
    return exec(cmd, args, { env: kindEnv, timeoutMs, onLine });
  };

  async function exists(): Promise<boolean> {
    const cmd = await kindCommand(env);
    if (!cmd) return false;
    const r = await exec(cmd, kindCommands.list(), { env, allowFailure: true });
    return r.code === 0 && r.stdout.split('\n').some((l) => l.trim() === clusterName);
  }

  /** The published kindest/node where it is here or can be pulled; else the node image built from local parts. */
  async function nodeImage(): Promise<string> {
    if (env.KUBECAMP_KIND_NODE_IMAGE === 'local') return ensureLocalNodeImage({ env, logger });
    const have = await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', kindNodeImage], { env, allowFailure: true });
    if (have.code === 0) return kindNodeImage;
    const pulled = await timedStep(logger, `pulling ${kindNodeImage}`, () => exec('docker', ['pull', kindNodeImage], { env, allowFailure: true, timeoutMs: 15 * 60_000 }));
    if (pulled.code === 0) return kindNodeImage;
    logger.info(`the published node image cannot be pulled (${pullFailureReason(pulled.stderr || pulled.stdout)}); using one built from local parts`);
    return ensureLocalNodeImage({ env, logger });
  }

  /** Load the lab images Docker has into every node (kind skips a node that already has the image). */
  async function loadLabImages(): Promise<void> {
    const present: string[] = [];
    for (const ref of kindLabImages) {
      if ((await exec('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], { env, allowFailure: true })).code === 0) present.push(ref);
    }
    const absent = kindLabImages.filter((r) => !present.includes(r));
    if (absent.length) logger.info(`not in Docker, so not loaded into the kind nodes: ${absent.join(', ')} (run \`npm run images\`)`);
    if (present.length === 0) return;
    await timedStep(logger, `loading ${present.length} lab images into the kind nodes`, async (step) => {
      for (const ref of present) {
        step.progress(ref);
        await kind(['load', 'docker-image', ref, '--name', clusterName], 600_000);
      }
    });
  }

  return {
    name: 'kind',
    info,
    exists,
    async detect(options?: { requested?: boolean }): Promise<Availability> {
      const docker = await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env, allowFailure: true, timeoutMs: 15_000 }).catch(() => null);
      if (!docker || docker.code !== 0) {
        return { ok: false, reason: 'kind needs a running Docker engine and none answers', fix: 'start Docker (`npm run docker:up` on Linux), or use --engine kwok' };
      }
      // The default engine is kind only where kind is installed; asked for by name, kind built into
      // the cache counts too, and up() builds it from its Go module (seconds) when Go is there.
      if (!(await commandExists('kind', env))) {
        const hasGo = await commandExists('go', env);
        if (options?.requested && (hasGo || (await kindCommand(env)))) return { ok: true };
        return { ok: false, reason: 'kind is not installed', fix: kindInstallHint(hasGo) };
      }
      return { ok: true };
    },
    async up(options: UpOptions): Promise<ClusterInfo> {
      if (await exists()) {
        logger.info(`kind cluster "${clusterName}" exists; reusing it`);
        await kind(kindCommands.exportKubeconfig(p.kubeconfig));
      } else {
        const image = await nodeImage();
        options.onBuilt?.();
        await mkdir(p.home, { recursive: true });
        const configFile = join(p.home, 'kind-config.yaml');
        // KUBECAMP_KIND_PORT_MAPPINGS=none: no host ports (a second cluster on a machine whose ports other tests use).
        const ports = env.KUBECAMP_KIND_PORT_MAPPINGS === 'none' ? [] : kindPortMappings;
        await writeFile(configFile, stringify(kindConfig(options.nodes, image, ports)));
        const log = join(p.home, 'kind-create.log');
        const lines: string[] = [];
        await timedStep(logger, `creating kind cluster "${clusterName}" (node image ${image.split('@')[0]})`, async (step) => {
          try {
            await kind([...kindCommands.create(configFile, p.kubeconfig), '--retain', '-v', '1'], 600_000, (l) => {
              lines.push(l);
              if (/^ [✓✗•]/.test(l)) step.progress(l.trim());
            });
          } catch (err) {
            await writeFile(log, `${lines.join('\n')}\n`).catch(() => {});
            const logsDir = join(p.home, 'kind-logs');
            await kind(['export', 'logs', logsDir, '--name', clusterName], 120_000).catch(() => {});
            await kind(kindCommands.delete(p.kubeconfig), 180_000).catch(() => {});
            throw new ContextError(`creating the kind cluster "${clusterName}" failed and was rolled back`, {
              cause: err,
              fix: `read ${log} and the node logs in ${logsDir} (kubelet.log, containerd.log, journal.log); then \`npm run cluster:reset -- --engine kind\``,
            });
          }
        });
      }
      await waitForApiServer(info(), 60_000);
      await applyClusterDefaults(info(), logger);
      await loadLabImages();
      return info();
    },
    async down() {
      if (!(await exists())) return;
      await timedStep(logger, `deleting kind cluster "${clusterName}"`, () => kind(kindCommands.delete(p.kubeconfig), 180_000));
    },
  };
}
