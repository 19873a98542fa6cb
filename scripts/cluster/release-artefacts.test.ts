import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { noopLogger } from '../../checker/lib/logger.ts';
import { versions } from '../versions.ts';
import { binaryLocations, ensureKubeBinaries } from './kube-binaries.ts';
import {
  ChecksumMismatch,
  downloadSkipReason,
  etcdArtefact,
  installArtefact,
  kubernetesArtefacts,
  kwokArtefacts,
  parsePublishedDigest,
  releaseBaseUrls,
  releasePlatform,
  type Fetch,
} from './release-artefacts.ts';
import { releaseSite, type ReleaseSite } from './release-test-site.ts';

const hex = (c: string, n = 64) => c.repeat(n);

describe('where the release binaries come from', () => {
  it('publishes binaries for Linux on amd64 and arm64 only (no kube-apiserver for macOS)', () => {
    expect(releasePlatform('linux', 'x64')).toBe('linux/amd64');
    expect(releasePlatform('linux', 'arm64')).toBe('linux/arm64');
    expect(releasePlatform('darwin', 'arm64')).toBeUndefined();
    expect(releasePlatform('linux', 'ia32')).toBeUndefined();
  });

  it('skips downloads when KUBECAMP_OFFLINE is set or nothing is published for the platform', () => {
    expect(downloadSkipReason({}, 'linux/amd64')).toBeUndefined();
    expect(downloadSkipReason({ KUBECAMP_OFFLINE: '1' }, 'linux/amd64')).toBe('KUBECAMP_OFFLINE is set');
    expect(downloadSkipReason({ KUBECAMP_OFFLINE: '0' }, 'linux/amd64')).toBeUndefined();
    expect(downloadSkipReason({}, undefined)).toMatch(/^no release binaries are published for \w+\/\w+$/);
  });

  it('uses the official sites by default and the env overrides when set', () => {
    expect(releaseBaseUrls({})).toEqual({ kubernetes: 'https://dl.k8s.io/release', github: 'https://github.com', githubApi: 'https://api.github.com' });
    expect(releaseBaseUrls({ KUBECAMP_KUBERNETES_RELEASE_URL: 'http://127.0.0.1:9/k8s/', KUBECAMP_GITHUB_URL: 'http://m/gh', KUBECAMP_GITHUB_API_URL: 'http://m/api' }))
      .toEqual({ kubernetes: 'http://127.0.0.1:9/k8s', github: 'http://m/gh', githubApi: 'http://m/api' });
  });

  it('names the pinned releases as each project publishes them', () => {
    const [apiserver] = kubernetesArtefacts({ 'kube-apiserver': '/c/kube-apiserver' }, {}, 'linux/amd64');
    expect(apiserver).toEqual({
      label: `kube-apiserver v${versions.kubernetes}`,
      pin: `kube-apiserver v${versions.kubernetes} linux/amd64`,
      url: `https://dl.k8s.io/release/v${versions.kubernetes}/bin/linux/amd64/kube-apiserver`,
      checksum: { kind: 'digest-file', url: `https://dl.k8s.io/release/v${versions.kubernetes}/bin/linux/amd64/kube-apiserver.sha256`, algorithm: 'sha256' },
      dest: '/c/kube-apiserver',
    });
    const etcd = etcdArtefact('/c/etcd', {}, 'linux/arm64');
    expect(etcd.url).toBe(`https://github.com/etcd-io/etcd/releases/download/v${versions.etcd}/etcd-v${versions.etcd}-linux-arm64.tar.gz`);
    expect(etcd.checksum).toEqual({ kind: 'sums-file', url: `https://github.com/etcd-io/etcd/releases/download/v${versions.etcd}/SHA256SUMS`, algorithm: 'sha256', entry: `etcd-v${versions.etcd}-linux-arm64.tar.gz` });
    expect(etcd.member).toBe(`etcd-v${versions.etcd}-linux-arm64/etcd`);
    const [kwok, kwokctl] = kwokArtefacts({ kwok: '/c/kwok', kwokctl: '/c/kwokctl' }, {}, 'linux/amd64');
    expect(kwokctl.url).toBe(`https://github.com/kubernetes-sigs/kwok/releases/download/v${versions.kwok}/kwokctl-linux-amd64`);
    expect(kwok.checksum).toEqual({ kind: 'github-release', url: `https://api.github.com/repos/kubernetes-sigs/kwok/releases/tags/v${versions.kwok}`, asset: 'kwok-linux-amd64' });
  });
});

