import { existsSync, realpathSync } from 'node:fs';
import { chmod, copyFile, link, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tarArchive, type DockerClient } from '../../checker/lib/docker-api.ts';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import type { Logger, StepHandle } from '../../checker/lib/logger.ts';
import type { CatalogEntry } from './catalog.ts';
import { dockerfileBuild } from './dockerfile-recipe.ts';
import { configInstructions, labelKeys, recipeDigest } from './image-config.ts';
import {
  aptUpdateIfStale,
  ensureBaseRootfs,
  finalCleanup,
  imagesHome,
  inChroot,
  requireRootfsTools,
  tarRootfs,
  unpackBase,
  writeRootfsFiles,
  debianSuite,
} from './rootfs.ts';

export interface BuildContext {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  client: DockerClient;
}

/** Is this ELF executable statically linked (no PT_INTERP program header)? */
export function isStaticElf(bytes: Buffer): boolean {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46) return false;
  const is64 = bytes[4] === 2;
  const le = bytes[5] === 1;
  const u16 = (o: number) => (le ? bytes.readUInt16LE(o) : bytes.readUInt16BE(o));
  const u32 = (o: number) => (le ? bytes.readUInt32LE(o) : bytes.readUInt32BE(o));
  const phoff = is64 ? Number(le ? bytes.readBigUInt64LE(0x20) : bytes.readBigUInt64BE(0x20)) : u32(0x1c);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 > bytes.length) return false;
    if (u32(at) === 3) return false; // PT_INTERP: needs a dynamic loader
  }
  return true;
}

/** /etc/passwd and /etc/group of the official busybox image. */
const busyboxPasswd = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;
const busyboxGroup = `root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
mail:x:12:
www-data:x:33:
operator:x:37:
users:x:100:
nogroup:x:65534:
`;

async function busyboxRootfs(entry: CatalogEntry, dir: string, ctx: BuildContext): Promise<string> {
  const candidates = ['/bin/busybox', '/usr/bin/busybox'];
  let binary: string | undefined;
  for (const p of candidates) {
    if (existsSync(p)) {
      const head = await readFile(p).then((b) => b.subarray(0, 4096));
      if (isStaticElf(head)) {
        binary = p;
        break;
      }
    }
  }
  if (!binary) {
    throw new ContextError('the busybox stand-in needs a statically linked busybox on the host', { fix: 'install Debian\'s busybox-static: `apt-get install -y busybox-static`' });
  }
  await rm(dir, { recursive: true, force: true });
  for (const d of ['bin', 'etc', 'root', 'home', 'tmp', 'var/spool/mail', 'var/www', 'usr/sbin', 'dev', 'proc', 'sys']) await mkdir(join(dir, d), { recursive: true });
  await chmod(join(dir, 'tmp'), 0o1777);
  await chmod(join(dir, 'root'), 0o700);
  await copyFile(binary, join(dir, 'bin/busybox'));
  await chmod(join(dir, 'bin/busybox'), 0o755);
  const applets = (await exec(binary, ['--list'], { env: ctx.env })).stdout.split('\n').map((a) => a.trim()).filter((a) => a && a !== 'busybox' && !a.includes('/'));
  for (const a of applets) await link(join(dir, 'bin/busybox'), join(dir, 'bin', a));
  await writeFile(join(dir, 'etc/passwd'), busyboxPasswd);
  await writeFile(join(dir, 'etc/group'), busyboxGroup);
  if (entry.recipe.base === 'busybox-static') await writeRootfsFiles(dir, entry.recipe.files ?? []);
  const version = (await exec('dpkg-query', ['-W', '-f', '${Version}', 'busybox-static'], { env: ctx.env, allowFailure: true }).catch(() => null))?.stdout.trim();
  const banner = (await exec(binary, [], { env: ctx.env, allowFailure: true })).stdout.split('\n')[0].trim();
  return version ? `Debian busybox-static ${version} (${binary})` : `${banner} (${binary})`;
}

