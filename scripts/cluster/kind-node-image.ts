import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { ensureBaseRootfs, finalCleanup, imagesHome, inChroot, aptUpdateIfStale, requireRootfsTools, tarRootfs, unpackBase, withBuildLock } from '../images/rootfs.ts';
import { isStaticElf } from '../images/stand-ins.ts';
import { versions } from '../versions.ts';
import { buildKubernetesCommands, ensureEtcd, ensureGoInstall, kubernetesCommandPath, kubernetesCommands, type GoInstall } from './kube-binaries.ts';
import { podnetImage, podnetManifest, podnetScript } from './kind-podnet.ts';
import { corednsPlugins, ensureCoredns } from './coredns-build.ts';
import { processAlive } from '../lib/process-alive.ts';
import { dockerImageExists } from './docker-image.ts';

/** Label of the node image's build container, with the pid of the process building it. */
export const buildPidLabel = 'org.kubecamp.build-pid';

/**
 * Build containers left behind by a node-image build that was killed (its
 * cleanup never ran), from `docker ps -a --format '{{.ID}} {{.Label "org.kubecamp.build-pid"}}'`
 * rows: those whose builder's pid is gone. A container without the label is
 * left alone (nothing says whose it is).
 */
export function staleBuildContainers(rows: string, alive: (pid: number) => boolean = processAlive): string[] {
  return rows.split('\n').flatMap((row) => {
    const [id, pid] = row.trim().split(/\s+/);
    return id && /^\d+$/.test(pid ?? '') && !alive(Number(pid)) ? [id] : [];
  });
}

/**
 * kind's node image, assembled on this machine from local parts when the
 * published kindest/node cannot be pulled (no registry reachable). It follows
 * what kind's own sources describe, read from the kind Go module:
 * images/base/Dockerfile + files/ for the base (Debian + systemd + containerd
 * + runc + CNI plugins + kind's entrypoint and units), and
 * pkg/build/nodeimage for the node (kubelet/kubeadm/kubectl in /usr/bin,
 * /kind/version, the CNI and storage manifests, and every image kubeadm and
 * those manifests need imported into containerd's k8s.io namespace with
 * `ctr images import --no-unpack` in a build container, then `docker commit`).
 */

export const kindModule = `sigs.k8s.io/kind@v${versions.kind}`;

export const kindInstall: GoInstall = { name: `kind-v${versions.kind}`, packages: ['sigs.k8s.io/kind'], version: `v${versions.kind}` };

const containerdVersion = `v${versions.kindContainerd}`;
/** containerd as kind's base Dockerfile builds it (same build tags), but static: CGO is only for btrfs/devmapper, which are left out. */
export const containerdInstall: GoInstall = {
  name: `containerd-${containerdVersion}`,
  packages: ['cmd/containerd', 'cmd/ctr', 'cmd/containerd-shim-runc-v2'].map((p) => `github.com/containerd/containerd/v2/${p}`),
  version: containerdVersion,
  tags: 'no_aufs no_zfs no_btrfs no_devmapper',
  ldflags: `-s -w -X github.com/containerd/containerd/v2/version.Version=${containerdVersion}`,
};
/** crictl, as kind's base ships it (its version's ldflags; `kind export logs` and learners use it inside a node). */
export const crictlInstall: GoInstall = {
  name: `crictl-v${versions.kindCrictl}`,
  packages: ['sigs.k8s.io/cri-tools/cmd/crictl'],
  version: `v${versions.kindCrictl}`,
  ldflags: `-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=v${versions.kindCrictl}`,
};
export const localPathInstall: GoInstall = {
  name: `local-path-provisioner-v${versions.kindLocalPathProvisioner}`,
  packages: ['github.com/rancher/local-path-provisioner'],
  version: `v${versions.kindLocalPathProvisioner}`,
};

/** Debian packages of kind's base image. Left out: fuse-overlayfs (rootless only), nfs-common and open-iscsi (storage drivers no lab uses). */
export const basePackages = [
  'systemd', 'conntrack', 'iptables', 'nftables', 'iproute2', 'ethtool', 'util-linux', 'mount', 'kmod', 'libseccomp2', 'pigz',
  'e2fsprogs', 'bash', 'ca-certificates', 'curl', 'jq', 'procps',
  // runc: Debian's (1.1.5) — runc needs cgo and libseccomp, Debian's build has both and runs here (cgroup v1 and v2).
  'runc',
  // CNI plugins: Debian's (1.1.1); kind ships host-local, loopback, ptp and portmap, copied to /opt/cni/bin.
  'containernetworking-plugins',
];

