import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { exec } from '../../checker/lib/exec.ts';
import { noopLogger } from '../../checker/lib/logger.ts';
import { versions } from '../versions.ts';
import { binaryLocations, ensureKubeBinaries } from './kube-binaries.ts';
import { kubernetesArtefacts, releasePlatform } from './release-artefacts.ts';
import { releaseSite, type ReleaseSite } from './release-test-site.ts';

/**
 * The download path against a real HTTP server on 127.0.0.1 that serves the
 * release artefacts and their checksum files laid out as dl.k8s.io, GitHub
 * releases and GitHub's API publish them. A `go` that records its calls
 * proves whether a build was started.
 */
const platform = releasePlatform();

describe.runIf(platform)('release binaries from a download site', () => {
  let site: ReleaseSite;
  let server: Server;
  let origin: string;
  const requests: string[] = [];
  /** Paths served with other bytes than the checksum files name. */
  const tampered = new Set<string>();

  beforeAll(async () => {
    site = await releaseSite(platform!);
    server = createServer((req, res) => {
      const path = req.url ?? '/';
      requests.push(path);
      const body = site.files.get(path);
      if (!body) return void res.writeHead(404).end('Not Found');
      const served = tampered.has(path) ? Buffer.from(body.toString().replace('release site', 'evil mirror')) : body;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(served.length) });
      res.end(served);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function freshHome() {
    const home = await mkdtemp(join(tmpdir(), 'kubecamp-download-'));
    const goLog = join(home, 'go.log');
    await mkdir(join(home, 'fakebin'));
    await writeFile(join(home, 'fakebin', 'go'), `#!/bin/sh\necho "$*" >> ${goLog}\nexit 1\n`);
    await chmod(join(home, 'fakebin', 'go'), 0o755);
    const helm = join(home, 'bin', `helm-v${versions.helm}`, 'helm');
    await mkdir(dirname(helm), { recursive: true });
    await writeFile(helm, '');
    const env = { HOME: home, KUBECAMP_HOME: home, PATH: `${join(home, 'fakebin')}:/usr/bin:/bin`, ...site.env(origin) };
    return { home, goLog, env };
  }

  async function cacheEntries(dir: string): Promise<string[]> {
    const out: string[] = [];
    for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) out.push(join(e.parentPath, e.name).slice(dir.length + 1));
    return out.sort();
  }

  it('a good checksum: every binary installed from the site, runnable, and no Go build started', async () => {
    const { home, goLog, env } = await freshHome();
    try {
      requests.length = 0;
      const bins = await ensureKubeBinaries({ env, logger: noopLogger });
      expect((await exec(bins.kubectl, [])).stdout).toBe('kubectl from the release site\n');
      expect((await exec(bins.etcd, [])).stdout).toBe('etcd from the release site\n');
      expect((await exec(bins.kwokctl, [])).stdout).toBe('kwokctl from the release site\n');
      expect(existsSync(goLog)).toBe(false);
      expect(requests).toContain(`/k8s/v${versions.kubernetes}/bin/${platform}/kube-apiserver.sha256`);
      expect(requests).toContain(`/gh/etcd-io/etcd/releases/download/v${versions.etcd}/SHA256SUMS`);
      expect(requests).toContain(`/api/repos/kubernetes-sigs/kwok/releases/tags/v${versions.kwok}`);
      // A second call finds everything cached and fetches nothing.
      requests.length = 0;
      await ensureKubeBinaries({ env, logger: noopLogger });
      expect(requests).toEqual([]);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('a bad checksum: refused with file, expected and actual digest; falls back to the Go build; nothing half-written in the cache', async () => {
    const { home, goLog, env } = await freshHome();
    const apiserver = kubernetesArtefacts({ 'kube-apiserver': '' }, env, platform!)[0];
    const path = new URL(apiserver.url).pathname;
    tampered.add(path);
    try {
      const out: string[] = [];
      const logger = { ...noopLogger, info: (m: string) => void out.push(m), warn: (m: string) => void out.push(`warning: ${m}`) };
      const err = await ensureKubeBinaries({ env, logger }).catch((e) => e);
      const served = site.files.get(path)!.toString().replace('release site', 'evil mirror');
      expect(out[0]).toBe(
        `warning: refusing kube-apiserver from ${apiserver.url}: checksum mismatch (expected sha256:${site.files.get(`${path}.sha256`)} as published at ${apiserver.checksum.url}, ` +
          `got sha256:${createHash('sha256').update(served).digest('hex')}); the download was discarded`,
      );
      expect(out[1]).toBe(`building from Go modules what could not be downloaded: checksum mismatch for kube-apiserver v${versions.kubernetes}`);
      // The fallback ran (and failed with this fake `go`, clearly).
      expect(err.message).toMatch(new RegExp(`^preparing the Kubernetes v${versions.kubernetes.replace(/\./g, '\\.')} build module in .*: go mod download -json k8s\\.io/kubernetes@v${versions.kubernetes.replace(/\./g, '\\.')} exited with code 1$`));
      expect(await readFile(goLog, 'utf8')).toBe(`mod download -json k8s.io/kubernetes@v${versions.kubernetes}\n`);
      const bins = binaryLocations(env);
      expect(existsSync(bins.kubeApiserver)).toBe(false);
      const kube = `kubernetes-v${versions.kubernetes}`;
      expect(await cacheEntries(join(home, 'bin'))).toEqual([
        `etcd-v${versions.etcd}`, `etcd-v${versions.etcd}/etcd`,
        `helm-v${versions.helm}`, `helm-v${versions.helm}/helm`,
        kube, `${kube}/kube-controller-manager`, `${kube}/kube-scheduler`, `${kube}/kubectl`,
        `kwok-v${versions.kwok}`, `kwok-v${versions.kwok}/kwok`, `kwok-v${versions.kwok}/kwokctl`,
      ]);
    } finally {
      tampered.delete(path);
      await rm(home, { recursive: true, force: true });
    }
  });

  it('a checksum file the site does not have: that binary is built, the reason printed once', async () => {
    const { home, env } = await freshHome();
    const url = `${origin}/gh/etcd-io/etcd/releases/download/v${versions.etcd}/SHA256SUMS`;
    const saved = site.files.get(new URL(url).pathname)!;
    site.files.delete(new URL(url).pathname);
    try {
      const out: string[] = [];
      const err = await ensureKubeBinaries({ env, logger: { ...noopLogger, info: (m: string) => void out.push(m), warn: (m: string) => void out.push(m) } }).catch((e) => e);
      expect(out).toEqual([`building from Go modules what could not be downloaded: cannot fetch ${url}: HTTP 404`]);
      expect(err.message).toMatch(/^building etcd v[\d.]+ from go\.etcd\.io\/etcd\/server\/v3: go mod tidy exited with code 1$/);
      const bins = binaryLocations(env);
      expect(existsSync(bins.kubectl)).toBe(true);
      expect(existsSync(bins.etcd)).toBe(false);
      expect(existsSync(bins.kwok)).toBe(true); // a missing file does not stop the others
    } finally {
      site.files.set(new URL(url).pathname, saved);
      await rm(home, { recursive: true, force: true });
    }
  });
});
