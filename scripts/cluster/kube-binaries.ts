import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ContextError, formatError, withContext } from '../../checker/lib/errors.ts';
import { exec, commandExists } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { versions } from '../versions.ts';
import { ensureHelm, helmLocation, linkHelm } from './helm-binary.ts';
import { downloadReleaseArtefacts, downloadSkipReason, etcdArtefact, kubernetesArtefacts, kwokArtefacts, releasePlatform, type Fetch } from './release-artefacts.ts';

/** The binaries `kwokctl --runtime binary` runs, plus kubectl for the learner's terminal. */
export interface KubeBinaries {
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kubectl: string;
  etcd: string;
  kwok: string;
  kwokctl: string;
}

export function binaryLocations(env: NodeJS.ProcessEnv = process.env): KubeBinaries {
  const bin = paths(env).bin;
  const kube = join(bin, `kubernetes-v${versions.kubernetes}`);
  const etcd = join(bin, `etcd-v${versions.etcd}`);
  const kwok = join(bin, `kwok-v${versions.kwok}`);
  return {
    kubeApiserver: join(kube, 'kube-apiserver'),
    kubeControllerManager: join(kube, 'kube-controller-manager'),
    kubeScheduler: join(kube, 'kube-scheduler'),
    kubectl: join(kube, 'kubectl'),
    etcd: join(etcd, 'etcd'),
    kwok: join(kwok, 'kwok'),
    kwokctl: join(kwok, 'kwokctl'),
  };
}

export function missingBinaries(b: KubeBinaries): string[] {
  return Object.values(b).filter((p) => !existsSync(p));
}

/**
 * Turn the release's own go.mod into a wrapper go.mod: every `k8s.io/*` staging
 * module that k8s.io/kubernetes replaces with `./staging/...` is replaced with
 * its published `v0.N.M` tag instead.
 */
export function wrapperGoMod(kubernetesGoMod: string, kubernetesVersion: string): string {
  const [major, minor, patch] = kubernetesVersion.split('.');
  if (major !== '1' || !minor || !patch) throw new Error(`unexpected Kubernetes version ${kubernetesVersion}`);
  const staging = [...kubernetesGoMod.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s+=>\s+\.\/staging\//gm)].map((m) => m[1]);
  if (staging.length === 0) throw new Error('no staging replace directives found in the k8s.io/kubernetes go.mod');
  const goLine = /^go\s+(\S+)/m.exec(kubernetesGoMod)?.[1] ?? '1.26.0';
  return [
    'module kubecamp.local/kube-build',
    '',
    `go ${goLine}`,
    '',
    `require k8s.io/kubernetes v${kubernetesVersion}`,
    '',
    'replace (',
    ...staging.map((m) => `\t${m} => ${m} v0.${minor}.${patch}`),
    ')',
    '',
  ].join('\n');
}

/** `-X` flags so `kubectl version` and kwokctl's version probe see the real release. */
export function kubeVersionLdflags(kubernetesVersion: string): string {
  const [major, minor] = kubernetesVersion.split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=v${kubernetesVersion}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
    );
  }
  return flags.join(' ');
}

/** Every command the wrapper module imports: the control plane (both engines) and the node's kubelet, kubeadm and kube-proxy (kind). */
export const kubernetesCommands = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'kubelet', 'kubeadm', 'kube-proxy'] as const;
export type KubernetesCommand = (typeof kubernetesCommands)[number];

const kubeCommands = [
  ['kube-apiserver', 'kubeApiserver'],
  ['kube-controller-manager', 'kubeControllerManager'],
  ['kube-scheduler', 'kubeScheduler'],
  ['kubectl', 'kubectl'],
] as const;

/** Where a Kubernetes command of the pinned release is cached. */
export function kubernetesCommandPath(command: KubernetesCommand, env: NodeJS.ProcessEnv = process.env): string {
  return join(paths(env).bin, `kubernetes-v${versions.kubernetes}`, command);
}

/** The tools.go of the wrapper module: one import per command, so `go mod tidy` keeps what each needs. */
export function kubernetesToolsGo(commands: readonly string[] = kubernetesCommands): string {
  return `//go:build tools\n\npackage tools\n\nimport (\n${commands.map((c) => `\t_ "k8s.io/kubernetes/cmd/${c}"`).join('\n')}\n)\n`;
}

export interface BuildOptions {
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** For tests: the fetch used for release downloads. */
  fetch?: Fetch;
}