/**
 * Runs before kind's entrypoint. Where the shim replaced `--privileged`
 * (kind-docker-shim.ts), /sys and the cgroup mounts are read-only; kind's
 * entrypoint needs them writable (it creates /sys/fs/cgroup/<ctrl>/kubelet).
 */
export const remountEntrypoint = `#!/bin/sh
# kubecamp: make /sys and the cgroup mounts writable (they are read-only when the node was not started --privileged;
# a no-op when it was), then run kind's entrypoint
mount -o remount,rw /sys 2>/dev/null || echo "kubecamp: cannot remount /sys read-write" >&2
mount -o remount,rw /sys/fs/cgroup 2>/dev/null || true
for d in /sys/fs/cgroup/*/; do mount -o remount,bind,rw "$d" 2>/dev/null || true; done
exec /usr/local/bin/entrypoint "$@"
`;

export interface ComponentImage {
  /** Every tag the image gets (kubeadm's names, kind's manifest names). */
  tags: string[];
  /** Files to put in: host path → path in the image. */
  files: { from: string; to: string; mode?: number }[];
  /** debian: the minbase rootfs plus these packages; static: only the files. */
  base: { debian: string[] } | 'static';
  entrypoint?: string[];
  /** Extra files written into the image. */
  write?: { path: string; content: string; mode?: number }[];
}

export interface NodeParts {
  kubernetes: Record<'kubelet' | 'kubeadm' | 'kubectl' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kube-proxy', string>;
  etcd: string;
  containerd: string[];
  coredns: string;
  localPath: string;
  pause: string;
  busybox: string;
}

/** kube-proxy runs iptables in the node's network namespace: pick the backend (legacy or nft) that already holds the node's rules, like kind's entrypoint. */
export const kubeProxyWrapper = `#!/bin/sh
# kubecamp: choose the iptables backend the node uses (its rules are where kind's entrypoint put them), then run kube-proxy
legacy=$( (iptables-legacy-save || true; ip6tables-legacy-save || true) 2>/dev/null | grep -c '^-' || true)
nft=$( (iptables-nft-save || true; ip6tables-nft-save || true) 2>/dev/null | grep -c '^-' || true)
mode=nft
[ "\${legacy:-0}" -gt "\${nft:-0}" ] && mode=legacy
for t in iptables ip6tables; do
  for s in "" -save -restore; do update-alternatives --set "$t$s" "/usr/sbin/$t-$mode$s" >/dev/null 2>&1 || true; done
done
update-alternatives --set iptables "/usr/sbin/iptables-$mode" >/dev/null 2>&1 || true
update-alternatives --set ip6tables "/usr/sbin/ip6tables-$mode" >/dev/null 2>&1 || true
exec /usr/local/bin/kube-proxy.bin "$@"
`;

