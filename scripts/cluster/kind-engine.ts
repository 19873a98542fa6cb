import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { clusterPortMappings } from '../../checker/lib/host-ports.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { timedStep } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { clusterName, kindNodeImage, versions } from '../versions.ts';
import { apiStatus, waitForApiServer } from './api-client.ts';
import { assertPortFree } from './ports.ts';
import { applyClusterDefaults } from './cluster-defaults.ts';
import { addonImage, installAddons, metricsServerAddon, traefikAddon } from './kind-addons.ts';
import { ensurePreloadedNodeImage } from './kind-preload.ts';
import { dockerImageExists, pullImage } from './docker-image.ts';
import { kindEnvironment } from './kind-docker-shim.ts';
import { ensureLocalNodeImage, etcdImage, kindInstall, localNodeImage } from './kind-node-image.ts';
import { findEntry } from '../images/catalog.ts';
import { ensureHelm, linkHelm } from './helm-binary.ts';
import { binaryLocations, ensureGoInstall, goInstallPaths } from './kube-binaries.ts';
import type { Availability, ClusterEngine, ClusterInfo, EngineContext, UpOptions } from './engine.ts';

/**
 * Host ports the Service and Ingress lessons use: the ingress controller's
 * 80/443 on 18080/18443 (no root needed, clear of the container labs' 8080…),
 * and one NodePort. From the one host-port table `labs validate` checks.
 */
export const kindPortMappings = clusterPortMappings.map(({ containerPort, hostPort, protocol }) => ({ containerPort, hostPort, protocol }));

/** Fail before creating anything when a host port the cluster maps is taken (kind would fail half-way, on `docker run`). */
export async function assertKindPortsFree(mappings: readonly { hostPort: number; what?: string }[]): Promise<void> {
  for (const m of mappings) {
    await assertPortFree(m.hostPort, '127.0.0.1', {
      what: `kind maps it to ${m.what ?? 'the cluster'}`,
      fix: 'and run `npm run cluster:up -- --engine kind` again, or set KUBECAMP_KIND_PORT_MAPPINGS=none to create the cluster without host ports',
    });
  }
}

/** kind's `--wait` ends with this line, and exit code 0, when the control plane never became Ready. */
export function kindWaitTimedOut(lines: readonly string[]): boolean {
  return lines.some((l) => /Timed out waiting for Ready/i.test(l));
}

/** The nodes that are not Ready, or that are missing from the `expected` count. */
export function notReadyNodes(nodes: readonly { name: string; ready: boolean }[], expected: number): string[] {
  const notReady = nodes.filter((n) => !n.ready).map((n) => n.name);
  const missing = Math.max(0, expected - nodes.length);
  return missing ? [...notReady, `${missing} node${missing === 1 ? '' : 's'} never registered`] : notReady;
}

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

/**
 * The kind cluster's name: `kubecamp`, or KUBECAMP_KIND_CLUSTER (tests, so a
 * throwaway cluster never reuses, then deletes, the learner's or another test's).
 * Node containers are named `<name>-control-plane`, `<name>-worker`…
 */
export function kindClusterName(env: NodeJS.ProcessEnv = process.env): string {
  const name = env.KUBECAMP_KIND_CLUSTER || clusterName;
  if (!/^[a-z0-9][a-z0-9-]{0,30}$/.test(name)) {
    throw new ContextError(`KUBECAMP_KIND_CLUSTER is "${name}", which kind cannot use as a cluster name`, { fix: 'use lower-case letters, digits and dashes, at most 31 characters' });
  }
  return name;
}

/**
 * The kind cluster config: one control-plane node labelled ingress-ready with the port mappings, plus
 * workers. `nodeImage` is the node image `image` was made from (the preloaded one is made from either):
 * what it carries decides the kubeadm patches.
 */