/**
 * Make sure every control-plane binary is in the cache: the official release
 * binaries where they can be downloaded and verified, else built from Go
 * modules. A second call finds them and returns at once.
 */
export async function ensureKubeBinaries({ env = process.env, logger, fetch }: BuildOptions): Promise<KubeBinaries> {
  const bins = binaryLocations(env);
  if (missingBinaries(bins).length === 0) {
    logger.debug(`control-plane binaries cached under ${paths(env).bin}`);
  } else {
    const notDownloaded = await downloadKubeBinaries(bins, env, logger, fetch);
    if (missingBinaries(bins).length > 0) await buildKubeBinaries(bins, env, logger, notDownloaded);
  }
  await provideHelm(bins, env, logger);
  return bins;
}

/**
 * The build steps `ensureKubeBinaries` will run on this machine (names as in
 * build-times.json), in order: what a start of the Docker-free cluster counts.
 */
export function plannedKubeBuildSteps(env: NodeJS.ProcessEnv = process.env): string[] {
  const bins = binaryLocations(env);
  const kube = kubeCommands.map(([c]) => c).filter((c) => !existsSync(kubernetesCommandPath(c, env)));
  const steps: string[] = [];
  if (kube.length && !existsSync(join(paths(env).build, `kubernetes-v${versions.kubernetes}`, 'go.sum'))) steps.push('Go modules for Kubernetes');
  steps.push(...kube);
  if (!existsSync(bins.etcd)) steps.push('etcd');
  if (!existsSync(bins.kwok) || !existsSync(bins.kwokctl)) steps.push('kwok + kwokctl');
  if (!existsSync(helmLocation(env))) steps.push('helm');
  return steps;
}

/** Fetch the missing binaries from their projects' release pages; returns why some were not (already printed), if so. */
async function downloadKubeBinaries(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger, fetch?: Fetch): Promise<string | undefined> {
  const platform = releasePlatform();
  const skip = downloadSkipReason(env, platform);
  if (skip || !platform) {
    logger.info(`not downloading release binaries (${skip}); building from Go modules`);
    return skip;
  }
  const artefacts = [
    ...kubernetesArtefacts(Object.fromEntries(kubeCommands.map(([command, key]) => [command, bins[key]])), env, platform),
    etcdArtefact(bins.etcd, env, platform),
    ...kwokArtefacts(bins, env, platform),
  ];
  const { reason } = await downloadReleaseArtefacts(artefacts, { env, logger, fetch });
  if (reason && missingBinaries(bins).length > 0) logger.info(`building from Go modules what could not be downloaded: ${reason}`);
  return reason;
}

async function buildKubeBinaries(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger, notDownloaded?: string): Promise<void> {
  if (!(await commandExists('go', env))) {
    const missing = missingBinaries(bins).map((b) => b.split('/').at(-1)).join(', ');
    throw new ContextError(`the Docker-free control plane needs ${missing}, which ${notDownloaded ? `could not be downloaded (${notDownloaded})` : 'are not built yet'}, and Go is not installed to build them`, {
      fix: notDownloaded && !/KUBECAMP_OFFLINE/.test(notDownloaded)
        ? 'check the network (dl.k8s.io and github.com must answer), or install Go 1.26 or newer (https://go.dev/doc/install); then run `npm run cluster:build`; or use `--engine kind` with Docker and kind'
        : 'install Go 1.26 or newer (https://go.dev/doc/install), then run `npm run cluster:build`; or use `--engine kind` with Docker and kind',
    });
  }
  const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  const times: BuildTimes = {};
  await buildKubernetes(bins, goEnv, logger, times);
  await buildEtcd(bins, goEnv, logger, times);
  await buildKwok(bins, goEnv, logger, times);
  await recordBuildTimes(env, times);
}

/**
 * helm, for the helm lab: built once into its own cache folder, then linked
 * beside kubectl, whose folder is the cluster's `binDir` that lab steps and the
 * learner's terminal get on PATH. Other labs don't need it, so a failure only warns.
 */
async function provideHelm(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  try {
    const cached = existsSync(helmLocation(env));
    const times: BuildTimes = {};
    let helm = '';
    await timed(times, 'helm', async () => void (helm = await ensureHelm({ env, logger })));
    await linkHelm(helm, dirname(bins.kubectl));
    if (!cached) await recordBuildTimes(env, times);
  } catch (err) {
    logger.warn(`helm is not available, so the helm lab cannot run:\n${formatError(err)}`);
  }
}

