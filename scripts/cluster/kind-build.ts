import { ContextError } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { formatDuration, type Logger } from '../../checker/lib/logger.ts';
import { kindCommand, presentLabImageTags } from './kind-engine.ts';
import { ensurePreloadedNodeImage } from './kind-preload.ts';
import { addons, ensureAddonImages } from './kind-addons.ts';
import { ensureLocalNodeImage, kindInstall, localBaseImage } from './kind-node-image.ts';
import { buildKubernetesCommands, ensureGoInstall, kubernetesCommandPath, kubernetesCommands } from './kube-binaries.ts';
import { dirname } from 'node:path';
import { dockerImageExists } from './docker-image.ts';

/** Where each offline part of the kind engine is, for `cluster:build --engine kind`. */
export interface KindArtifacts {
  /** The kind command the engine runs: a full path. */
  kind: string;
  /** Folder of kubelet, kubeadm, kubectl, kube-proxy and the control-plane commands. */
  kubernetes: string;
  /** The node image `cluster:up -- --engine kind` uses offline. */
  nodeImage: string;
  /** kind's base image, when Docker still has it (only needed to rebuild the node image). */
  baseImage?: string;
  /** Traefik and metrics-server images, built from their Go modules (loaded into the nodes by `cluster:up`). */
  addonImages: string[];
  /** The node image with the lab images Docker has and the add-ons in its containerd (kind-preload.ts): what `cluster:up` starts. */
  preloadedImage: string;
}

/**
 * Build, or find cached, everything the kind engine needs to start a cluster
 * with no registry: kind, the Kubernetes commands, kind's base image and the
 * node image. Every step is a cache lookup when done before, so it is cheap
 * to call on every CI run.
 */
export async function ensureKindArtifacts({ env, logger }: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<KindArtifacts> {
  const docker = await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env, allowFailure: true, timeoutMs: 15_000 }).catch(() => null);
  if (!docker || docker.code !== 0) {
    throw new ContextError("kind's node image lives in Docker and no Docker engine answers", { fix: 'start Docker (`npm run docker:up` on Linux), then run `npm run cluster:build -- --engine kind` again' });
  }
  const onPath = await kindCommand(env);
  const kind = onPath === 'kind'
    ? (await exec('sh', ['-c', 'command -v kind'], { env })).stdout.trim()
    : onPath ?? (await ensureGoInstall(kindInstall, { env, logger }))[0];
  await buildKubernetesCommands(kubernetesCommands, env, logger);
  const nodeImage = await ensureLocalNodeImage({ env, logger });
  const addonImages = await ensureAddonImages({ env, logger });
  const labImages = await presentLabImageTags(env);
  const preloadedImage = await ensurePreloadedNodeImage(nodeImage, [...labImages, ...addonImages], { env, logger });
  const baseImage = (await dockerImageExists(localBaseImage, env)) ? localBaseImage : undefined;
  return { kind, kubernetes: dirname(kubernetesCommandPath('kubectl', env)), nodeImage, baseImage, addonImages, preloadedImage };
}

/** What `cluster:build --engine kind` prints at the end. */
export function kindArtifactsSummary(a: KindArtifacts, elapsedMs: number): string {
  return [
    `kind's offline parts are ready (${formatDuration(elapsedMs)}):`,
    `  kind:        ${a.kind}`,
    `  kubernetes:  ${a.kubernetes} (${kubernetesCommands.join(', ')})`,
    `  base image:  ${a.baseImage ? `${a.baseImage} (in Docker)` : `${localBaseImage} is not in Docker (only needed to rebuild the node image)`}`,
    `  node image:  ${a.nodeImage} (in Docker; \`npm run cluster:up -- --engine kind\` uses it when kindest/node cannot be pulled)`,
    `  add-ons:     ${a.addonImages.join(', ')} (in Docker; \`cluster:up\` loads them into the nodes: ${addons.map((x) => x.name).join(', ')})`,
    `  preloaded:   ${a.preloadedImage === a.nodeImage ? 'no lab images in Docker yet (`npm run images`), so none preloaded' : `${a.preloadedImage} (the node image with the lab images and add-ons in it: what \`cluster:up\` starts)`}`,
    '',
  ].join('\n');
}
