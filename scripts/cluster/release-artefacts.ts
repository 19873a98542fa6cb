import { createHash } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ContextError, formatError } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { releaseDigests, releaseSources, versions } from '../versions.ts';

/**
 * The official release binaries of the Docker-free engine's parts, fetched
 * where a download site answers and verified against the checksum each project
 * publishes, so a learner with a network waits seconds instead of building
 * from Go modules. Whatever cannot be fetched or verified is built instead.
 */

export type DigestAlgorithm = 'sha256' | 'sha512';

/** Where the expected digest of an artefact is published. */
export type ChecksumSource =
  /** A file holding the digest alone (dl.k8s.io's `<binary>.sha256`), optionally followed by the file name. */
  | { kind: 'digest-file'; url: string; algorithm: DigestAlgorithm }
  /** A `sha256sum`-style list, one `<digest>  <file>` line per artefact (etcd's SHA256SUMS). */
  | { kind: 'sums-file'; url: string; algorithm: DigestAlgorithm; entry: string }
  /** GitHub's release API, whose assets carry `digest: "sha256:…"` (kwok publishes no checksum file). */
  | { kind: 'github-release'; url: string; asset: string };

export interface ReleaseArtefact {
  /** For messages: `kube-apiserver v1.36.1`. */
  label: string;
  /** Key of its digest in versions.ts' releaseDigests: `kube-apiserver v1.36.1 linux/amd64`. */
  pin: string;
  url: string;
  checksum: ChecksumSource;
  /** Path of the binary inside a `.tar.gz` download; absent when the download is the binary. */
  member?: string;
  /** Where the verified binary is installed (the cache path the engine runs). */
  dest: string;
}

/** Base URLs of the download sites, each overridable so a test can point them at a local server. */
export function releaseBaseUrls(env: NodeJS.ProcessEnv = process.env) {
  const strip = (u: string) => u.replace(/\/+$/, '');
  return {
    kubernetes: strip(env.KUBECAMP_KUBERNETES_RELEASE_URL || releaseSources.kubernetes),
    github: strip(env.KUBECAMP_GITHUB_URL || releaseSources.github),
    githubApi: strip(env.KUBECAMP_GITHUB_API_URL || releaseSources.githubApi),
  };
}

/** `linux/amd64` where the projects publish binaries for this machine; undefined elsewhere (kube-apiserver ships for Linux only). */
export function releasePlatform(platform: string = process.platform, arch: string = process.arch): string | undefined {
  const goArch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[arch];
  return platform === 'linux' && goArch ? `linux/${goArch}` : undefined;
}

/** Why no download is tried here, or undefined when one is. */
export function downloadSkipReason(env: NodeJS.ProcessEnv, platform: string | undefined): string | undefined {
  if (/^(1|true|yes)$/i.test(env.KUBECAMP_OFFLINE ?? '')) return 'KUBECAMP_OFFLINE is set';
  if (!platform) return `no release binaries are published for ${process.platform}/${process.arch}`;
  return undefined;
}

/** dl.k8s.io's binaries of the pinned release, verified against their `.sha256` files. */
export function kubernetesArtefacts(commands: Record<string, string>, env: NodeJS.ProcessEnv, platform: string): ReleaseArtefact[] {
  const base = `${releaseBaseUrls(env).kubernetes}/v${versions.kubernetes}/bin/${platform}`;
  return Object.entries(commands).map(([command, dest]) => ({
    label: `${command} v${versions.kubernetes}`,
    pin: `${command} v${versions.kubernetes} ${platform}`,
    url: `${base}/${command}`,
    checksum: { kind: 'digest-file', url: `${base}/${command}.sha256`, algorithm: 'sha256' },
    dest,
  }));
}

/** etcd's release tarball from GitHub, verified against the release's SHA256SUMS. */
export function etcdArtefact(dest: string, env: NodeJS.ProcessEnv, platform: string): ReleaseArtefact {
  const v = `v${versions.etcd}`;
  const dir = `etcd-${v}-${platform.replace('/', '-')}`;
  const base = `${releaseBaseUrls(env).github}/etcd-io/etcd/releases/download/${v}`;
  return {
    label: `etcd ${v}`,
    pin: `etcd ${v} ${platform}`,
    url: `${base}/${dir}.tar.gz`,
    checksum: { kind: 'sums-file', url: `${base}/SHA256SUMS`, algorithm: 'sha256', entry: `${dir}.tar.gz` },
    member: `${dir}/etcd`,
    dest,
  };
}