describe('parsePublishedDigest', () => {
  const file = { kind: 'digest-file', url: 'https://x/kubectl.sha256', algorithm: 'sha256' } as const;
  it('reads a bare digest file, with or without a file name after it', () => {
    expect(parsePublishedDigest(file, hex('A'))).toBe(`sha256:${hex('a')}`);
    expect(parsePublishedDigest(file, `${hex('b')}  kubectl\n`)).toBe(`sha256:${hex('b')}`);
    expect(parsePublishedDigest({ ...file, algorithm: 'sha512' }, hex('c', 128))).toBe(`sha512:${hex('c', 128)}`);
  });
  it('picks the named entry of a SHA256SUMS list', () => {
    const sums = { kind: 'sums-file', url: 'https://x/SHA256SUMS', algorithm: 'sha256', entry: 'etcd-v3.6.16-linux-amd64.tar.gz' } as const;
    expect(parsePublishedDigest(sums, `${hex('1')}  etcd-v3.6.16-darwin-amd64.zip\n${hex('2')} *etcd-v3.6.16-linux-amd64.tar.gz\n`)).toBe(`sha256:${hex('2')}`);
    expect(() => parsePublishedDigest(sums, `${hex('1')}  other.tar.gz\n`)).toThrow('the checksum published at https://x/SHA256SUMS lists no sha256 digest for etcd-v3.6.16-linux-amd64.tar.gz');
  });
  it("reads the asset digest of GitHub's release API", () => {
    const gh = { kind: 'github-release', url: 'https://api/x', asset: 'kwok-linux-amd64' } as const;
    expect(parsePublishedDigest(gh, JSON.stringify({ assets: [{ name: 'kwok-linux-amd64', digest: `sha256:${hex('d')}` }] }))).toBe(`sha256:${hex('d')}`);
    expect(() => parsePublishedDigest(gh, JSON.stringify({ assets: [{ name: 'kwok-linux-amd64', digest: null }] }))).toThrow('the checksum published at https://api/x lists no digest for kwok-linux-amd64');
    expect(() => parsePublishedDigest(gh, '<html>')).toThrow('the checksum published at https://api/x is not JSON');
  });
  it('refuses a digest file that holds no digest (an error page)', () => {
    expect(() => parsePublishedDigest(file, '<html>Not Found</html>')).toThrow('the checksum published at https://x/kubectl.sha256 is not a sha256 digest');
    expect(() => parsePublishedDigest(file, hex('a', 63))).toThrow('is not a sha256 digest');
  });
});

/** A fetch that answers from the site's files; `fail` makes every request fail like an unreachable host. */
function siteFetch(site: ReleaseSite, origin: string, options: { fail?: boolean; calls?: string[] } = {}): Fetch {
  return (async (input: string | URL | Request) => {
    const url = String(input);
    options.calls?.push(url);
    if (options.fail) throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND dl.k8s.io') });
    const body = site.files.get(url.slice(origin.length));
    return body ? new Response(new Uint8Array(body)) : new Response('Not Found', { status: 404 });
  }) as Fetch;
}

