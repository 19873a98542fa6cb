import { existsSync } from 'node:fs';
import { lstat, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { versions } from '../versions.ts';

/** The Go module of a Helm release: `helm.sh/helm/v4` for 4.x (major versions ≥ 2 carry a `/vN` suffix). */
export function helmModule(version: string): string {
  const major = /^(\d+)\.\d+\.\d+$/.exec(version)?.[1];
  if (!major || Number(major) < 3) throw new Error(`unexpected Helm version ${version}: expected 3.x.y or later`);
  return `helm.sh/helm/v${major}`;
}

/** `-X` flags, as Helm's Makefile sets them for a tagged release, so `helm version` shows the release. */
export function helmLdflags(version: string): string {
  const pkg = `${helmModule(version)}/internal/version`;
  return ['-s', '-w', `-X ${pkg}.version=v${version}`, `-X ${pkg}.metadata=`, `-X ${pkg}.gitTreeState=clean`].join(' ');
}

/** Where the pinned helm binary is cached: `<bin>/helm-v<version>/helm`. */
export function helmLocation(env: NodeJS.ProcessEnv = process.env, version: string = versions.helm): string {
  return join(paths(env).bin, `helm-v${version}`, 'helm');
}

/**
 * Make sure the pinned helm is in the cache, building it from its Go module
 * (`go install`, no wrapper needed). A second call finds it and returns at once.
 */
export async function ensureHelm({ env = process.env, logger }: { env?: NodeJS.ProcessEnv; logger: Logger }): Promise<string> {
  const version = versions.helm;
  const target = helmLocation(env, version);
  if (existsSync(target)) {
    logger.debug(`helm v${version} cached at ${target}`);
    return target;
  }
  if (!(await commandExists('go', env))) {
    throw new ContextError(`helm v${version} is not built yet, and Go is not installed`, {
      fix: 'install Go 1.26 or newer (https://go.dev/doc/install), then run `npm run cluster:build`',
    });
  }
  const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  await withContext(`building helm v${version} from ${helmModule(version)}`, () =>
    timedStep(logger, `building helm v${version} from Go modules (first time only)`, async () => {
      // Install into a scratch GOBIN, then rename: an interrupted build never leaves a half-written helm behind.
      const scratch = `${dirname(target)}.tmp`;
      await rm(scratch, { recursive: true, force: true });
      await mkdir(scratch, { recursive: true });
      await exec('go', ['install', '-trimpath', '-ldflags', helmLdflags(version), `${helmModule(version)}/cmd/helm@v${version}`], {
        env: { ...goEnv, GOBIN: scratch },
        timeoutMs: 1_800_000,
      });
      await rm(dirname(target), { recursive: true, force: true });
      await rename(scratch, dirname(target));
    }),
  );
  return target;
}

/**
 * Put `helm` beside kubectl in the cluster's bin folder (a relative symlink), so
 * lab steps and the learner's terminal, which get that folder on PATH, find it.
 * Replaces a link to another version; leaves a real file of that name alone.
 */
export async function linkHelm(helm: string, binDir: string): Promise<string> {
  const link = join(binDir, 'helm');
  const wanted = relative(binDir, helm);
  const current = await lstat(link).catch(() => null);
  if (current) {
    if (!current.isSymbolicLink()) return link;
    if ((await readlink(link)) === wanted) return link;
    await rm(link);
  }
  await mkdir(binDir, { recursive: true });
  await symlink(wanted, link);
  return link;
}
