import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../checker/lib/errors.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { noopLogger } from '../../checker/lib/logger.ts';
import { versions } from '../versions.ts';
import { run } from './cli.ts';
import { metricsServerAddon, traefikAddon } from './kind-addons.ts';
import { ensureKindArtifacts, kindArtifactsSummary } from './kind-build.ts';
import { kindImageTags, kindLabImages } from './kind-engine.ts';
import { preloadTag } from './kind-preload.ts';
import { localBaseImage, localNodeImage } from './kind-node-image.ts';
import { kubernetesCommands } from './kube-binaries.ts';

/**
 * A cache with kind and every Kubernetes command already built, and a fake
 * `docker` first on PATH: `info` answers unless DOCKER_DOWN is set, and
 * `image inspect` finds every image except the base when BASE_GONE is set, and
 * except Traefik's and metrics-server's when ADDONS_GONE is set.
 */
async function cachedMachine(extra: Record<string, string> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'kc-kind-build-'));
  const fakeBin = join(home, 'fake-bin');
  await mkdir(fakeBin, { recursive: true });
  await writeFile(join(fakeBin, 'docker'), `#!/bin/sh
case "$1" in
  info) [ -z "$DOCKER_DOWN" ] && echo 20.10.24 && exit 0; echo "Cannot connect to the Docker daemon" >&2; exit 1 ;;
  image) case "$*" in *kubecamp-kind/base*) [ -n "$BASE_GONE" ] && exit 1 ;; *kubecamp-kind/traefik*|*kubecamp-kind/metrics-server*) [ -n "$ADDONS_GONE" ] && exit 1 ;; esac; echo sha256:1; exit 0 ;;
esac
echo "unexpected docker $*" >&2; exit 2
`);
  await chmod(join(fakeBin, 'docker'), 0o755);
  const kindDir = join(home, 'bin', `kind-v${versions.kind}`);
  const kubeDir = join(home, 'bin', `kubernetes-v${versions.kubernetes}`);
  await mkdir(kindDir, { recursive: true });
  await mkdir(kubeDir, { recursive: true });
  await writeFile(join(kindDir, 'kind'), '');
  for (const c of kubernetesCommands) await writeFile(join(kubeDir, c), '');
  return { env: { KUBECAMP_HOME: home, PATH: `${fakeBin}:/usr/bin:/bin`, ...extra }, kindDir, kubeDir };
}

describe('cluster:build --engine kind', () => {
  it('finds everything cached and says where each part is', async () => {
    const { env, kindDir, kubeDir } = await cachedMachine();
    const io = memoryIo(env);
    expect(await run(['build', '--engine', 'kind'], io)).toBe(0);
    // The fake docker gives every image the ID sha256:1; each lab image with its other official tags.
    const refs = [...kindLabImages.flatMap((ref) => kindImageTags(ref)), traefikAddon.localImage, metricsServerAddon.localImage];
    const preloaded = preloadTag('sha256:1', refs.map((ref) => ({ ref, id: 'sha256:1' })));
    expect(io.out().replace(/\(\d+ ms\)/, '(N ms)')).toBe(
      "kind's offline parts are ready (N ms):\n" +
        `  kind:        ${kindDir}/kind\n` +
        `  kubernetes:  ${kubeDir} (kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kubelet, kubeadm, kube-proxy)\n` +
        `  base image:  ${localBaseImage} (in Docker)\n` +
        `  node image:  ${localNodeImage} (in Docker; \`npm run cluster:up -- --engine kind\` uses it when kindest/node cannot be pulled)\n` +
        `  add-ons:     ${traefikAddon.localImage}, ${metricsServerAddon.localImage} (in Docker; \`cluster:up\` loads them into the nodes: traefik, metrics-server)\n` +
        `  preloaded:   ${preloaded} (the node image with the lab images and add-ons in it: what \`cluster:up\` starts)\n`,
    );
  });

  it('builds the ingress controller and metrics-server images when Docker lacks them, and says what is missing without Go', async () => {
    const { env } = await cachedMachine({ ADDONS_GONE: '1' });
    const err = await run(['build', '--engine', 'kind'], memoryIo(env)).catch((e) => e);
    expect(formatError(err)).toBe(`error: Traefik v${versions.traefik} is not built yet, and Go is not installed\n  fix: install Go 1.26 or newer (https://go.dev/doc/install) and run the command again`);
  });

  it('does not rebuild the base image when only the node image is cached, and says so', async () => {
    const { env } = await cachedMachine({ BASE_GONE: '1' });
    const artifacts = await ensureKindArtifacts({ env, logger: noopLogger });
    expect(artifacts.baseImage).toBeUndefined();
    expect(kindArtifactsSummary(artifacts, 1500)).toContain(`  base image:  ${localBaseImage} is not in Docker (only needed to rebuild the node image)\n`);
    expect(kindArtifactsSummary(artifacts, 1500)).toMatch(/^kind's offline parts are ready \(1\.5 s\):\n/);
  });

  it('fails with the fix when Docker does not answer', async () => {
    const { env } = await cachedMachine({ DOCKER_DOWN: '1' });
    const err = await run(['build', '--engine', 'kind'], memoryIo(env)).catch((e) => e);
    expect(formatError(err)).toBe(
      "error: kind's node image lives in Docker and no Docker engine answers\n  fix: start Docker (`npm run docker:up` on Linux), then run `npm run cluster:build -- --engine kind` again",
    );
  });

  it('without --engine still builds the Docker-free control plane (which here lacks Go)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kc-kind-build-'));
    // KUBECAMP_OFFLINE: a unit test never downloads the release binaries.
    const err = await run(['build'], memoryIo({ KUBECAMP_HOME: home, PATH: '/usr/bin:/bin', KUBECAMP_OFFLINE: '1' })).catch((e) => e);
    expect(formatError(err)).toMatch(/^error: the Docker-free control plane needs kube-apiserver, .*, kwokctl, which could not be downloaded \(KUBECAMP_OFFLINE is set\), and Go is not installed to build them\n {2}fix: install Go 1\.26 or newer/);
  });

  it('refuses --engine existing, which has nothing to build', async () => {
    const home = await mkdtemp(join(tmpdir(), 'kc-kind-build-'));
    const err = await run(['build', '--engine', 'existing'], memoryIo({ KUBECAMP_HOME: home, PATH: '/usr/bin:/bin' })).catch((e) => e);
    expect(formatError(err)).toBe('error: the existing engine has nothing to build\n  fix: use `npm run cluster:build` (Docker-free control plane) or `npm run cluster:build -- --engine kind`');
  });
});