describe('installing a release artefact', () => {
  const origin = 'http://site.test';
  let site: ReleaseSite;
  let dir: string;
  beforeAll(async () => {
    site = await releaseSite('linux/amd64');
    dir = await mkdtemp(join(tmpdir(), 'kubecamp-artefact-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const apiserver = () => kubernetesArtefacts({ 'kube-apiserver': join(dir, 'k', 'kube-apiserver') }, site.env(origin), 'linux/amd64')[0];

  it('installs a verified binary, executable, and a verified member of a tarball', async () => {
    await installArtefact(apiserver(), { logger: noopLogger, fetch: siteFetch(site, origin) });
    expect(await readFile(join(dir, 'k', 'kube-apiserver'), 'utf8')).toBe(site.body('kube-apiserver'));
    expect((await stat(join(dir, 'k', 'kube-apiserver'))).mode & 0o777).toBe(0o755);
    await installArtefact(etcdArtefact(join(dir, 'e', 'etcd'), site.env(origin), 'linux/amd64'), { logger: noopLogger, fetch: siteFetch(site, origin) });
    expect(await readFile(join(dir, 'e', 'etcd'), 'utf8')).toBe(site.body('etcd'));
    expect(await readdir(join(dir, 'e'))).toEqual(['etcd']);
  });

  it('refuses a download whose digest differs, naming file, expected and actual digest, and leaves nothing behind', async () => {
    const artefact = { ...apiserver(), dest: join(dir, 'bad', 'kube-apiserver') };
    const path = new URL(artefact.url).pathname;
    const evil = '#!/bin/sh\necho tampered\n';
    const tampered = new Map(site.files).set(path, Buffer.from(evil));
    const err = await installArtefact(artefact, { logger: noopLogger, fetch: siteFetch({ ...site, files: tampered }, origin) }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatch);
    expect(err.message).toBe(
      `refusing kube-apiserver from ${artefact.url}: checksum mismatch (expected sha256:${site.files.get(`${path}.sha256`)} as published at ${artefact.url}.sha256, ` +
        `got sha256:${createHash('sha256').update(evil).digest('hex')}); the download was discarded`,
    );
    expect(await readdir(join(dir, 'bad'))).toEqual([]);
  });

  it('an interrupted download: says so, installs nothing and leaves no scratch file', async () => {
    const artefact = { ...apiserver(), dest: join(dir, 'cut', 'kube-apiserver') };
    const good = siteFetch(site, origin);
    const cut = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input) !== artefact.url) return good(input, init);
      return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('#!/bin/sh\n')); c.error(new TypeError('terminated')); } }));
    }) as Fetch;
    const err = await installArtefact(artefact, { logger: noopLogger, fetch: cut }).catch((e) => e);
    expect(err.message).toBe(`downloading ${artefact.url} was interrupted: terminated`);
    expect(await readdir(join(dir, 'cut'))).toEqual([]);
  });

  it('refuses a published digest that differs from the one pinned in versions.ts', async () => {
    const artefact = { ...apiserver(), dest: join(dir, 'pinned', 'kube-apiserver') };
    const pinned = `sha256:${hex('0')}`;
    const err = await installArtefact(artefact, { logger: noopLogger, fetch: siteFetch(site, origin), pinnedDigests: { [artefact.pin]: pinned } }).catch((e) => e);
    expect(err).toBeInstanceOf(ChecksumMismatch);
    expect(err.message).toBe(`refusing kube-apiserver: the digest published at ${artefact.url}.sha256 (sha256:${site.files.get(`${new URL(artefact.url).pathname}.sha256`)}) is not the one pinned in scripts/versions.ts (${pinned})`);
    expect(existsSync(dirname(artefact.dest)) ? await readdir(dirname(artefact.dest)) : []).toEqual([]);
  });
});

