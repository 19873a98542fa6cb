import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../checker/lib/exec.ts';
import { dockerShimScript, findRealDocker, hostMissingCapabilities, kindEnvironment, privilegedReplacement } from './kind-docker-shim.ts';

describe('privilegedReplacement', () => {
  it('spells --privileged out, dropping only what the host cannot grant', () => {
    expect(privilegedReplacement(['SYS_RESOURCE'])).toEqual([
      '--cap-add=ALL',
      '--cap-drop=SYS_RESOURCE',
      '--security-opt=seccomp=unconfined',
      '--security-opt=apparmor=unconfined',
      '--security-opt=systempaths=unconfined',
      '--device-cgroup-rule=a *:* rwm',
    ]);
    expect(privilegedReplacement([], ['/dev/kmsg']).at(-1)).toBe('--device=/dev/kmsg');
  });
});

describe('hostMissingCapabilities', () => {
  it('reads the bounding set: CAP_SYS_RESOURCE (bit 24) missing', () => {
    const full = (1n << 41n) - 1n;
    const status = `Name:\tnode\nCapBnd:\t${(full & ~(1n << 24n)).toString(16).padStart(16, '0')}\n`;
    expect(hostMissingCapabilities('linux', () => status)).toContain('SYS_RESOURCE');
    expect(hostMissingCapabilities('linux', () => `CapBnd:\t${full.toString(16)}\n`)).toEqual([]);
    expect(hostMissingCapabilities('darwin', () => status)).toEqual([]);
  });
});

describe('the docker shim', () => {
  let dir: string;
  let fakeDocker: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubecamp-shim-'));
    fakeDocker = join(dir, 'real-docker');
    await writeFile(fakeDocker, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    await chmod(fakeDocker, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function runShim(args: string[]): Promise<string[]> {
    const shim = join(dir, 'docker');
    await writeFile(shim, dockerShimScript(fakeDocker, privilegedReplacement(['SYS_RESOURCE'])));
    await chmod(shim, 0o755);
    return (await exec(shim, args)).stdout.split('\n').slice(0, -1);
  }

  it("rewrites kind's `docker run --privileged` in place and keeps every other argument as it was", async () => {
    const args = ['run', '--name', 'kubecamp-control-plane', '--privileged', '--security-opt', 'seccomp=unconfined', '--tmpfs', '/tmp', '-e', 'A=b c', 'img'];
    expect(await runShim(args)).toEqual([
      'run', '--name', 'kubecamp-control-plane',
      '--cap-add=ALL', '--cap-drop=SYS_RESOURCE', '--security-opt=seccomp=unconfined', '--security-opt=apparmor=unconfined',
      '--security-opt=systempaths=unconfined', '--device-cgroup-rule=a *:* rwm',
      '--security-opt', 'seccomp=unconfined', '--tmpfs', '/tmp', '-e', 'A=b c', 'img',
    ]);
  });

  it("drops --privileged from kind's `docker exec` and leaves other commands alone", async () => {
    expect(await runShim(['exec', '--privileged', 'kubecamp-worker', 'cat', '/kind/version'])).toEqual(['exec', 'kubecamp-worker', 'cat', '/kind/version']);
    expect(await runShim(['container', 'exec', '--privileged', 'c', 'true'])).toEqual(['container', 'exec', 'c', 'true']);
    expect(await runShim(['logs', '--privileged'])).toEqual(['logs', '--privileged']);
    expect(await runShim(['ps', '-a'])).toEqual(['ps', '-a']);
    expect(await runShim(['container', 'run', '--privileged', 'i'])).toContain('--cap-add=ALL');
  });

  it('is put first on PATH only where capabilities are missing, and finds the real docker past itself', async () => {
    const env = { KUBECAMP_HOME: dir, PATH: `${join(dir, 'kind-docker-shim')}:${dir}` };
    expect(await kindEnvironment(env, [])).toEqual({ env });
    await writeFile(join(dir, 'docker'), '#!/bin/sh\n');
    const { env: shimmed, shim } = await kindEnvironment(env, ['SYS_RESOURCE']);
    expect(shim).toBe(join(dir, 'kind-docker-shim', 'docker'));
    expect(shimmed.PATH?.split(':')[0]).toBe(join(dir, 'kind-docker-shim'));
    expect(findRealDocker(shimmed, join(dir, 'kind-docker-shim'))).toBe(join(dir, 'docker'));
  });
});