export type BuildTimes = Record<string, number>;

/**
 * Who hears that a build step starts: `cluster:up` records it for
 * `cluster:status` and the site's banner. A module-level hook because build
 * steps run deep inside the engines' call chains.
 */
let buildStepListener: ((name: string) => void) | undefined;
export function onBuildStep(listener: ((name: string) => void) | undefined): void {
  buildStepListener = listener;
}

/** Tell the listener a step starts (the builds do it in `timed`; engines for their own start step). */
export function announceStep(name: string): void {
  buildStepListener?.(name);
}

export async function timed(times: BuildTimes, name: string, fn: () => Promise<unknown>) {
  announceStep(name);
  const started = Date.now();
  await fn();
  times[name] = Date.now() - started;
}

/** Keep how long each build step took on this machine, for `npm run bench` and the start estimate (merged with earlier records). */
export async function recordBuildTimes(env: NodeJS.ProcessEnv, times: BuildTimes) {
  if (Object.keys(times).length === 0) return;
  const file = join(paths(env).bin, 'build-times.json');
  await mkdir(paths(env).bin, { recursive: true });
  const previous = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : { steps: {} };
  await writeFile(file, `${JSON.stringify({ recordedAt: new Date().toISOString(), steps: { ...previous.steps, ...times } }, null, 2)}\n`);
}

async function buildKubernetes(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger, times: BuildTimes) {
  await buildKubernetesCommands(kubeCommands.map(([command]) => command), env, logger, times);
}

/**
 * Build the missing ones of `commands` from the k8s.io/kubernetes module of the
 * pinned release, in one wrapper module shared by both engines.
 */
export async function buildKubernetesCommands(commands: readonly KubernetesCommand[], env: NodeJS.ProcessEnv, logger: Logger, times: BuildTimes = {}) {
  const wanted = commands.filter((c) => !existsSync(kubernetesCommandPath(c, env)));
  if (wanted.length === 0) return;
  const version = versions.kubernetes;
  const dir = join(paths(env).build, `kubernetes-v${version}`);
  await mkdir(dir, { recursive: true });
  const toolsGo = join(dir, 'tools', 'tools.go');
  const prepared = existsSync(join(dir, 'go.sum')) && (await readFile(toolsGo, 'utf8').catch(() => '')) === kubernetesToolsGo();
  if (!prepared) {
    await timed(times, 'Go modules for Kubernetes', () => withContext(`preparing the Kubernetes v${version} build module in ${dir}`, async () => {
      await timedStep(logger, `downloading Go modules for Kubernetes v${version} (first time only)`, async () => {
        const dl = await exec('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${version}`], { cwd: dir, env });
        const goModPath = JSON.parse(dl.stdout).GoMod as string;
        await writeFile(join(dir, 'go.mod'), wrapperGoMod(await readFile(goModPath, 'utf8'), version));
        await mkdir(join(dir, 'tools'), { recursive: true });
        await writeFile(toolsGo, kubernetesToolsGo());
        await exec('go', ['mod', 'tidy'], { cwd: dir, env, onLine: (l) => l.startsWith('go: downloading') && logger.debug(l) });
      });
    }));
  }
  for (const command of wanted) {
    const out = kubernetesCommandPath(command, env);
    await mkdir(dirname(out), { recursive: true });
    await timed(times, command, () => withContext(`building ${command} v${version} from Go modules`, async () => {
      await timedStep(logger, `building ${command} v${version} from Go modules`, async () => {
        const tmp = `${out}.tmp`;
        await exec('nice', ['-n', '10', 'go', 'build', '-trimpath', '-ldflags', kubeVersionLdflags(version), '-o', tmp, `k8s.io/kubernetes/cmd/${command}`], { cwd: dir, env: goBuildEnv(env) });
        await rename(tmp, out);
      });
    }));
  }
  await recordBuildTimes(env, times);
}

/** Static binaries, no VCS stamping (module builds have no repository). */
export function goBuildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
}

export interface GoInstall {
  /** Cache folder name, with the version: `kind-v0.32.0`. */
  name: string;
  /** Package paths without the version, all from one module. */
  packages: string[];
  version: string;
  tags?: string;
  ldflags?: string;
}