export function kindConfig(
  workers: number,
  image: string = kindNodeImage,
  portMappings: readonly { containerPort: number; hostPort: number; protocol: string }[] = kindPortMappings,
  name: string = clusterName,
  nodeImage: string = image,
): Record<string, unknown> {
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name,
    kubeadmConfigPatches: kubeadmPatches(nodeImage),
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
  create: (configFile: string, kubeconfig: string, name: string = clusterName) => ['create', 'cluster', '--name', name, '--config', configFile, '--kubeconfig', kubeconfig, '--wait', '180s'],
  delete: (kubeconfig: string, name: string = clusterName) => ['delete', 'cluster', '--name', name, '--kubeconfig', kubeconfig],
  exportKubeconfig: (kubeconfig: string, name: string = clusterName) => ['export', 'kubeconfig', '--name', name, '--kubeconfig', kubeconfig],
  list: () => ['get', 'clusters'],
};

/**
 * Images of the lab catalog that Kubernetes labs run in Pods: loaded into the
 * nodes (`kind load docker-image`) when Docker has them, so Pods with
 * `imagePullPolicy: IfNotPresent` start without a registry, and a tag nobody
 * loaded fails with a real ErrImagePull.
 */
export const kindLabImages = ['busybox:1.37', 'nginx:1.30-trixie', 'nginx:1.31-trixie', 'node:26-bookworm-slim', 'redis:7.2-bookworm', 'postgres:16-bookworm'] as const;

/**
 * What goes into the nodes for one lab image: the image and the other tags the
 * official image publishes for it (`nginx:1.30` is `nginx:1.30-trixie`), so a Pod
 * naming the short tag, as lessons do, starts without a registry too.
 */
export function kindImageTags(ref: string): string[] {
  return [ref, ...(findEntry(ref)?.aliases ?? [])];
}

/** The lab images Docker has, each also tagged with its other official tags (where missing). */
export async function presentLabImages(env: NodeJS.ProcessEnv): Promise<string[]> {
  const present: string[] = [];
  for (const ref of kindLabImages) {
    if (!(await dockerImageExists(ref, env))) continue;
    for (const alias of kindImageTags(ref).slice(1)) if (!(await dockerImageExists(alias, env))) await exec('docker', ['tag', ref, alias], { env });
    present.push(ref);
  }
  return present;
}

/** Every tag of the lab images Docker has (each with its other official tags): what a node image preloads. */
export async function presentLabImageTags(env: NodeJS.ProcessEnv): Promise<string[]> {
  return (await presentLabImages(env)).flatMap((ref) => kindImageTags(ref));
}

/** How to get kind, worded for this machine. */
export function kindInstallHint(hasGo: boolean): string {
  return hasGo
    ? `install kind with \`go install sigs.k8s.io/kind@v${versions.kind}\` (puts it in $(go env GOPATH)/bin), or use --engine kind to build it, or --engine kwok`
    : `install kind v${versions.kind} from https://kind.sigs.k8s.io/docs/user/quick-start/#installation, or use --engine kwok`;
}

/** Where the engine finds kind: the one on PATH, else the one built into the cache. */
export async function kindCommand(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (await commandExists('kind', env)) return 'kind';
  const cached = goInstallPaths(kindInstall, env)[0];
  return existsSync(cached) ? cached : undefined;
}

