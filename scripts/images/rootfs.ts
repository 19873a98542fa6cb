import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec, type ExecResult } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import type { RootfsFile } from './catalog.ts';
import { processAlive } from '../lib/process-alive.ts';

/**
 * Root filesystems for stand-in images, made on the host: debootstrap for the
 * Debian base (cached as a tarball, so only the first run waits for it) and
 * apt-get in a chroot for packages, because containers may have no route to
 * the Debian mirrors while the host does.
 */

export const debianSuite = 'bookworm';

export function imagesHome(env: NodeJS.ProcessEnv = process.env) {
  const home = join(paths(env).home, 'images');
  return {
    home,
    /** Cached base rootfs tarballs. */
    rootfs: join(home, 'rootfs'),
    /** Scratch trees, one per image being built; removed afterwards. */
    work: join(home, 'work'),
    /** Downloaded .debs and package lists, shared by every chroot build. */
    aptArchives: join(home, 'apt', 'archives'),
    aptLists: join(home, 'apt', 'lists'),
  };
}

export function debianMirrors(env: NodeJS.ProcessEnv = process.env) {
  return {
    main: env.KUBECAMP_DEBIAN_MIRROR || 'http://deb.debian.org/debian',
    security: env.KUBECAMP_DEBIAN_SECURITY_MIRROR || 'http://deb.debian.org/debian-security',
  };
}

/** deb822 sources like the official images: the release, its updates and security fixes. */
export function debianSources(mirrors: { main: string; security: string }, suite = debianSuite): string {
  return [
    `Types: deb\nURIs: ${mirrors.main}\nSuites: ${suite} ${suite}-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
    `Types: deb\nURIs: ${mirrors.security}\nSuites: ${suite}-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
  ].join('\n');
}

/** What the official -slim images leave out (debuerreotype's slimify), as dpkg path filters. */
export const slimDpkgConfig = `# kubecamp: like the official -slim images, no docs, man pages or translations
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
`;

const slimCleanup = `
find /usr/share/doc -mindepth 1 -not -name copyright -not -type d -delete
find /usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf /usr/share/man/* /usr/share/groff/* /usr/share/info/* /usr/share/lintian/* /usr/share/linda/*
find /usr/share/locale -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
`;

const chrootEnv = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  DEBIAN_FRONTEND: 'noninteractive',
  LANG: 'C.UTF-8',
  HOME: '/root',
};

/** Turns debootstrap's per-package lines into one progress line per phase. */
export function debootstrapPhase(line: string): string | undefined {
  const m = /^I: (Retrieving|Validating|Resolving|Checking|Extracting|Installing|Unpacking|Configuring|Base system installed)/.exec(line);
  if (!m) return undefined;
  return { Retrieving: 'downloading packages', Validating: 'verifying packages', Resolving: 'resolving dependencies', Checking: 'checking components', Extracting: 'extracting packages', Installing: 'installing core packages', Unpacking: 'unpacking packages', Configuring: 'configuring packages', 'Base system installed': 'base system installed' }[m[1]];
}

export async function requireRootfsTools(env: NodeJS.ProcessEnv, tools: string[]): Promise<void> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new ContextError('building stand-in images needs root on Linux (debootstrap and chroot)', {
      fix: 'let `docker pull` fetch the real images (check your network or `docker login`), or run `sudo npm run images`',
    });
  }
  for (const tool of tools) {
    if (!(await commandExists(tool, env))) {
      throw new ContextError(`building stand-in images needs ${tool}, which is not installed`, { fix: 'run `bash scripts/ci/install-system-packages.sh` (Debian/Ubuntu)' });
    }
  }
}

const baseDigest = createHash('sha256').update(JSON.stringify({ debianSuite, slimDpkgConfig, slimCleanup, v: 1 })).digest('hex').slice(0, 12);