/** Where `go install` of `spec` puts each package's command. */
export function goInstallPaths(spec: GoInstall, env: NodeJS.ProcessEnv = process.env): string[] {
  return spec.packages.map((p) => join(paths(env).bin, spec.name, p.split('/').at(-1)!));
}

/** `go install pkg@version …` into its own cache folder, for modules whose go.mod has no replace directives. */
export async function ensureGoInstall(spec: GoInstall, { env = process.env, logger }: BuildOptions): Promise<string[]> {
  const outs = goInstallPaths(spec, env);
  if (outs.every((o) => existsSync(o))) return outs;
  if (!(await commandExists('go', env))) {
    throw new ContextError(`${spec.name} is not built yet, and Go is not installed`, { fix: 'install Go 1.26 or newer (https://go.dev/doc/install) and run the command again' });
  }
  const times: BuildTimes = {};
  const gobin = join(paths(env).bin, spec.name);
  const args = ['-n', '10', 'go', 'install', '-trimpath', '-ldflags', spec.ldflags ?? '-s -w', ...(spec.tags ? ['-tags', spec.tags] : []), ...spec.packages.map((p) => `${p}@${spec.version}`)];
  await timed(times, spec.name, () => withContext(`building ${spec.packages.join(', ')} ${spec.version} with go install`, async () => {
    await timedStep(logger, `building ${spec.name} from Go modules (first time only)`, async () => {
      await mkdir(gobin, { recursive: true });
      await exec('nice', args, { env: { ...goBuildEnv(env), GOBIN: gobin }, timeoutMs: 60 * 60_000 });
    });
  }));
  await recordBuildTimes(env, times);
  return outs;
}

/** etcd of the pinned version, built if missing (the kind node image's etcd is the same binary). */
export async function ensureEtcd({ env = process.env, logger }: BuildOptions): Promise<string> {
  const bins = binaryLocations(env);
  if (existsSync(bins.etcd)) return bins.etcd;
  const times: BuildTimes = {};
  await buildEtcd(bins, goBuildEnv(env), logger, times);
  await recordBuildTimes(env, times);
  return bins.etcd;
}

async function buildEtcd(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger, times: BuildTimes) {
  if (existsSync(bins.etcd)) return;
  const v = versions.etcd;
  const dir = join(paths(env).build, `etcd-v${v}`);
  await mkdir(dir, { recursive: true });
  await timed(times, 'etcd', () => withContext(`building etcd v${v} from go.etcd.io/etcd/server/v3`, async () => {
    await timedStep(logger, `building etcd v${v}`, async () => {
      // server/v3's own go.mod replaces its sibling modules with local paths; pin them to the same tag.
      const siblings = ['api/v3', 'client/pkg/v3', 'client/v3', 'pkg/v3'];
      await writeFile(
        join(dir, 'go.mod'),
        [
          'module kubecamp.local/etcd-build', '', 'go 1.26.0', '',
          `require go.etcd.io/etcd/server/v3 v${v}`, '',
          'replace (', ...siblings.map((s) => `\tgo.etcd.io/etcd/${s} => go.etcd.io/etcd/${s} v${v}`), ')', '',
        ].join('\n'),
      );
      await writeFile(join(dir, 'tools.go'), '//go:build tools\n\npackage tools\n\nimport _ "go.etcd.io/etcd/server/v3"\n');
      await exec('go', ['mod', 'tidy'], { cwd: dir, env });
      await mkdir(join(bins.etcd, '..'), { recursive: true });
      await exec('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', `${bins.etcd}.tmp`, 'go.etcd.io/etcd/server/v3'], { cwd: dir, env });
      await rename(`${bins.etcd}.tmp`, bins.etcd);
    });
  }));
}

async function buildKwok(bins: KubeBinaries, env: NodeJS.ProcessEnv, logger: Logger, times: BuildTimes) {
  if (existsSync(bins.kwok) && existsSync(bins.kwokctl)) return;
  const v = versions.kwok;
  await timed(times, 'kwok + kwokctl', () => withContext(`installing kwok and kwokctl v${v} with go install`, async () => {
    await timedStep(logger, `building kwok and kwokctl v${v}`, async () => {
      const gobin = join(bins.kwok, '..');
      await mkdir(gobin, { recursive: true });
      await exec('go', ['install', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@v${v}`, `sigs.k8s.io/kwok/cmd/kwokctl@v${v}`], {
        env: { ...env, GOBIN: gobin },
      });
    });
  }));
}
