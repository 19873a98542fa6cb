import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { withBuildLock } from '../images/rootfs.ts';
import { dockerImageId } from './docker-image.ts';
import { buildPidLabel, recipeDigest } from './kind-node-image.ts';

/**
 * A node image with the lab and add-on images already in its containerd, so a
 * new kind cluster starts with them instead of `kind load docker-image` copying
 * them into every node each time (≈ 55 s of a 1 min 36 s `cluster:up` here).
 * Made once from whichever node image `up` uses (published or built offline)
 * the way kind's own node-image build imports images: containerd started in a
 * container of that image, `ctr images import --no-unpack`, `docker commit`.
 * Its tag is a digest of the node image's ID and each image's tag and ID, so a
 * rebuilt lab image makes a new one; the older ones are removed.
 */
export const preloadRepository = 'kubecamp-kind/node-preloaded';

export interface PresentImage {
  ref: string;
  id: string;
}

export function preloadTag(nodeImageId: string, images: PresentImage[]): string {
  const parts = [...images].sort((a, b) => a.ref.localeCompare(b.ref)).map((i) => `${i.ref}@${i.id}`);
  return `${preloadRepository}:${recipeDigest({ node: nodeImageId, images: parts })}`;
}

/** The `--change` options that give the committed image the entrypoint and command of the node image it came from. */
export function restoreConfigChanges(config: { Entrypoint?: string[] | null; Cmd?: string[] | null }): string[] {
  // Both always: the container ran `sleep infinity`, which the commit would keep otherwise.
  return ['--change', `ENTRYPOINT ${JSON.stringify(config.Entrypoint ?? [])}`, '--change', `CMD ${JSON.stringify(config.Cmd ?? [])}`];
}

/**
 * The preloaded node image for `nodeImage` with those of `refs` Docker has (built on the first call
 * for this combination). With none of them in Docker, `nodeImage` itself.
 */
export async function ensurePreloadedNodeImage(nodeImage: string, refs: string[], ctx: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<string> {
  const { env, logger } = ctx;
  const nodeId = await dockerImageId(nodeImage, env);
  if (!nodeId) throw new ContextError(`the node image ${nodeImage} is not in Docker`);
  const present: PresentImage[] = [];
  for (const ref of refs) {
    const id = await dockerImageId(ref, env);
    if (id) present.push({ ref, id });
  }
  if (present.length === 0) return nodeImage;
  const tag = preloadTag(nodeId, present);
  if (await dockerImageId(tag, env)) return tag;
  await withBuildLock(env, logger, async () => {
    if (await dockerImageId(tag, env)) return;
    await timedStep(logger, `preloading ${present.length} images into a node image (once for these images; cached as ${tag})`, async (step) => {
      const name = `kubecamp-kind-preload-${Date.now()}`;
      const config = JSON.parse((await exec('docker', ['image', 'inspect', '--format', '{{json .Config}}', nodeImage], { env })).stdout) as { Entrypoint?: string[]; Cmd?: string[] };
      try {
        await exec('docker', ['run', '-d', '--entrypoint=sleep', `--name=${name}`, '--security-opt', 'seccomp=unconfined', '--label', 'org.kubecamp.kind=build', '--label', `${buildPidLabel}=${process.pid}`, nodeImage, 'infinity'], { env });
        const inNode = (script: string, what: string) => withContext(what, () => exec('docker', ['exec', name, 'bash', '-ec', script], { env, timeoutMs: 600_000 }));
        await inNode('nohup containerd > /var/log/containerd-preload.log 2>&1 &\nfor i in $(seq 1 50); do [ -S /run/containerd/containerd.sock ] && break; sleep 0.2; done\nctr info >/dev/null', 'starting containerd in the preload container');
        step.progress(present.map((i) => i.ref).join(', '));
        // One archive: the layers the lab images share (the Debian root filesystem) go in once.
        const quoted = present.map((i) => `'${i.ref}'`).join(' ');
        await withContext('importing the images into the node image\'s containerd', () =>
          exec('bash', ['-o', 'pipefail', '-c', `docker save ${quoted} | docker exec -i ${name} ctr --namespace=k8s.io images import --no-unpack --digests -`], { env, timeoutMs: 900_000 }),
        );
        const listed = (await inNode('ctr --namespace=k8s.io images list -q', 'listing the imported images')).stdout.split('\n');
        const missing = present.map((i) => i.ref).filter((ref) => !listed.some((l) => l === ref || l === `docker.io/library/${ref}` || l === `docker.io/${ref}`));
        if (missing.length) throw new ContextError(`the preloaded node image's containerd lacks ${missing.join(', ')} after the import`, { details: listed.join('\n') });
        await inNode('pkill containerd; for i in $(seq 1 50); do pgrep -x containerd >/dev/null || break; sleep 0.2; done; rm -f /var/log/containerd-preload.log', 'stopping containerd');
        step.progress('committing');
        await exec('docker', ['commit', ...restoreConfigChanges(config), '--change', 'LABEL org.kubecamp.kind=node-preloaded', name, tag], { env, timeoutMs: 600_000 });
      } finally {
        await exec('docker', ['rm', '-f', '-v', name], { env, allowFailure: true });
      }
    });
    // Older preloads (other lab image builds): removed, unless a cluster still runs on one.
    const others = (await exec('docker', ['image', 'ls', preloadRepository, '--format', '{{.Repository}}:{{.Tag}}'], { env, allowFailure: true })).stdout.split('\n').filter((t) => t && t !== tag);
    if (others.length) await exec('docker', ['rmi', ...others], { env, allowFailure: true });
  });
  return tag;
}