/** The cached base tarball, made with debootstrap on first use (about a minute on a good mirror). */
export async function ensureBaseRootfs(env: NodeJS.ProcessEnv, logger: Logger): Promise<string> {
  const dirs = imagesHome(env);
  const tarball = join(dirs.rootfs, `debian-${debianSuite}-minbase-${baseDigest}.tar`);
  if (existsSync(tarball)) {
    logger.debug(`base rootfs cached at ${tarball}`);
    return tarball;
  }
  await requireRootfsTools(env, ['debootstrap', 'chroot', 'tar']);
  const dir = join(dirs.work, `base-${baseDigest}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const mirrors = debianMirrors(env);
  await withContext(`making a Debian ${debianSuite} root filesystem with debootstrap from ${mirrors.main}`, async () => {
    await timedStep(logger, `debootstrap --variant=minbase ${debianSuite} (first time only; cached in ${dirs.rootfs})`, async (step) => {
      const seen = new Set<string>();
      await exec('debootstrap', ['--variant=minbase', debianSuite, dir, mirrors.main], {
        env,
        timeoutMs: 30 * 60_000,
        onLine: (line) => {
          logger.debug(line);
          const p = debootstrapPhase(line);
          if (p && !seen.has(p)) step.progress(p), seen.add(p);
        },
      });
    });
  }, `check that ${mirrors.main} is reachable (set KUBECAMP_DEBIAN_MIRROR for another mirror); on Ubuntu also install debian-archive-keyring`);
  await timedStep(logger, 'slimming the base and applying Debian security updates', async () => {
    await writeFile(join(dir, 'etc/dpkg/dpkg.cfg.d/docker-slim'), slimDpkgConfig);
    await writeFile(join(dir, 'etc/apt/apt.conf.d/docker-no-languages'), 'Acquire::Languages "none";\n');
    await rm(join(dir, 'etc/apt/sources.list'), { force: true });
    await writeFile(join(dir, 'etc/apt/sources.list.d/debian.sources'), debianSources(mirrors));
    // debootstrap's own downloads would stay hidden under the cache mounts and bloat the tarball.
    await rm(join(dir, 'var/cache/apt/archives'), { recursive: true, force: true });
    await rm(join(dir, 'var/lib/apt/lists'), { recursive: true, force: true });
    await inChroot(dir, env, logger, async (run) => {
      await aptUpdateIfStale(run, env);
      await run('apt-get upgrade -y -qq', 'applying security updates');
      await run(slimCleanup, 'removing docs and translations');
      await run(finalCleanup, 'removing build leftovers');
    });
    await writeFile(join(dir, 'etc/hostname'), '');
  });
  await mkdir(dirs.rootfs, { recursive: true });
  // Device nodes stay in the base: chroot builds need /dev/null. Image tarballs leave /dev empty.
  await exec('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=security.capability', '-C', dir, '-cf', `${tarball}.tmp`, '.'], { env });
  await rename(`${tarball}.tmp`, tarball);
  await rm(dir, { recursive: true, force: true });
  return tarball;
}


/**
 * One image build at a time on a machine: builds share the apt cache (whose
 * lock apt does not wait for), the base tarball and the scratch trees. A lock
 * left by a process that died is taken over.
 */
export async function withBuildLock<T>(env: NodeJS.ProcessEnv, logger: Logger, fn: () => Promise<T>): Promise<T> {
  const lock = join(imagesHome(env).home, 'build.lock');
  await mkdir(dirname(lock), { recursive: true });
  const started = Date.now();
  let told = false;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, 'pid'), `${process.pid}\n`);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => '0'));
      const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if ((pid && !processAlive(pid)) || (!pid && age > 10_000)) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (!told) logger.info(`waiting for another image build (pid ${pid || '?'}) to finish; lock: ${lock}`);
      told = true;
      if (Date.now() - started > 60 * 60_000) throw new ContextError(`another image build (pid ${pid}) has held ${lock} for an hour`, { fix: `stop it, or remove ${lock} if it is gone` });
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Unpack the base into a fresh scratch tree for one image. */
export async function unpackBase(tarball: string, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await exec('tar', ['--numeric-owner', '--xattrs', '--xattrs-include=security.capability', '-C', dir, '-xf', tarball], { env });
}

export type ChrootRun = (script: string, what: string) => Promise<ExecResult>;

/**
 * Run shell in a chroot of `dir` with what apt needs (the host's resolver,
 * /proc, the shared apt cache) mounted, and no services started by package
 * scripts. Everything mounted is unmounted again, also on failure.
 */
export async function inChroot<T>(dir: string, env: NodeJS.ProcessEnv, logger: Logger, fn: (run: ChrootRun) => Promise<T>): Promise<T> {
  const dirs = imagesHome(env);
  await mkdir(dirs.aptArchives, { recursive: true });
  await mkdir(join(dirs.aptLists, 'partial'), { recursive: true });
  const mounts: string[] = [];
  const policy = join(dir, 'usr/sbin/policy-rc.d');
  try {
    await writeFile(join(dir, 'etc/resolv.conf'), await readFile('/etc/resolv.conf', 'utf8').catch(() => 'nameserver 127.0.0.53\n'));
    await writeFile(policy, '#!/bin/sh\nexit 101\n');
    await chmod(policy, 0o755);
    for (const [source, target, args] of [
      ['proc', join(dir, 'proc'), ['-t', 'proc']],
      [dirs.aptArchives, join(dir, 'var/cache/apt/archives'), ['--bind']],
      [dirs.aptLists, join(dir, 'var/lib/apt/lists'), ['--bind']],
    ] as const) {
      await mkdir(target, { recursive: true });
      await exec('mount', [...args, source, target], { env });
      mounts.push(target);
    }
    const run: ChrootRun = (script, what) =>
      withContext(`${what} (in a chroot of ${dir})`, () =>
        exec('chroot', [dir, '/bin/sh', '-ec', script], { env: chrootEnv, timeoutMs: 20 * 60_000, onLine: (l) => logger.debug(l) }),
      );
    return await fn(run);
  } finally {
    for (const target of mounts.reverse()) {
      const r = await exec('umount', [target], { env, allowFailure: true });
      if (r.code !== 0) await exec('umount', ['-l', target], { env, allowFailure: true });
    }
    await rm(policy, { force: true });
    await rm(join(dir, 'etc/resolv.conf'), { force: true });
  }
}

/** Run `apt-get update` in the chroot unless the shared lists were refreshed in the last day. */
export async function aptUpdateIfStale(run: ChrootRun, env: NodeJS.ProcessEnv): Promise<void> {
  const stamp = join(imagesHome(env).aptLists, 'kubecamp-updated');
  const age = await stat(stamp).then((s) => Date.now() - s.mtimeMs, () => Infinity);
  if (age < 24 * 3600_000) return;
  await run('apt-get update -qq', 'downloading Debian package lists');
  await writeFile(stamp, `${new Date().toISOString()}\n`);
}

/** Leave no caches or logs of the build in the image. */
export const finalCleanup = 'rm -rf /var/cache/apt/*.bin /var/log/apt/* /var/log/dpkg.log /var/log/alternatives.log /var/cache/debconf/*-old /tmp/* /var/tmp/*';

export async function writeRootfsFiles(dir: string, files: readonly RootfsFile[]): Promise<void> {
  for (const f of files) {
    const target = join(dir, f.path);
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { force: true }); // a symlink (to /dev/stdout, say) must not be written through
    await writeFile(target, f.content, { mode: f.mode ?? 0o644 });
    await chmod(target, f.mode ?? 0o644);
  }
}

/** Tar a finished tree for `docker import`: empty /dev, /proc and /sys, file capabilities kept. */
export async function tarRootfs(dir: string, out: string, env: NodeJS.ProcessEnv): Promise<void> {
  await exec(
    'tar',
    ['--numeric-owner', '--xattrs', '--xattrs-include=security.capability', '--exclude=./dev/*', '--exclude=./proc/*', '--exclude=./sys/*', '-C', dir, '-cf', out, '.'],
    { env },
  );
}
