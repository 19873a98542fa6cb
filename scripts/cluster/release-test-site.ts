import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec } from '../../checker/lib/exec.ts';
import { versions } from '../versions.ts';

/**
 * For tests: the files the three download sites publish for the pinned
 * releases (tiny shell scripts stand in for the binaries), by URL path, with
 * their checksum files laid out as each project publishes them.
 */
export interface ReleaseSite {
  /** URL path → body, for the dl.k8s.io, github.com and api.github.com stand-ins, under /k8s, /gh and /api. */
  files: Map<string, Buffer>;
  /** The env that points kubecamp's download URLs at `origin`. */
  env(origin: string): NodeJS.ProcessEnv;
  /** The script each installed binary holds, to compare with what was installed. */
  body(name: string): string;
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

export async function releaseSite(platform: string): Promise<ReleaseSite> {
  const files = new Map<string, Buffer>();
  const body = (name: string) => `#!/bin/sh\necho "${name} from the release site"\n`;
  const k8s = `/k8s/v${versions.kubernetes}/bin/${platform}`;
  for (const command of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl']) {
    files.set(`${k8s}/${command}`, Buffer.from(body(command)));
    files.set(`${k8s}/${command}.sha256`, Buffer.from(sha256(body(command)))); // dl.k8s.io: the digest alone, no newline
  }

  const etcdDir = `etcd-v${versions.etcd}-${platform.replace('/', '-')}`;
  const scratch = await mkdtemp(join(tmpdir(), 'kubecamp-release-site-'));
  try {
    await mkdir(join(scratch, etcdDir), { recursive: true });
    await writeFile(join(scratch, etcdDir, 'etcd'), body('etcd'), { mode: 0o755 });
    await writeFile(join(scratch, etcdDir, 'etcdctl'), body('etcdctl'), { mode: 0o755 });
    await exec('tar', ['-czf', join(scratch, 'etcd.tar.gz'), '-C', scratch, etcdDir]);
    const tarball = await readFile(join(scratch, 'etcd.tar.gz'));
    const etcd = `/gh/etcd-io/etcd/releases/download/v${versions.etcd}`;
    files.set(`${etcd}/${etcdDir}.tar.gz`, tarball);
    files.set(`${etcd}/SHA256SUMS`, Buffer.from(`${sha256('other')}  etcd-v${versions.etcd}-darwin-amd64.zip\n${sha256(tarball)}  ${etcdDir}.tar.gz\n`));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }

  const assets = [];
  for (const name of ['kwok', 'kwokctl']) {
    const asset = `${name}-${platform.replace('/', '-')}`;
    files.set(`/gh/kubernetes-sigs/kwok/releases/download/v${versions.kwok}/${asset}`, Buffer.from(body(name)));
    assets.push({ name: asset, digest: `sha256:${sha256(body(name))}`, size: body(name).length });
  }
  files.set(`/api/repos/kubernetes-sigs/kwok/releases/tags/v${versions.kwok}`, Buffer.from(JSON.stringify({ tag_name: `v${versions.kwok}`, assets })));

  return {
    files,
    body,
    env: (origin) => ({ KUBECAMP_KUBERNETES_RELEASE_URL: `${origin}/k8s`, KUBECAMP_GITHUB_URL: `${origin}/gh`, KUBECAMP_GITHUB_API_URL: `${origin}/api` }),
  };
}