/** The images the node's containerd holds, named as kubeadm v1.36.1 and kind's manifests ask for them. */
export function componentImages(parts: NodeParts, kindTags: { storageProvisioner: string; storageHelper: string }): ComponentImage[] {
  const k = `v${versions.kubernetes}`;
  const staticBinary = (name: string, from: string, tags: string[]): ComponentImage => ({ tags, base: 'static', files: [{ from, to: `/usr/local/bin/${name}` }] });
  return [
    staticBinary('kube-apiserver', parts.kubernetes['kube-apiserver'], [`registry.k8s.io/kube-apiserver:${k}`]),
    staticBinary('kube-controller-manager', parts.kubernetes['kube-controller-manager'], [`registry.k8s.io/kube-controller-manager:${k}`]),
    staticBinary('kube-scheduler', parts.kubernetes['kube-scheduler'], [`registry.k8s.io/kube-scheduler:${k}`]),
    {
      tags: [`registry.k8s.io/kube-proxy:${k}`],
      base: { debian: ['iptables', 'conntrack', 'kmod'] },
      files: [{ from: parts.kubernetes['kube-proxy'], to: '/usr/local/bin/kube-proxy.bin' }],
      write: [{ path: '/usr/local/bin/kube-proxy', content: kubeProxyWrapper, mode: 0o755 }],
    },
    // The etcd the Docker-free engine pins; kubeadm is told its tag (kindConfig's ClusterConfiguration patch).
    staticBinary('etcd', parts.etcd, [etcdImage]),
    { tags: [`registry.k8s.io/coredns/coredns:v${versions.kindCoredns}`], base: 'static', files: [{ from: parts.coredns, to: '/coredns' }], entrypoint: ['/coredns'] },
    // kind's containerd config names pause:3.10 as its sandbox image; kubeadm lists 3.10.2. Same pause.c.
    { tags: ['registry.k8s.io/pause:3.10.2', 'registry.k8s.io/pause:3.10'], base: 'static', files: [{ from: parts.pause, to: '/pause' }], entrypoint: ['/pause'] },
    {
      tags: [podnetImage],
      base: { debian: ['bash', 'curl', 'ca-certificates', 'jq', 'iproute2'] },
      files: [],
      write: [{ path: '/usr/local/bin/podnet', content: podnetScript, mode: 0o755 }],
      entrypoint: ['/usr/local/bin/podnet'],
    },
    { tags: [kindTags.storageProvisioner], base: 'static', files: [{ from: parts.localPath, to: '/usr/local/bin/local-path-provisioner' }], entrypoint: ['/usr/local/bin/local-path-provisioner'] },
    // The helper pod runs sh, mkdir and rm: a static busybox with those links.
    {
      tags: [kindTags.storageHelper],
      base: 'static',
      files: [{ from: parts.busybox, to: '/bin/busybox' }],
      write: ['sh', 'mkdir', 'rm'].map((a) => ({ path: `/bin/${a}`, content: `#!symlink busybox`, mode: 0o755 })),
    },
  ];
}

export const etcdImage = `registry.k8s.io/etcd:${versions.etcd}-0`;

/**
 * A string constant `name` from kind's Go source, so its manifests and image
 * names stay kind's own: raw and quoted literals joined with `+`, where an
 * identifier is another constant of the same file.
 */
export function goStringConstant(source: string, name: string): string {
  const decl = new RegExp(`(?:const|var)\\s+${name}\\s*=\\s*`).exec(source);
  if (!decl) throw new Error(`constant ${name} not found in kind's source`);
  let at = decl.index + decl[0].length;
  let value = '';
  for (;;) {
    const rest = source.slice(at);
    let m: RegExpExecArray | null;
    if ((m = /^`([^`]*)`/.exec(rest))) value += m[1];
    else if ((m = /^"((?:[^"\\]|\\.)*)"/.exec(rest))) value += JSON.parse(`"${m[1]}"`);
    else if ((m = /^([A-Za-z_]\w*)/.exec(rest))) value += goStringConstant(source, m[1]);
    else throw new Error(`cannot read the value of ${name} in kind's source`);
    at += m[0].length;
    const plus = /^\s*\+\s*/.exec(source.slice(at));
    if (!plus) return value;
    at += plus[0].length;
  }
}

/** The recipe's fingerprint: image tags change when any part of how they are made changes. */
export function recipeDigest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 12);
}

const recipe = {
  kind: versions.kind,
  kubernetes: versions.kubernetes,
  etcd: versions.etcd,
  containerd: versions.kindContainerd,
  crictl: versions.kindCrictl,
  coredns: versions.kindCoredns,
  corednsPlugins,
  localPath: versions.kindLocalPathProvisioner,
  basePackages,
  remountEntrypoint,
  kubeProxyWrapper,
  podnetScript,
  v: 1,
};

const baseRecipe = { kind: versions.kind, containerd: versions.kindContainerd, crictl: versions.kindCrictl, basePackages, remountEntrypoint, v: recipe.v };
export const localBaseImage = `kubecamp-kind/base:v${versions.kind}-${recipeDigest(baseRecipe)}`;
export const localNodeImage = `kubecamp-kind/node:v${versions.kubernetes}-${recipeDigest(recipe)}`;

