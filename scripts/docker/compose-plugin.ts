import { existsSync, lstatSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { versions } from '../versions.ts';

/** The Go module and package of the Compose v2 CLI plugin. */
export const composeModule = 'github.com/docker/compose/v2';
const composeCommand = `${composeModule}/cmd`;

export interface ComposeLocations {
  /** The built binary, cached per version: `~/.cache/kubecamp/bin/compose-v<ver>/docker-compose`. */
  binary: string;
  /** Where the docker CLI looks for the user's plugins: `$DOCKER_CONFIG/cli-plugins` or `~/.docker/cli-plugins`. */
  pluginDir: string;
  /** The plugin entry the CLI runs for `docker compose`: a symlink to `binary`. */
  plugin: string;
  /** Scratch Go module the binary is built in. */
  buildDir: string;
}

/** The docker CLI's config folder, found as the CLI finds it: DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG ? resolve(env.DOCKER_CONFIG) : join(env.HOME || homedir(), '.docker');
}

export function composeLocations(env: NodeJS.ProcessEnv = process.env, version: string = versions.compose): ComposeLocations {
  const p = paths(env);
  const pluginDir = join(dockerConfigDir(env), 'cli-plugins');
  return {
    binary: join(p.bin, `compose-v${version}`, 'docker-compose'),
    pluginDir,
    plugin: join(pluginDir, 'docker-compose'),
    buildDir: join(p.build, `compose-v${version}`),
  };
}

/**
 * A wrapper go.mod that requires the Compose release. `go install module@version`
 * refuses modules whose go.mod has `replace` or `exclude` directives (Compose's has
 * `exclude`), so the build happens in a module of our own that repeats them: the
 * main module's directives are the only ones Go applies. Replacements by local
 * path cannot be repeated and are refused.
 */
export function composeWrapperGoMod(composeGoMod: string, version: string): string {
  if (!/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`unexpected Compose version ${version}`);
  if (!/^module\s+github\.com\/docker\/compose\/v2\s*$/m.test(composeGoMod)) throw new Error('not the go.mod of github.com/docker/compose/v2');
  const goLine = /^go\s+(\S+)/m.exec(composeGoMod)?.[1] ?? '1.24';
  const lines = ['module kubecamp.local/compose-build', '', `go ${goLine}`, '', `require ${composeModule} v${version}`, ''];
  for (const directive of ['exclude', 'replace'] as const) {
    const entries = directiveEntries(composeGoMod, directive);
    if (directive === 'replace') {
      const local = entries.find((e) => /=>\s*\.{0,2}\//.test(e));
      if (local) throw new Error(`the Compose go.mod replaces a module with a local path (${local}); it cannot be built outside its repository`);
    }
    if (entries.length) lines.push(`${directive} (`, ...entries.map((e) => `\t${e}`), ')', '');
  }
  return lines.join('\n');
}

/** The entries of every `exclude`/`replace` directive, block or single line, without comments. */
function directiveEntries(goMod: string, directive: 'exclude' | 'replace'): string[] {
  const out: string[] = [];
  const strip = (l: string) => l.replace(/\/\/.*$/, '').trim();
  const lines = goMod.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = strip(lines[i]);
    if (line === `${directive} (`) {
      for (i++; i < lines.length && strip(lines[i]) !== ')'; i++) if (strip(lines[i])) out.push(strip(lines[i]));
    } else if (line.startsWith(`${directive} `)) {
      out.push(line.slice(directive.length + 1).trim());
    }
  }
  return out;
}

/** Stamp the version `docker compose version` prints, as Compose's Makefile does. */
export function composeLdflags(version: string): string {
  return `-s -w -X ${composeModule}/internal.Version=v${version}`;
}

/** `Docker Compose version v2.40.3` (or `--short`'s `2.40.3`) → `2.40.3`; null when not a Compose version line. */
export function parseComposeVersion(output: string): string | null {
  const m = /^(?:Docker Compose version )?v?(\d+\.\d+\.\d+[\w.+-]*)\s*$/m.exec(output.trim());
  return m ? m[1] : null;
}

/**
 * What to do about the plugin entry: `ours` (already our symlink to this binary), `install` (missing, or a
 * symlink into our cache, e.g. an older version), or `foreign` (a file or link the user put there).
 */
export function pluginEntryState(linkTarget: string | null, exists: boolean, binary: string, binDir: string): 'ours' | 'install' | 'foreign' {
  if (!exists && linkTarget === null) return 'install';
  if (linkTarget === null) return 'foreign';
  if (resolve(linkTarget) === resolve(binary)) return 'ours';
  return resolve(linkTarget).startsWith(`${resolve(binDir)}/`) ? 'install' : 'foreign';
}

export interface ComposePluginStatus {
  version: string;
  /** `existing`: a `docker compose` that was not ours already worked; `cached`/`built`: ours, from the cache or just built. */
  origin: 'existing' | 'cached' | 'built';
  /** The binary `docker compose` runs. */
  binary: string;
  /** Whether this call (re)made the plugin link; false when everything was already in place. */
  installed: boolean;
}

async function composeVersion(env: NodeJS.ProcessEnv): Promise<string | null> {
  const r = await exec('docker', ['compose', 'version'], { env, allowFailure: true, timeoutMs: 20_000 }).catch(() => null);
  return r && r.code === 0 ? parseComposeVersion(r.stdout) : null;
}

function linkTargetOf(path: string): Promise<string | null> {
  return readlink(path).then((t) => resolve(dirname(path), t), () => null);
}

/**
 * Make `docker compose` work: a Compose plugin the user installed is used as it is;
 * else the pinned Compose v2 release is built from its Go module (once, cached under
 * ~/.cache/kubecamp/bin) and linked into the docker CLI's plugin folder. Idempotent.
 */
export async function ensureComposePlugin({ env = process.env, logger = noopLogger }: { env?: NodeJS.ProcessEnv; logger?: Logger } = {}): Promise<ComposePluginStatus> {
  const version = versions.compose;
  const loc = composeLocations(env, version);
  const target = await linkTargetOf(loc.plugin);
  const state = pluginEntryState(target, existsSync(loc.plugin) || isLink(loc.plugin), loc.binary, paths(env).bin);

  if (state !== 'ours') {
    const present = await composeVersion(env);
    if (present && state === 'foreign') {
      logger.debug(`docker compose ${present} is installed at ${loc.plugin}; leaving it alone`);
      return { version: present, origin: 'existing', binary: loc.plugin, installed: false };
    }
    if (present && target === null) {
      logger.debug(`docker compose ${present} is installed system-wide; leaving it alone`);
      return { version: present, origin: 'existing', binary: 'docker compose', installed: false };
    }
    if (state === 'foreign') {
      throw new ContextError(`${loc.plugin} exists but \`docker compose version\` does not work`, {
        fix: `remove or repair it (rm ${loc.plugin}), then run \`npm run compose:install\` again`,
      });
    }
  }

  let origin: ComposePluginStatus['origin'] = 'cached';
  if (!existsSync(loc.binary)) {
    await buildCompose(loc, version, env, logger);
    origin = 'built';
  }
  if (state !== 'ours') await installPlugin(loc, logger);

  const working = await composeVersion(env);
  if (working !== version) {
    throw new ContextError(`\`docker compose version\` reports ${working ?? 'nothing (the command failed)'} after installing Compose v${version} at ${loc.plugin}`, {
      fix: 'check that the docker CLI is 20.10 or newer and reads plugins from ~/.docker/cli-plugins (DOCKER_CONFIG moves it)',
    });
  }
  return { version, origin, binary: loc.binary, installed: state !== 'ours' };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

async function buildCompose(loc: ComposeLocations, version: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  if (!(await commandExists('go', env))) {
    throw new ContextError('`docker compose` is not installed and Go is not there to build it', {
      fix: 'install the Docker Compose plugin (https://docs.docker.com/compose/install/linux/), or install Go 1.24 or newer and run `npm run compose:install`',
    });
  }
  const goEnv = { ...env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
  await withContext(`building Docker Compose v${version} from ${composeModule}`, () =>
    timedStep(logger, `building Docker Compose v${version} from Go modules (first time only, a few minutes)`, async () => {
      await mkdir(loc.buildDir, { recursive: true });
      const dl = await exec('go', ['mod', 'download', '-json', `${composeModule}@v${version}`], { cwd: loc.buildDir, env: goEnv, timeoutMs: 600_000 });
      const goModPath = JSON.parse(dl.stdout).GoMod as string;
      await writeFile(join(loc.buildDir, 'go.mod'), composeWrapperGoMod(await readFile(goModPath, 'utf8'), version));
      await writeFile(join(loc.buildDir, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport _ "${composeCommand}"\n`);
      await exec('go', ['mod', 'tidy'], { cwd: loc.buildDir, env: goEnv, timeoutMs: 900_000, onLine: (l) => l.startsWith('go: downloading') && logger.debug(l) });
      await mkdir(dirname(loc.binary), { recursive: true });
      const tmp = `${loc.binary}.tmp`;
      await exec('go', ['build', '-trimpath', '-ldflags', composeLdflags(version), '-o', tmp, composeCommand], { cwd: loc.buildDir, env: goEnv, timeoutMs: 1_800_000 });
      await rename(tmp, loc.binary);
    }),
  );
}

async function installPlugin(loc: ComposeLocations, logger: Logger): Promise<void> {
  await withContext(`installing ${loc.binary} as the docker CLI plugin ${loc.plugin}`, async () => {
    await mkdir(loc.pluginDir, { recursive: true });
    await rm(loc.plugin, { force: true });
    try {
      await symlink(loc.binary, loc.plugin);
    } catch {
      // Filesystems without symlinks: a copy works the same.
      await copyFile(loc.binary, loc.plugin);
      await chmod(loc.plugin, 0o755);
    }
    logger.debug(`linked ${loc.plugin} → ${loc.binary}`);
  });
}