/** kwok and kwokctl as kwok publishes them (bare binaries), verified against the digests GitHub's release API lists. */
export function kwokArtefacts(dests: { kwok: string; kwokctl: string }, env: NodeJS.ProcessEnv, platform: string): ReleaseArtefact[] {
  const v = `v${versions.kwok}`;
  const { github, githubApi } = releaseBaseUrls(env);
  return (['kwok', 'kwokctl'] as const).map((name) => {
    const asset = `${name}-${platform.replace('/', '-')}`;
    return {
      label: `${name} ${v}`,
      pin: `${name} ${v} ${platform}`,
      url: `${github}/kubernetes-sigs/kwok/releases/download/${v}/${asset}`,
      checksum: { kind: 'github-release', url: `${githubApi}/repos/kubernetes-sigs/kwok/releases/tags/${v}`, asset },
      dest: dests[name],
    };
  });
}

/** The published digest in `text` (the checksum file's content), as `<algorithm>:<hex>`. */
export function parsePublishedDigest(source: ChecksumSource, text: string): string {
  const hexLength = (a: DigestAlgorithm) => (a === 'sha256' ? 64 : 128);
  const fail = (why: string) => new ContextError(`the checksum published at ${source.url} ${why}`);
  switch (source.kind) {
    case 'digest-file': {
      const hex = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
      if (!new RegExp(`^[0-9a-f]{${hexLength(source.algorithm)}}$`).test(hex)) throw fail(`is not a ${source.algorithm} digest`);
      return `${source.algorithm}:${hex}`;
    }
    case 'sums-file': {
      for (const line of text.split('\n')) {
        const m = /^([0-9a-fA-F]+)\s+\*?(\S+)\s*$/.exec(line.trim());
        if (m && basename(m[2]) === source.entry && m[1].length === hexLength(source.algorithm)) return `${source.algorithm}:${m[1].toLowerCase()}`;
      }
      throw fail(`lists no ${source.algorithm} digest for ${source.entry}`);
    }
    case 'github-release': {
      let assets: { name?: unknown; digest?: unknown }[] = [];
      try {
        assets = (JSON.parse(text) as { assets?: typeof assets }).assets ?? [];
      } catch {
        throw fail('is not JSON');
      }
      const digest = assets.find((a) => a.name === source.asset)?.digest;
      if (typeof digest !== 'string' || !/^sha(256:[0-9a-f]{64}|512:[0-9a-f]{128})$/.test(digest)) throw fail(`lists no digest for ${source.asset}`);
      return digest;
    }
  }
}

/** A download whose digest is not the published (or pinned) one: refused, never installed. */
export class ChecksumMismatch extends ContextError {}

/** No answer at all (no network, DNS, refused, timeout): the other files of that site would fail the same way. */
export class SiteUnreachable extends ContextError {
  constructor(readonly host: string, message: string) {
    super(message);
  }
}

export type Fetch = typeof fetch;

export interface DownloadOptions {
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  fetch?: Fetch;
  /** Give up on one file after this long (default 10 min). */
  timeoutMs?: number;
  /** Digests known in advance, by `pin` (default: scripts/versions.ts); a published digest must equal them. */
  pinnedDigests?: Readonly<Record<string, string>>;
}