describe('ensureKubeBinaries: downloads first, builds only what could not be downloaded', () => {
  const origin = 'http://site.test';
  let site: ReleaseSite;
  let home: string;
  let goLog: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    site = await releaseSite(releasePlatform() ?? 'linux/amd64');
  });
  async function setUp(extra: NodeJS.ProcessEnv = {}) {
    home = await mkdtemp(join(tmpdir(), 'kubecamp-select-'));
    // A `go` that records every call and fails: a build started is a line in go.log.
    goLog = join(home, 'go.log');
    await mkdir(join(home, 'fakebin'));
    await writeFile(join(home, 'fakebin', 'go'), `#!/bin/sh\necho "$*" >> ${goLog}\nexit 1\n`);
    await chmod(join(home, 'fakebin', 'go'), 0o755);
    env = { HOME: home, KUBECAMP_HOME: home, PATH: `${join(home, 'fakebin')}:/usr/bin:/bin`, ...site.env(origin), ...extra };
    const helm = join(home, 'bin', `helm-v${versions.helm}`, 'helm'); // cached, so nothing else wants Go
    await mkdir(dirname(helm), { recursive: true });
    await writeFile(helm, '');
  }
  afterAll(() => rm(home, { recursive: true, force: true }));
  const lines = () => {
    const out: string[] = [];
    return { out, logger: { ...noopLogger, info: (m: string) => void out.push(m), warn: (m: string) => void out.push(`warning: ${m}`) } };
  };

  it.runIf(releasePlatform())('installs every binary from verified release artefacts and starts no Go build', async () => {
    await setUp();
    const { out, logger } = lines();
    const bins = await ensureKubeBinaries({ env, logger, fetch: siteFetch(site, origin) });
    for (const [key, name] of [['kubeApiserver', 'kube-apiserver'], ['kubectl', 'kubectl'], ['etcd', 'etcd'], ['kwokctl', 'kwokctl']] as const) {
      expect(await readFile(bins[key], 'utf8')).toBe(site.body(name));
    }
    expect(existsSync(goLog)).toBe(false);
    expect(out).toEqual([]);
    await rm(home, { recursive: true, force: true });
  });

  it.runIf(releasePlatform())('with no network and no Go: one message naming the download failure and the fix', async () => {
    await setUp();
    await rm(join(home, 'fakebin', 'go'));
    const { out, logger } = lines();
    const calls: string[] = [];
    const err = await ensureKubeBinaries({ env, logger, fetch: siteFetch(site, origin, { fail: true, calls }) }).catch((e) => e);
    const url = kubernetesArtefacts({ 'kube-apiserver': '' }, env, releasePlatform()!)[0].checksum.url;
    expect(calls).toEqual([url]); // the first unreachable site stops the other downloads
    expect(out).toEqual([`building from Go modules what could not be downloaded: cannot fetch ${url}: getaddrinfo ENOTFOUND dl.k8s.io`]);
    expect(err.message).toBe(
      'the Docker-free control plane needs kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, etcd, kwok, kwokctl, which could not be downloaded ' +
        `(cannot fetch ${url}: getaddrinfo ENOTFOUND dl.k8s.io), and Go is not installed to build them`,
    );
    expect(err.fix).toBe('check the network (dl.k8s.io and github.com must answer), or install Go 1.26 or newer (https://go.dev/doc/install); then run `npm run cluster:build`; or use `--engine kind` with Docker and kind');
    expect(await readdir(join(home, 'bin'))).toEqual([`helm-v${versions.helm}`]);
    await rm(home, { recursive: true, force: true });
  });

  it.runIf(releasePlatform())('with dl.k8s.io unreachable: asks it once, still installs etcd and kwok from GitHub, builds only Kubernetes', async () => {
    await setUp({ KUBECAMP_KUBERNETES_RELEASE_URL: 'http://k8s.test/k8s' });
    const { out, logger } = lines();
    const calls: string[] = [];
    const fetcher = siteFetch(site, origin, { calls });
    const k8sDown = (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).startsWith('http://k8s.test/')) {
        calls.push(String(input));
        throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND k8s.test') });
      }
      return fetcher(input, init);
    }) as Fetch;
    await expect(ensureKubeBinaries({ env, logger, fetch: k8sDown })).rejects.toThrow(`preparing the Kubernetes v${versions.kubernetes} build module`);
    expect(calls.filter((c) => c.startsWith('http://k8s.test/'))).toHaveLength(1);
    const bins = binaryLocations(env);
    for (const b of [bins.etcd, bins.kwok, bins.kwokctl]) expect(existsSync(b)).toBe(true);
    expect(out).toEqual([`building from Go modules what could not be downloaded: cannot fetch http://k8s.test/k8s/v${versions.kubernetes}/bin/${releasePlatform()}/kube-apiserver.sha256: getaddrinfo ENOTFOUND k8s.test`]);
    await rm(home, { recursive: true, force: true });
  });

  it('with KUBECAMP_OFFLINE set: fetches nothing and goes straight to the Go build', async () => {
    await setUp({ KUBECAMP_OFFLINE: '1' });
    const { out, logger } = lines();
    const calls: string[] = [];
    await expect(ensureKubeBinaries({ env, logger, fetch: siteFetch(site, origin, { calls }) })).rejects.toThrow(`preparing the Kubernetes v${versions.kubernetes} build module`);
    expect(calls).toEqual([]);
    expect(out).toEqual(['not downloading release binaries (KUBECAMP_OFFLINE is set); building from Go modules']);
    expect((await readFile(goLog, 'utf8')).split('\n')[0]).toBe(`mod download -json k8s.io/kubernetes@v${versions.kubernetes}`);
    await rm(home, { recursive: true, force: true });
  });

  it.runIf(releasePlatform())('refuses the one tampered binary, installs the others, and builds only that one', async () => {
    await setUp();
    const { out, logger } = lines();
    const path = new URL(kubernetesArtefacts({ 'kube-scheduler': '' }, env, releasePlatform()!)[0].url).pathname;
    const tampered = { ...site, files: new Map(site.files).set(path, Buffer.from('tampered')) };
    await expect(ensureKubeBinaries({ env, logger, fetch: siteFetch(tampered, origin) })).rejects.toThrow(`preparing the Kubernetes v${versions.kubernetes} build module`);
    const bins = binaryLocations(env);
    expect(existsSync(bins.kubeScheduler)).toBe(false);
    for (const b of [bins.kubeApiserver, bins.kubeControllerManager, bins.kubectl, bins.etcd, bins.kwok, bins.kwokctl]) expect(existsSync(b)).toBe(true);
    expect(await readdir(dirname(bins.kubeScheduler))).toEqual(['kube-apiserver', 'kube-controller-manager', 'kubectl']);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^warning: refusing kube-scheduler from .*: checksum mismatch \(expected sha256:[0-9a-f]{64} as published at .*kube-scheduler\.sha256, got sha256:[0-9a-f]{64}\); the download was discarded$/);
    expect(out[1]).toBe(`building from Go modules what could not be downloaded: checksum mismatch for kube-scheduler v${versions.kubernetes}`);
    expect(await readFile(goLog, 'utf8')).toContain('mod download -json k8s.io/kubernetes@');
    await rm(home, { recursive: true, force: true });
  });
});
