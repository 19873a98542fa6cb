import { describe, expect, it } from 'vitest';
import { cgroupVersionFromFsType, missingCapabilities, sandboxCreateBody } from './sandbox.ts';

describe('missingCapabilities', () => {
  it('reads a CapBnd mask', () => {
    expect(missingCapabilities('000001ffffffffff')).toEqual([]);
    expect(missingCapabilities('000001fffeffffff')).toEqual(['SYS_RESOURCE']);
    expect(missingCapabilities('00000000a80425fb')).toEqual(
      expect.arrayContaining(['DAC_READ_SEARCH', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_MODULE']),
    );
  });
});

describe('cgroupVersionFromFsType', () => {
  it('knows v1, v2 and nothing else', () => {
    expect(cgroupVersionFromFsType('cgroup2fs\n')).toBe(2);
    expect(cgroupVersionFromFsType('tmpfs')).toBe(1);
    expect(() => cgroupVersionFromFsType('ext2/ext3')).toThrow(/unexpected filesystem "ext2\/ext3"/);
  });
});

describe('sandboxCreateBody', () => {
  it('is privileged with its own cgroup namespace where the host allows', () => {
    const body = sandboxCreateBody('kubecamp/sandbox:1', { privileged: true, capDrop: [], cgroupns: true });
    expect(body).toMatchObject({ Image: 'kubecamp/sandbox:1', Hostname: 'kubecamp-sandbox', HostConfig: { Privileged: true, CgroupnsMode: 'private' } });
  });

  it('spells out the same powers when --privileged is refused', () => {
    const body = sandboxCreateBody('kubecamp/sandbox:1', { privileged: false, capDrop: ['SYS_RESOURCE'], cgroupns: false });
    expect(body.HostConfig).toEqual({
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      MaskedPaths: [],
      ReadonlyPaths: [],
      DeviceCgroupRules: ['a *:* rwm'],
    });
  });
});