interface Ctx {
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

function kindSourceDir(env: NodeJS.ProcessEnv): Promise<string> {
  return withContext(`reading ${kindModule} from the Go module cache`, async () => {
    const dl = await exec('go', ['mod', 'download', '-json', kindModule], { env, cwd: paths(env).home });
    return JSON.parse(dl.stdout).Dir as string;
  });
}

/** pause from the pause.c inside the k8s.io/kubernetes module, compiled static like the upstream image. */
async function ensurePause(env: NodeJS.ProcessEnv, logger: Logger): Promise<string> {
  const out = join(paths(env).bin, `kubernetes-v${versions.kubernetes}`, 'pause');
  if (existsSync(out)) return out;
  return withContext('compiling pause from pause.c of the k8s.io/kubernetes module', async () => {
    const dl = await exec('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${versions.kubernetes}`], { env, cwd: paths(env).home });
    const src = join(JSON.parse(dl.stdout).Dir, 'build/pause/linux/pause.c');
    await timedStep(logger, 'compiling pause (static, from the Kubernetes source)', () =>
      exec('cc', ['-Os', '-Wall', '-Werror', '-static', `-DVERSION=v3.10.2-kubecamp`, '-o', `${out}.tmp`, src], { env }),
    );
    await exec('mv', [`${out}.tmp`, out], { env });
    return out;
  }, 'install a C compiler with static libc (Debian: `apt-get install -y gcc libc6-dev`)');
}

async function staticBusybox(): Promise<string> {
  for (const p of ['/bin/busybox', '/usr/bin/busybox']) {
    if (existsSync(p) && isStaticElf(await readFile(p))) return p;
  }
  throw new ContextError('the local-path helper image needs a statically linked busybox on the host', { fix: "install Debian's busybox-static: `apt-get install -y busybox-static`" });
}

/** Build (or find cached) every binary the node image needs. */
export async function ensureNodeParts(ctx: Ctx): Promise<NodeParts> {
  const { env, logger } = ctx;
  await buildKubernetesCommands(kubernetesCommands, env, logger);
  const etcd = await ensureEtcd({ env, logger });
  const [containerd, coredns, localPath] = [
    await ensureGoInstall(containerdInstall, ctx),
    await ensureCoredns(ctx),
    (await ensureGoInstall(localPathInstall, ctx))[0],
  ];
  return {
    kubernetes: {
      kubelet: kubernetesCommandPath('kubelet', env),
      kubeadm: kubernetesCommandPath('kubeadm', env),
      'kube-proxy': kubernetesCommandPath('kube-proxy', env),
      kubectl: kubernetesCommandPath('kubectl', env),
      'kube-apiserver': kubernetesCommandPath('kube-apiserver', env),
      'kube-controller-manager': kubernetesCommandPath('kube-controller-manager', env),
      'kube-scheduler': kubernetesCommandPath('kube-scheduler', env),
    },
    etcd,
    containerd,
    coredns,
    localPath,
    pause: await ensurePause(env, logger),
    busybox: await staticBusybox(),
  };
}

function workDir(env: NodeJS.ProcessEnv, name: string) {
  return join(imagesHome(env).work, `kubecamp-kind-${name}`);
}

/** kind's base image: Dockerfile steps of images/base, on a debootstrap rootfs. */
async function buildBaseImage(tools: string[], kindDir: string, ctx: Ctx): Promise<void> {
  const { env, logger } = ctx;
  await timedStep(logger, `building kind's base image ${localBaseImage} (Debian + systemd + containerd ${containerdVersion})`, async (step) => {
    await requireRootfsTools(env, ['debootstrap', 'chroot', 'tar']);
    const base = await ensureBaseRootfs(env, logger);
    const dir = workDir(env, 'base');
    const tarball = `${dir}.tar`;
    await unpackBase(base, dir, env);
    try {
      const files = join(kindDir, 'images/base/files');
      // COPY steps of the Dockerfile (modes as its --chmod says).
      await cp(join(files, 'usr/local/bin'), join(dir, 'usr/local/bin'), { recursive: true });
      await cp(join(files, 'kind'), join(dir, 'kind'), { recursive: true });
      await cp(join(files, 'etc'), join(dir, 'etc'), { recursive: true, force: true });
      await exec('chmod', ['-R', 'u+rwX,go+rX,go-w', join(dir, 'kind'), join(dir, 'etc/containerd'), join(dir, 'etc/systemd/system'), join(dir, 'etc/sysctl.d'), join(dir, 'etc/default')], { env });
      await exec('chmod', ['0755', ...['entrypoint', 'clean-install'].map((f) => join(dir, 'usr/local/bin', f)), join(dir, 'kind/bin'), join(dir, 'kind')], { env });
      await exec('sh', ['-c', `chmod 0755 "${join(dir, 'kind/bin')}"/*`], { env });
      // containerd must not lower oom_score_adj: without CAP_SYS_RESOURCE it cannot (as in rootless kind).
      const config = join(dir, 'etc/containerd/config.toml');
      await writeFile(config, (await readFile(config, 'utf8')).replace('restrict_oom_score_adj = false', 'restrict_oom_score_adj = true'));
      for (const bin of tools) await copyFile(bin, join(dir, 'usr/local/bin', bin.split('/').at(-1)!));
      await writeFile(join(dir, 'usr/local/bin/kubecamp-entrypoint'), remountEntrypoint, { mode: 0o755 });
      await chmod(join(dir, 'usr/local/bin/kubecamp-entrypoint'), 0o755);
      step.progress(`apt-get install ${basePackages.length} packages`);
      await inChroot(dir, env, logger, async (run) => {
        await aptUpdateIfStale(run, env);
        await run(`apt-get install -y -qq --no-install-recommends ${basePackages.join(' ')}`, 'installing the base packages');
        await run(
          [
            'find /lib/systemd/system/sysinit.target.wants/ -name "systemd-tmpfiles-setup.service" -delete',
            'rm -f /lib/systemd/system/multi-user.target.wants/* /etc/systemd/system/*.wants/* /lib/systemd/system/local-fs.target.wants/*',
            'rm -f /lib/systemd/system/sockets.target.wants/*udev* /lib/systemd/system/sockets.target.wants/*initctl* /lib/systemd/system/basic.target.wants/*',
            'echo "ReadKMsg=no" >> /etc/systemd/journald.conf',
            'ln -sf /usr/lib/systemd/systemd /sbin/init',
            'systemctl enable kubelet.service containerd.service undo-mount-hacks.service',
            'systemctl mask systemd-binfmt.service',
            'mkdir -p /etc/kubernetes/manifests /opt/cni/bin',
            'for p in host-local loopback ptp portmap bridge; do cp /usr/lib/cni/$p /opt/cni/bin/; done',
            `ctr oci spec | jq '.hooks.createContainer[.hooks.createContainer| length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' | jq 'del(.process.rlimits)' > /etc/containerd/cri-base.json`,
            'containerd --version && runc --version && crictl --version',
            finalCleanup,
          ].join('\n'),
          "applying kind's base Dockerfile steps",
        );
      });
      step.progress('importing into Docker');
      await tarRootfs(dir, tarball, env);
      const rootfsTag = `${localBaseImage}-rootfs`;
      await exec('docker', ['import', '--message', `kind v${versions.kind} base image, built offline by kubecamp`, tarball, rootfsTag], { env, timeoutMs: 600_000 });
      // STOPSIGNAL cannot be set by \`docker import --change\`: one Dockerfile step on top (no context, nothing pulled).
      const dockerfile = [
        `FROM ${rootfsTag}`,
        'ENV container=docker',
        'STOPSIGNAL SIGRTMIN+3',
        `LABEL org.kubecamp.kind=base org.kubecamp.source="kind v${versions.kind} images/base, built offline"`,
        'ENTRYPOINT ["/usr/local/bin/kubecamp-entrypoint", "/sbin/init"]',
        '',
      ].join('\n');
      await exec('docker', ['build', '-q', '-t', localBaseImage, '-'], { env, input: dockerfile, timeoutMs: 600_000 });
      await exec('docker', ['rmi', rootfsTag], { env, allowFailure: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(tarball, { force: true });
    }
  });
}

/** One component image as a `docker save` archive in `outDir`. */
async function buildComponentImage(image: ComponentImage, outDir: string, baseTarball: string | undefined, ctx: Ctx): Promise<string> {
  const { env, logger } = ctx;
  const slug = image.tags[0].replace(/[^a-zA-Z0-9.-]+/g, '_');
  const dir = workDir(env, slug);
  const tarball = `${dir}.tar`;
  await rm(dir, { recursive: true, force: true });
  try {
    if (image.base === 'static') {
      for (const d of ['etc', 'tmp', 'usr/local/bin', 'var/run']) await mkdir(join(dir, d), { recursive: true });
      await chmod(join(dir, 'tmp'), 0o1777);
      await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n');
      await writeFile(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
    } else {
      await unpackBase(baseTarball!, dir, env);
      const packages = image.base.debian;
      await inChroot(dir, env, logger, async (run) => {
        await aptUpdateIfStale(run, env);
        await run(`apt-get install -y -qq --no-install-recommends ${packages.join(' ')}\n${finalCleanup}`, `installing ${packages.join(', ')}`);
      });
    }
    for (const f of image.files) {
      await mkdir(join(dir, f.to, '..'), { recursive: true });
      await copyFile(f.from, join(dir, f.to));
      await chmod(join(dir, f.to), f.mode ?? 0o755);
    }
    for (const w of image.write ?? []) {
      await mkdir(join(dir, w.path, '..'), { recursive: true });
      if (w.content.startsWith('#!symlink ')) {
        await exec('ln', ['-sf', w.content.slice('#!symlink '.length), join(dir, w.path)], { env });
      } else {
        await writeFile(join(dir, w.path), w.content);
        await chmod(join(dir, w.path), w.mode ?? 0o644);
      }
    }
    await tarRootfs(dir, tarball, env);
    const changes = ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LABEL org.kubecamp.kind=component'];
    if (image.entrypoint) changes.push(`ENTRYPOINT ${JSON.stringify(image.entrypoint)}`);
    const [first, ...more] = image.tags;
    await exec('docker', ['import', ...changes.flatMap((c) => ['--change', c]), tarball, first], { env, timeoutMs: 600_000 });
    for (const t of more) await exec('docker', ['tag', first, t], { env });
    const archive = join(outDir, `${slug}.tar`);
    await exec('docker', ['save', '-o', archive, ...image.tags], { env, timeoutMs: 600_000 });
    // The archive is what the node imports; the tags in the host's Docker are not needed.
    await exec('docker', ['rmi', ...image.tags], { env, allowFailure: true });
    return archive;
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(tarball, { force: true });
  }
}

/** The node image: pkg/build/nodeimage's steps in a build container from the base image. */
async function buildNodeImage(parts: NodeParts, kindDir: string, ctx: Ctx): Promise<void> {
  const { env, logger } = ctx;
  const storageSource = await readFile(join(kindDir, 'pkg/build/nodeimage/const_storage.go'), 'utf8');
  const kindTags = {
    storageProvisioner: goStringConstant(storageSource, 'storageProvisionerImage'),
    storageHelper: goStringConstant(storageSource, 'storageHelperImage'),
  };
  const storageManifest = goStringConstant(storageSource, 'defaultStorageManifest');
  const images = componentImages(parts, kindTags);
  const outDir = workDir(env, 'node-images');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const name = `kubecamp-kind-build-${Date.now()}`;
  const leftovers = (await exec('docker', ['ps', '-a', '--filter', 'label=org.kubecamp.kind=build', '--format', `{{.ID}} {{.Label "${buildPidLabel}"}}`], { env, allowFailure: true })).stdout;
  const stale = staleBuildContainers(leftovers);
  if (stale.length) {
    logger.info(`removing ${stale.length} build container(s) left by an interrupted node-image build`);
    await exec('docker', ['rm', '-f', '-v', ...stale], { env, allowFailure: true });
  }
  try {
    const archives: string[] = [];
    await timedStep(logger, `building ${images.length} component images (kube-apiserver, etcd, CoreDNS, pause, podnet, local-path …)`, async (step) => {
      const baseTarball = await ensureBaseRootfs(env, logger);
      for (const image of images) {
        step.progress(image.tags[0]);
        archives.push(await withContext(`building the image ${image.tags[0]}`, () => buildComponentImage(image, outDir, baseTarball, ctx)));
      }
    });
    await timedStep(logger, `assembling the node image ${localNodeImage} (kind's pkg/build/nodeimage steps)`, async (step) => {
      await exec('docker', ['run', '-d', '--entrypoint=sleep', `--name=${name}`, '--security-opt', 'seccomp=unconfined', '--label', 'org.kubecamp.kind=build', '--label', `${buildPidLabel}=${process.pid}`, localBaseImage, 'infinity'], { env });
      const inNode = (script: string, what: string) => withContext(what, () => exec('docker', ['exec', name, 'bash', '-ec', script], { env, timeoutMs: 600_000 }));
      for (const c of ['kubelet', 'kubeadm', 'kubectl'] as const) {
        await exec('docker', ['cp', parts.kubernetes[c], `${name}:/usr/bin/${c}`], { env, timeoutMs: 300_000 });
      }
      await inNode(`chmod +x /usr/bin/kubelet /usr/bin/kubeadm /usr/bin/kubectl && chown root:root /usr/bin/kubelet /usr/bin/kubeadm /usr/bin/kubectl
mkdir -p /kind/manifests /kind/images
printf '%s' v${versions.kubernetes} > /kind/version`, 'installing kubelet, kubeadm and kubectl');
      const staged = join(outDir, 'manifests');
      await mkdir(staged, { recursive: true });
      await writeFile(join(staged, 'default-cni.yaml'), podnetManifest());
      await writeFile(join(staged, 'default-storage.yaml'), storageManifest);
      await exec('docker', ['cp', `${staged}/.`, `${name}:/kind/manifests/`], { env });
      step.progress('importing the images into containerd (k8s.io namespace)');
      await inNode('nohup containerd > /var/log/containerd-build.log 2>&1 &\nfor i in $(seq 1 50); do [ -S /run/containerd/containerd.sock ] && break; sleep 0.2; done\nctr info >/dev/null', 'starting containerd in the build container');
      for (const archive of archives) {
        const file = archive.split('/').at(-1)!;
        await exec('docker', ['cp', archive, `${name}:/kind/images/${file}`], { env, timeoutMs: 300_000 });
        await inNode(
          `ctr --namespace=k8s.io images import --label=io.cri-containerd.pinned=pinned --all-platforms --no-unpack --digests /kind/images/${file}\nrm /kind/images/${file}`,
          `importing ${file} into the node's containerd`,
        );
      }
      const listed = (await inNode('ctr --namespace=k8s.io images list -q', 'listing the imported images')).stdout;
      const missing = images.flatMap((i) => i.tags).filter((t) => !listed.split('\n').includes(t));
      if (missing.length) throw new ContextError(`the node's containerd lacks ${missing.join(', ')} after the import`, { details: listed });
      await inNode('pkill containerd; for i in $(seq 1 50); do pgrep -x containerd >/dev/null || break; sleep 0.2; done; rm -rf /kind/images /var/log/containerd-build.log /tmp/*', 'stopping containerd');
      await exec('docker', [
        'commit',
        '--change', 'ENTRYPOINT ["/usr/local/bin/kubecamp-entrypoint", "/sbin/init"]',
        '--change', `LABEL org.kubecamp.kind=node org.kubecamp.kubernetes=v${versions.kubernetes}`,
        name,
        localNodeImage,
      ], { env, timeoutMs: 600_000 });
    });
  } finally {
    await exec('docker', ['rm', '-f', '-v', name], { env, allowFailure: true });
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * The offline node image: cached by its tag (which carries the versions and a
 * digest of the recipe); built from local parts on the first call.
 */
export async function ensureLocalNodeImage(ctx: Ctx): Promise<string> {
  const { env, logger } = ctx;
  if (await dockerImageExists(localNodeImage, env)) {
    logger.debug(`node image ${localNodeImage} is cached in Docker`);
    return localNodeImage;
  }
  const started = Date.now();
  const kindDir = await kindSourceDir(env);
  if (!(await dockerImageExists(localBaseImage, env))) {
    const tools = [...(await ensureGoInstall(containerdInstall, ctx)), ...(await ensureGoInstall(crictlInstall, ctx))];
    await withBuildLock(env, logger, () => buildBaseImage(tools, kindDir, ctx));
  }
  const parts = await ensureNodeParts(ctx);
  await withBuildLock(env, logger, () => buildNodeImage(parts, kindDir, ctx));
  logger.info(`node image ${localNodeImage} built in ${Math.round((Date.now() - started) / 1000)} s`);
  return localNodeImage;
}

/** Only kind's base image (for building it while the Kubernetes binaries still compile). */
export async function ensureLocalBaseImage(ctx: Ctx): Promise<string> {
  if (await dockerImageExists(localBaseImage, ctx.env)) return localBaseImage;
  const tools = [...(await ensureGoInstall(containerdInstall, ctx)), ...(await ensureGoInstall(crictlInstall, ctx))];
  await withBuildLock(ctx.env, ctx.logger, async () => buildBaseImage(tools, await kindSourceDir(ctx.env), ctx));
  return localBaseImage;
}