export function kindEngine({ env, logger }: EngineContext): ClusterEngine {
  const p = paths(env);
  const name = kindClusterName(env);
  const kubectl = binaryLocations(env).kubectl;
  const info = (): ClusterInfo => ({ engine: 'kind', kubeconfig: p.kubeconfig, context: `kind-${name}`, ...(existsSync(kubectl) ? { binDir: dirname(kubectl) } : {}) });
  const kind = async (args: string[], timeoutMs = 60_000, onLine?: (l: string) => void) => {
    const cmd = (await kindCommand(env)) ?? (await ensureGoInstall(kindInstall, { env, logger }))[0];
    const { env: kindEnv } = await kindEnvironment(env);
    return exec(cmd, args, { env: kindEnv, timeoutMs, onLine });
  };

  async function exists(): Promise<boolean> {
    const cmd = await kindCommand(env);
    if (!cmd) return false;
    const r = await exec(cmd, kindCommands.list(), { env, allowFailure: true });
    return r.code === 0 && r.stdout.split('\n').some((l) => l.trim() === name);
  }

  /** The published kindest/node where it is here or can be pulled; else the node image built from local parts. */
  async function nodeImage(): Promise<string> {
    if (env.KUBECAMP_KIND_NODE_IMAGE === 'local') return ensureLocalNodeImage({ env, logger });
    if (await dockerImageExists(kindNodeImage, env)) return kindNodeImage;
    const refused = await pullImage(kindNodeImage, { env, logger, timeoutMs: 15 * 60_000 });
    if (refused === undefined) return kindNodeImage;
    logger.info(`the published node image cannot be pulled (${refused}); using one built from local parts`);
    return ensureLocalNodeImage({ env, logger });
  }

  /**
   * The node image with the lab and add-on images in it already (kind-preload.ts), so `kind load`
   * below finds them there and copies nothing. Any failure: the plain node image, and the loads copy.
   */
  async function preloaded(node: string, offline: boolean): Promise<string> {
    try {
      const labTags = await presentLabImageTags(env);
      const addons = [await addonImage(traefikAddon, { env, logger, offline }), await addonImage(metricsServerAddon, { env, logger, offline })];
      return await ensurePreloadedNodeImage(node, [...labTags, ...addons], { env, logger });
    } catch (err) {
      logger.warn(`could not preload the images into the node image, so they are loaded into each node instead: ${err instanceof Error ? err.message : String(err)}`);
      return node;
    }
  }

  /**
   * Load the lab images Docker has into every node, each with its other official
   * tags (tagged in Docker first where missing), in one `kind load`: one archive,
   * so the layers the images share (the Debian root filesystem) are saved and
   * imported once, not once per image. kind skips a node that has them all.
   */
  async function loadLabImages(): Promise<void> {
    const present = await presentLabImages(env);
    const absent = kindLabImages.filter((r) => !present.includes(r));
    if (absent.length) logger.info(`not in Docker, so not loaded into the kind nodes: ${absent.join(', ')} (run \`npm run images\`)`);
    if (present.length === 0) return;
    await timedStep(logger, `loading ${present.length} lab images into the kind nodes`, async (step) => {
      step.progress(present.join(', '));
      await kind(['load', 'docker-image', ...present.flatMap((ref) => kindImageTags(ref)), '--name', name], 600_000);
    });
  }

  /**
   * A kubectl of the cluster's version for lab steps and the learner's terminal
   * (the cluster's binDir, first on their PATH), with helm beside it: the cached
   * build, else on Linux the node's own /usr/bin/kubectl copied out. Without it
   * the kubectl on PATH is used, which may be years older (`kubectl autoscale --cpu` is 1.35+).
   */
  async function provideKubectl(): Promise<void> {
    if (!existsSync(kubectl) && process.platform === 'linux') {
      await mkdir(dirname(kubectl), { recursive: true });
      const copied = await exec('docker', ['cp', `${name}-control-plane:/usr/bin/kubectl`, `${kubectl}.tmp`], { env, allowFailure: true });
      if (copied.code === 0) await rename(`${kubectl}.tmp`, kubectl);
    }
    if (!existsSync(kubectl)) {
      logger.info(`no kubectl v${versions.kubernetes} at ${kubectl}: labs use the kubectl on your PATH`);
      return;
    }
    try {
      await linkHelm(await ensureHelm({ env, logger }), dirname(kubectl));
    } catch (err) {
      logger.warn(`helm is not available, so the helm lab cannot run: ${err instanceof Error ? err.message : String(err)}`);
    }
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
      let offline = env.KUBECAMP_KIND_NODE_IMAGE === 'local';
      if (await exists()) {
        logger.info(`kind cluster "${name}" exists; reusing it`);
        await kind(kindCommands.exportKubeconfig(p.kubeconfig, name));
      } else {
        const node = await nodeImage();
        offline ||= node === localNodeImage;
        const image = await preloaded(node, offline);
        options.onBuilt?.();
        await mkdir(p.home, { recursive: true });
        const configFile = join(p.home, 'kind-config.yaml');
        // KUBECAMP_KIND_PORT_MAPPINGS=none: no host ports (a second cluster on a machine whose ports other tests use).
        const ports = env.KUBECAMP_KIND_PORT_MAPPINGS === 'none' ? [] : kindPortMappings;
        if (ports.length) await assertKindPortsFree(clusterPortMappings);
        await writeFile(configFile, stringify(kindConfig(options.nodes, image, ports, name, node)));
        const log = join(p.home, 'kind-create.log');
        const logsDir = join(p.home, 'kind-logs');
        const lines: string[] = [];
        /** Keep kind's output and the node logs, delete the half-made cluster, and say where to look. */
        const rollBack = async (err: unknown, what: string): Promise<never> => {
          await writeFile(log, `${lines.join('\n')}\n`).catch(() => {});
          await rm(logsDir, { recursive: true, force: true }).catch(() => {});
          await kind(['export', 'logs', logsDir, '--name', name], 120_000).catch(() => {});
          await kind(kindCommands.delete(p.kubeconfig, name), 180_000).catch(() => {});
          throw new ContextError(`${what} and was rolled back`, {
            cause: err,
            fix: `read ${log} and the node logs in ${logsDir} (kubelet.log, containerd.log, journal.log); then \`npm run cluster:reset -- --engine kind\``,
          });
        };
        await timedStep(logger, `creating kind cluster "${name}" (node image ${image.split('@')[0]})`, async (step) => {
          try {
            await kind([...kindCommands.create(configFile, p.kubeconfig, name), '--retain', '-v', '1'], 600_000, (l) => {
              lines.push(l);
              if (/^ [✓✗•]/.test(l)) step.progress(l.trim());
            });
          } catch (err) {
            await rollBack(err, `creating the kind cluster "${name}" failed`);
          }
          if (kindWaitTimedOut(lines)) await rollBack(undefined, `the control-plane node of kind cluster "${name}" never became Ready within 180 s`);
        });
        await timedStep(logger, `waiting for ${options.nodes + 1} kind nodes to be Ready`, async () => {
          const deadline = Date.now() + 180_000;
          let pending: string[] = [];
          try {
            await waitForApiServer(info(), 60_000);
            do {
              pending = notReadyNodes((await apiStatus(info())).nodes, options.nodes + 1);
              if (pending.length) await new Promise((r) => setTimeout(r, 2_000));
            } while (pending.length && Date.now() < deadline);
          } catch (err) {
            await rollBack(err, `the new kind cluster "${name}" does not answer`);
          }
          if (pending.length) await rollBack(undefined, `kind nodes never became Ready within 180 s: ${pending.join(', ')}`);
        });
      }
      // A cluster left by an interrupted create, or whose node containers Docker did not restart, answers nothing.
      await withContext(`the kind cluster "${name}" does not answer`, () => waitForApiServer(info(), 60_000),
        `see \`docker ps -a --filter label=io.x-k8s.kind.cluster=${name}\` and \`kind export logs --name ${name}\`; \`npm run cluster:reset -- --engine kind\` deletes and recreates it`);
      await applyClusterDefaults(info(), logger);
      await loadLabImages();
      await provideKubectl();
      // With the node image built offline, the add-ons are too (no pull attempts).
      await installAddons({ env, logger, cluster: name, offline, load: (refs) => kind(['load', 'docker-image', ...refs, '--name', name], 600_000) });
      return info();
    },
    async down() {
      if (!(await exists())) return;
      await timedStep(logger, `deleting kind cluster "${name}"`, () => kind(kindCommands.delete(p.kubeconfig, name), 180_000));
    },
  };
}
