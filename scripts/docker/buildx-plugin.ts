import { existsSync, lstatSync } from 'node:fs';
import { chmod, copyFile, mkdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { versions } from '../versions.ts';
import { dockerConfigDir, pluginEntryState } from './compose-plugin.ts';

/**
 * The Docker buildx CLI plugin. With it, the docker CLI (23+) runs `docker build`
 * through BuildKit instead of the legacy builder, whose deprecation banner every
 * build otherwise prints. Its go.mod has no replace or exclude directives, so a
 * plain `go install` builds it.
 */
export const buildxModule = 'github.com/docker/buildx';

export interface BuildxLocations {
  /** The built binary, cached per version: `~/.cache/kubecamp/bin/buildx-v<ver>/docker-buildx`. */
  binary: string;
  /** `$DOCKER_CONFIG/cli-plugins` or `~/.docker/cli-plugins`. */
  pluginDir: string;
  /** The plugin entry the CLI runs for `docker buildx` (and `docker build`): a symlink to `binary`. */
  plugin: string;
}

export function buildxLocations(env: NodeJS.ProcessEnv = process.env, version: string = versions.buildx): BuildxLocations {
  const pluginDir = join(dockerConfigDir(env), 'cli-plugins');
  return { binary: join(paths(env).bin, `buildx-v${version}`, 'docker-buildx'), pluginDir, plugin: join(pluginDir, 'docker-buildx') };
}

/** Stamp what `docker buildx version` prints, as buildx's Dockerfile does for a release. */
export function buildxLdflags(version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`unexpected buildx version ${version}`);
  return `-s -w -X ${buildxModule}/version.Version=v${version} -X ${buildxModule}/version.Package=${buildxModule}`;
}

/** `github.com/docker/buildx v0.38.2 <revision>` → `0.38.2`; null when not a buildx version line. */
export function parseBuildxVersion(output: string): string | null {
  const m = /^github\.com\/docker\/buildx v(\d+\.\d+\.\d+[\w.+-]*)(\s|$)/m.exec(output.trim());
  return m ? m[1] : null;
}

export interface BuildxPluginStatus {
  version: string;
  /** `existing`: a buildx that was not ours already worked; `cached`/`built`: ours, from the cache or just built. */
  origin: 'existing' | 'cached' | 'built';
  binary: string;
  /** Whether this call (re)made the plugin link. */
  installed: boolean;
}

async function buildxVersion(env: NodeJS.ProcessEnv): Promise<string | null> {
  const r = await exec('docker', ['buildx', 'version'], { env, allowFailure: true, timeoutMs: 20_000 }).catch(() => null);
  return r && r.code === 0 ? parseBuildxVersion(r.stdout) : null;
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * Make `docker buildx` (and so BuildKit behind `docker build`) work: a buildx the
 * user installed is used as it is; else the pinned release is built from its Go
 * module once, cached under ~/.cache/kubecamp/bin, and linked into the docker
 * CLI's plugin folder. Idempotent.
 */
export async function ensureBuildxPlugin({ env = process.env, logger = noopLogger }: { env?: NodeJS.ProcessEnv; logger?: Logger } = {}): Promise<BuildxPluginStatus> {
  const version = versions.buildx;
  const loc = buildxLocations(env, version);
  const target = await readlink(loc.plugin).then((t) => resolve(dirname(loc.plugin), t), () => null);
  const state = pluginEntryState(target, existsSync(loc.plugin) || isLink(loc.plugin), loc.binary, paths(env).bin);

  if (state !== 'ours') {
    const present = await buildxVersion(env);
    if (present && (state === 'foreign' || target === null)) {
      logger.debug(`docker buildx ${present} is installed; leaving it alone`);
      return { version: present, origin: 'existing', binary: state === 'foreign' ? loc.plugin : 'docker buildx', installed: false };
    }
    if (state === 'foreign') {
      throw new ContextError(`${loc.plugin} exists but \`docker buildx version\` does not work`, {
        fix: `remove or repair it (rm ${loc.plugin}), then run \`npm run docker:up\` again`,
      });
    }
  }

  let origin: BuildxPluginStatus['origin'] = 'cached';
  if (!existsSync(loc.binary)) {
    await buildBuildx(loc, version, env, logger);
    origin = 'built';
  }
  if (state !== 'ours') {
    await withContext(`installing ${loc.binary} as the docker CLI plugin ${loc.plugin}`, async () => {
      await mkdir(loc.pluginDir, { recursive: true });
      await rm(loc.plugin, { force: true });
      await symlink(loc.binary, loc.plugin).catch(async () => {
        await copyFile(loc.binary, loc.plugin);
        await chmod(loc.plugin, 0o755);
      });
    });
  }
  const working = await buildxVersion(env);
  if (working !== version) {
    throw new ContextError(`\`docker buildx version\` reports ${working ?? 'nothing (the command failed)'} after installing buildx v${version} at ${loc.plugin}`, {
      fix: 'check that the docker CLI is 20.10 or newer and reads plugins from ~/.docker/cli-plugins (DOCKER_CONFIG moves it)',
    });
  }
  return { version, origin, binary: loc.binary, installed: state !== 'ours' };
}

async function buildBuildx(loc: BuildxLocations, version: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  if (!(await commandExists('go', env))) {
    throw new ContextError('`docker buildx` is not installed and Go is not there to build it', {
      fix: 'install the buildx plugin (https://docs.docker.com/build/concepts/overview/#install-buildx, or `apt-get install docker-buildx`), or install Go 1.26 or newer and run `npm run docker:up`',
    });
  }
  await withContext(`building buildx v${version} from ${buildxModule}`, () =>
    timedStep(logger, `building the buildx plugin v${version} from Go modules (first time only, several minutes)`, async () => {
      // A scratch GOBIN renamed into place: an interrupted build leaves no half-written plugin.
      const scratch = `${dirname(loc.binary)}.tmp`;
      await rm(scratch, { recursive: true, force: true });
      await mkdir(scratch, { recursive: true });
      await exec('nice', ['-n', '10', 'go', 'install', '-trimpath', '-ldflags', buildxLdflags(version), `${buildxModule}/cmd/buildx@v${version}`], {
        env: { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false', GOBIN: scratch },
        timeoutMs: 60 * 60_000,
      });
      await rename(join(scratch, 'buildx'), join(scratch, 'docker-buildx'));
      await rm(dirname(loc.binary), { recursive: true, force: true });
      await rename(scratch, dirname(loc.binary));
    }),
  );
}