interface NodeDistribution {
  node: string;
  npmDir?: string;
  version: string;
  source: string;
}

/**
 * Node.js for a node:<major> stand-in: the Node running this script when its
 * major version matches (no download), else the official build that the npm
 * registry ships as node-linux-<arch>@<major>.
 */
async function nodeDistribution(major: number, ctx: BuildContext, step: StepHandle): Promise<NodeDistribution> {
  if (Number(process.versions.node.split('.')[0]) === major) {
    const candidates = [join(dirname(process.execPath), '../lib/node_modules/npm'), '/usr/lib/node_modules/npm', '/usr/local/lib/node_modules/npm'];
    const npmDir = candidates.find((d) => existsSync(join(d, 'bin/npm-cli.js')));
    return { node: process.execPath, npmDir: npmDir && realpathSync(npmDir), version: process.versions.node, source: `the host's Node.js v${process.versions.node} (${process.execPath})` };
  }
  const arch = ({ x64: 'x64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  if (!arch) throw new ContextError(`no Node.js ${major} build for ${process.arch} on the npm registry`);
  // The node-linux-* packages hold the official binary only; npm comes as its own package.
  const pkg = `node-linux-${arch}@${major}`;
  const npmPkg = `npm@${npmMajorFor[major] ?? 'latest'}`;
  const dir = join(imagesHome(ctx.env).home, 'node', `node-linux-${arch}-${major}`);
  if (!existsSync(join(dir, 'node/package/bin/node')) || !existsSync(join(dir, 'npm/package/bin/npm-cli.js'))) {
    step.progress(`the host runs Node.js ${process.versions.node}; fetching the official Node.js ${major} build (${pkg}) and ${npmPkg} from the npm registry`);
    await rm(dir, { recursive: true, force: true });
    for (const [sub, spec] of [['node', pkg], ['npm', npmPkg]]) {
      await mkdir(join(dir, sub), { recursive: true });
      const packed = await exec('npm', ['pack', spec, '--pack-destination', join(dir, sub), '--silent'], { env: ctx.env, cwd: join(dir, sub), timeoutMs: 600_000 });
      await exec('tar', ['-xzf', join(dir, sub, packed.stdout.trim().split('\n').pop()!), '-C', join(dir, sub)], { env: ctx.env });
    }
  }
  const node = join(dir, 'node/package/bin/node');
  const version = (await exec(node, ['--version'], { env: ctx.env })).stdout.trim().replace(/^v/, '');
  return { node, npmDir: join(dir, 'npm/package'), version, source: `the official Node.js v${version} build from the npm registry (${pkg})` };
}

/** The npm major version each Node.js line ships with. */
const npmMajorFor: Record<number, number> = { 18: 10, 20: 10, 22: 10, 24: 11, 26: 11 };

async function installNode(dir: string, dist: NodeDistribution, ctx: BuildContext): Promise<string> {
  await mkdir(join(dir, 'usr/local/bin'), { recursive: true });
  await copyFile(dist.node, join(dir, 'usr/local/bin/node'));
  await chmod(join(dir, 'usr/local/bin/node'), 0o755);
  if (!dist.npmDir) return `${dist.source}, without npm (not found on the host)`;
  await mkdir(join(dir, 'usr/local/lib/node_modules'), { recursive: true });
  await exec('cp', ['-a', dist.npmDir, join(dir, 'usr/local/lib/node_modules/npm')], { env: ctx.env });
  for (const [name, target] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']]) {
    await rm(join(dir, 'usr/local/bin', name), { force: true });
    await symlink(`../lib/node_modules/npm/bin/${target}`, join(dir, 'usr/local/bin', name));
  }
  const npmVersion = JSON.parse(await readFile(join(dist.npmDir, 'package.json'), 'utf8')).version as string;
  return `${dist.source} and npm ${npmVersion}`;
}

interface GoDistribution {
  goroot: string;
  version: string;
  source: string;
}

/** Newest `go<minor>.<patch>` in a Go module proxy's version list of golang.org/toolchain for this arch. */
export function newestToolchain(list: string, minor: string, arch: string): string | undefined {
  const re = new RegExp(`^v0\\.0\\.1-go(${minor.replace(/\./g, '\\.')}(?:\\.(\\d+))?)\\.linux-${arch}$`);
  const found = list.split('\n').map((l) => re.exec(l.trim())).filter((m): m is RegExpExecArray => !!m);
  found.sort((a, b) => Number(b[2] ?? -1) - Number(a[2] ?? -1));
  return found[0]?.[1];
}

/**
 * Go for a golang:<minor> stand-in: the host's toolchain when its version
 * matches (no download), else the official build that the Go module proxy
 * serves as golang.org/toolchain (what GOTOOLCHAIN downloads), unpacked once.
 */
export async function goDistribution(minor: string, ctx: BuildContext, step: StepHandle, hostRoots = ['/usr/local/go', '/usr/lib/go']): Promise<GoDistribution> {
  const fromPath = (await exec('go', ['env', 'GOROOT'], { env: ctx.env, allowFailure: true }).catch(() => null))?.stdout.trim();
  const found: string[] = [];
  for (const goroot of [...new Set([fromPath, ...hostRoots].filter((d): d is string => !!d))]) {
    const file = join(goroot, 'VERSION');
    if (!existsSync(file) || !existsSync(join(goroot, 'bin/go'))) continue;
    const version = (await readFile(file, 'utf8')).split('\n')[0].trim().replace(/^go/, '');
    if (version === minor || version.startsWith(`${minor}.`)) return { goroot: realpathSync(goroot), version, source: `the host's Go ${version} (${realpathSync(goroot)})` };
    found.push(`go${version} in ${goroot}`);
  }
  const hostHas = found.length ? found.join(', ') : 'no Go';
  const fix = `install Go ${minor} from https://go.dev/dl/ into /usr/local/go (or put its bin/ first on PATH), or pull the real image`;
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[process.arch];
  if (!arch) throw new ContextError(`the host has ${hostHas}, and the Go module proxy has no Go ${minor} for ${process.arch}`, { fix });
  const proxy = (ctx.env.GOPROXY ?? '').split(/[,|]/).find((p) => /^https?:\/\//.test(p))?.replace(/\/+$/, '') ?? 'https://proxy.golang.org';
  const base = `${proxy}/golang.org/toolchain/@v`;
  const get = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(600_000) }).catch((err) => {
      throw new ContextError(`the host has ${hostHas}, and ${url} cannot be reached`, { cause: err, fix });
    });
    if (!res.ok) throw new ContextError(`the host has ${hostHas}, and ${url} answered ${res.status}`, { fix });
    return res;
  };
  const version = newestToolchain(await (await get(`${base}/list`)).text(), minor, arch);
  if (!version) throw new ContextError(`the host has ${hostHas}, and the Go module proxy lists no Go ${minor} for linux/${arch}`, { fix });
  const mod = `v0.0.1-go${version}.linux-${arch}`;
  const dir = join(imagesHome(ctx.env).home, 'go', mod);
  const goroot = join(dir, `golang.org/toolchain@${mod}`);
  if (!existsSync(join(goroot, 'bin/go'))) {
    if (!(await commandExists('unzip', ctx.env))) throw new ContextError(`the host has ${hostHas}; unpacking Go ${version} from the Go module proxy needs unzip`, { fix: `apt-get install -y unzip, or ${fix}` });
    step.progress(`the host has ${hostHas}; fetching the official Go ${version} from the Go module proxy (golang.org/toolchain@${mod})`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const zip = join(dir, 'toolchain.zip');
    await writeFile(zip, Buffer.from(await (await get(`${base}/${mod}.zip`)).arrayBuffer()));
    await exec('unzip', ['-q', zip, '-d', dir], { env: ctx.env, timeoutMs: 300_000 });
    await rm(zip, { force: true });
    // Module zips record no file modes: make the programs executable, as the go command does for the toolchains it downloads.
    await exec('sh', ['-c', 'chmod 755 bin/* pkg/tool/*/*'], { cwd: goroot, env: ctx.env });
  }
  return { goroot, version, source: `the official Go ${version} build from the Go module proxy (golang.org/toolchain@${mod})` };
}

async function debianRootfs(entry: CatalogEntry, dir: string, ctx: BuildContext, step: StepHandle): Promise<{ source: string; env: Record<string, string> }> {
  if (entry.recipe.base !== 'debian') throw new Error('not a debian recipe');
  const recipe = entry.recipe;
  await requireRootfsTools(ctx.env, ['debootstrap', 'chroot', 'tar', 'mount']);
  const base = await ensureBaseRootfs(ctx.env, ctx.logger);
  step.progress('unpacking the Debian base');
  await unpackBase(base, dir, ctx.env);
  const parts = [`debootstrap ${debianSuite} minbase`];
  const extraEnv: Record<string, string> = {};
  await inChroot(dir, ctx.env, ctx.logger, async (run) => {
    if (recipe.before) await run(recipe.before, 'preparing the rootfs');
    if (recipe.packages.length) {
      await aptUpdateIfStale(run, ctx.env);
      step.progress(`installing ${recipe.packages.join(' ')}`);
      await run(`apt-get install -y -qq --no-install-recommends ${recipe.packages.join(' ')}`, `installing ${recipe.packages.join(', ')} with apt-get`);
      const versions = await run(`dpkg-query -W -f '\${Package} \${Version}\\n' ${recipe.packages.join(' ')}`, 'reading package versions');
      parts.push(`apt: ${versions.stdout.trim().split('\n').join(', ')}`);
    }
    if (recipe.hostNode) {
      const dist = await nodeDistribution(recipe.hostNode, ctx, step);
      parts.push(await installNode(dir, dist, ctx));
      extraEnv.NODE_VERSION = dist.version;
    }
    if (recipe.hostGo) {
      const go = await goDistribution(recipe.hostGo, ctx, step);
      step.progress(`copying Go ${go.version}`);
      await mkdir(join(dir, 'usr/local'), { recursive: true });
      await rm(join(dir, 'usr/local/go'), { recursive: true, force: true });
      await exec('cp', ['-a', go.goroot, join(dir, 'usr/local/go')], { env: ctx.env, timeoutMs: 300_000 });
      parts.push(go.source);
      extraEnv.GOLANG_VERSION = go.version;
    }
    await writeRootfsFiles(dir, recipe.files ?? []);
    if (recipe.after) await run(recipe.after, 'configuring the image');
    await run(finalCleanup, 'removing build leftovers');
  });
  return { source: parts.join(' + '), env: extraEnv };
}

/** Run the entry's smoke command in a throwaway container; throws with its output when it fails. */
async function smokeTest(entry: CatalogEntry, ctx: BuildContext): Promise<void> {
  const r = await exec('docker', ['run', '--rm', '--network', 'none', entry.ref, ...entry.smoke.cmd], { env: ctx.env, allowFailure: true, timeoutMs: 120_000 });
  const output = `${r.stdout}${r.stderr}`;
  if (r.code !== 0 || !output.includes(entry.smoke.expect)) {
    throw new ContextError(`the freshly built ${entry.ref} failed its smoke test (${r.command} exited ${r.code}; expected "${entry.smoke.expect}" in its output)`, { details: output });
  }
}

async function smokeTestOrRemove(entry: CatalogEntry, ctx: BuildContext, step: StepHandle): Promise<void> {
  step.progress('smoke test');
  try {
    await smokeTest(entry, ctx);
  } catch (err) {
    await ctx.client.removeImage(entry.ref, { force: true }).catch(() => {});
    throw err;
  }
}

function standInLabels(entry: CatalogEntry, source: string): Record<string, string> {
  const labels: Record<string, string> = { [labelKeys.recipe]: recipeDigest(entry) };
  if (entry.origin === 'registry') Object.assign(labels, { [labelKeys.standIn]: 'true', [labelKeys.source]: source });
  return labels;
}

async function canBuildRootfs(env: NodeJS.ProcessEnv): Promise<boolean> {
  return process.platform === 'linux' && process.getuid?.() === 0 && (await commandExists('debootstrap', env)) && (await commandExists('chroot', env));
}

/**
 * Build the entry's stand-in (or local image) and tag it with the entry's
 * reference. It is smoke-tested before this returns; a failing image is removed.
 */
export async function buildStandIn(entry: CatalogEntry, ctx: BuildContext, step: StepHandle): Promise<{ source: string }> {
  const dirs = imagesHome(ctx.env);
  const slug = entry.ref.replace(/[^a-zA-Z0-9.-]+/g, '_');
  const dir = join(dirs.work, slug);
  const tarball = join(dirs.work, `${slug}.tar`);
  await mkdir(dirs.work, { recursive: true });
  if (entry.recipe.base === 'debian' && !(await canBuildRootfs(ctx.env))) {
    const source = `a Dockerfile FROM debian:bookworm-slim${entry.recipe.packages.length ? ` + apt: ${entry.recipe.packages.join(', ')}` : ''}`;
    const build = dockerfileBuild(entry, standInLabels(entry, source));
    if (build) {
      step.progress('no debootstrap here (needs root on Linux); building with a Dockerfile instead');
      await withContext(`building ${entry.ref} from a Dockerfile`, () =>
        ctx.client.buildImage(tarArchive([{ path: 'Dockerfile', content: build.dockerfile }, ...build.files]), { tag: entry.ref }, (l) => ctx.logger.debug(l)),
      );
      await smokeTestOrRemove(entry, ctx, step);
      return { source };
    }
  }
  try {
    let source: string;
    let extraEnv: Record<string, string> = {};
    if (entry.recipe.base === 'busybox-static') {
      await requireRootfsTools(ctx.env, ['tar']);
      source = await busyboxRootfs(entry, dir, ctx);
    } else {
      ({ source, env: extraEnv } = await debianRootfs(entry, dir, ctx, step));
    }
    step.progress('importing into Docker');
    await tarRootfs(dir, tarball, ctx.env);
    await rm(dir, { recursive: true, force: true });
    const labels = standInLabels(entry, source);
    const config = { ...entry.config, env: { ...entry.config.env, ...extraEnv } };
    const rootfsTag = `kubecamp/rootfs:${slug.toLowerCase()}`;
    await withContext(`importing the ${entry.ref} rootfs into Docker`, () =>
      exec('docker', ['import', '--message', `kubecamp rootfs: ${source}`, tarball, rootfsTag], { env: ctx.env, timeoutMs: 600_000 }),
    );
    const dockerfile = [`FROM ${rootfsTag}`, ...configInstructions(config, labels), ''].join('\n');
    await withContext(`applying the image settings of ${entry.ref}`, () =>
      ctx.client.buildImage(tarArchive([{ path: 'Dockerfile', content: dockerfile }]), { tag: entry.ref }, (l) => ctx.logger.debug(l)),
    );
    await ctx.client.removeImage(rootfsTag); // only the tag: the image keeps its layer
    await smokeTestOrRemove(entry, ctx, step);
    return { source };
  } finally {
    await rm(dir, { recursive: true, force: true }).catch(() => {});
    await rm(tarball, { force: true });
    // Leave no stray scratch trees from an interrupted run of the same image.
    for (const name of await readdir(dirs.work).catch(() => [] as string[])) if (name.startsWith(`${slug}.`)) await rm(join(dirs.work, name), { force: true, recursive: true });
  }
}