async function fetchOk(url: string, fetcher: Fetch, timeoutMs: number): Promise<Response> {
  let res: Response;
  try {
    res = await fetcher(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    throw new SiteUnreachable(new URL(url).host, `cannot fetch ${url}: ${cause}`);
  }
  if (!res.ok) throw new ContextError(`cannot fetch ${url}: HTTP ${res.status}`);
  return res;
}

/**
 * Fetch one artefact into a scratch folder beside its destination, check its
 * digest against the published one (and the pinned one in versions.ts, when
 * there is one), and only then move the binary into place. A failure of any
 * kind leaves nothing behind.
 */
export async function installArtefact(artefact: ReleaseArtefact, { fetch: fetcher = fetch, timeoutMs = 600_000, pinnedDigests = releaseDigests }: DownloadOptions): Promise<void> {
  const checksumText = await (await fetchOk(artefact.checksum.url, fetcher, 60_000)).text();
  const published = parsePublishedDigest(artefact.checksum, checksumText);
  const [algorithm] = published.split(':') as [DigestAlgorithm];
  const fileName = basename(new URL(artefact.url).pathname);
  const pinned = pinnedDigests[artefact.pin];
  if (pinned && pinned !== published) {
    throw new ChecksumMismatch(`refusing ${fileName}: the digest published at ${artefact.checksum.url} (${published}) is not the one pinned in scripts/versions.ts (${pinned})`);
  }

  await mkdir(dirname(artefact.dest), { recursive: true });
  const scratch = await mkdtemp(join(dirname(artefact.dest), `.${basename(artefact.dest)}.download-`));
  try {
    const file = join(scratch, fileName);
    const res = await fetchOk(artefact.url, fetcher, timeoutMs);
    if (!res.body) throw new ContextError(`cannot fetch ${artefact.url}: empty response`);
    const hash = createHash(algorithm);
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), hasher, createWriteStream(file, { mode: 0o600 })).catch((err) => {
      throw new ContextError(`downloading ${artefact.url} was interrupted`, { cause: err });
    });
    const actual = `${algorithm}:${hash.digest('hex')}`;
    if (actual !== published) {
      throw new ChecksumMismatch(`refusing ${fileName} from ${artefact.url}: checksum mismatch (expected ${published} as published at ${artefact.checksum.url}, got ${actual}); the download was discarded`);
    }
    let binary = file;
    if (artefact.member) {
      await exec('tar', ['-xzf', file, '-C', scratch, artefact.member], { timeoutMs: 120_000 });
      binary = join(scratch, artefact.member);
    }
    await chmod(binary, 0o755);
    await rename(binary, artefact.dest);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export interface DownloadResult {
  /** Destinations now installed from verified release artefacts. */
  installed: string[];
  /** Why the others were not (printed once by the caller); absent when all were. */
  reason?: string;
}

/**
 * Install every artefact whose destination is missing, in order. A site that
 * does not answer at all is not asked again (its other files would wait and
 * fail the same way); a file a site lacks, or whose checksum differs, is
 * skipped (a mismatch with a warning naming the digests) and the rest is tried.
 */
export async function downloadReleaseArtefacts(artefacts: ReleaseArtefact[], options: DownloadOptions): Promise<DownloadResult> {
  const { logger } = options;
  const wanted = artefacts.filter((a) => !existsSync(a.dest));
  const installed: string[] = [];
  if (wanted.length === 0) return { installed };
  const refused: string[] = [];
  const failures: string[] = [];
  const unreachable = new Set<string>();
  const hosts = (a: ReleaseArtefact) => [new URL(a.url).host, new URL(a.checksum.url).host];
  await timedStep(logger, `downloading ${wanted.length} official release binaries (checksums verified)`, async (step) => {
    for (const artefact of wanted) {
      if (hosts(artefact).some((h) => unreachable.has(h))) continue;
      try {
        await installArtefact(artefact, options);
        installed.push(artefact.dest);
        step.progress(`verified and installed ${artefact.label}`);
      } catch (err) {
        if (err instanceof ChecksumMismatch) {
          logger.warn(err.message);
          refused.push(artefact.label);
          continue;
        }
        failures.push(err instanceof ContextError ? err.message : formatError(err));
        if (err instanceof SiteUnreachable) unreachable.add(err.host);
      }
    }
    if (installed.length < wanted.length) throw new ContextError('not every file could be downloaded');
  }).catch(() => undefined);
  const reasons = [...(refused.length ? [`checksum mismatch for ${refused.join(', ')}`] : []), ...failures];
  return reasons.length ? { installed, reason: reasons.join('; ') } : { installed };
}
