import { describe, expect, it } from 'vitest';
import { dockerdArgs, nextDockerdArgs } from './dockerd.ts';

describe('dockerdArgs', () => {
  it('uses the default socket unless told otherwise', () => {
    expect(dockerdArgs({ kind: 'unix', socketPath: '/var/run/docker.sock' })).toEqual([]);
    expect(dockerdArgs({ kind: 'unix', socketPath: '/tmp/d.sock' })).toEqual(['--host', 'unix:///tmp/d.sock']);
    expect(() => dockerdArgs({ kind: 'tcp', host: 'box', port: 2375 })).toThrow(/only starts an engine on a unix socket/);
  });
});

describe('nextDockerdArgs', () => {
  const info = 'time="…" level=info msg="[graphdriver] using prior storage driver: overlay2"\n';

  it('turns iptables off when the kernel refuses its rules', () => {
    const log = `${info}failed to start daemon: Error initializing network controller: error obtaining controller instance: failed to create NAT chain DOCKER: iptables failed: iptables -t nat -N DOCKER: can't initialize iptables table \`nat'`;
    expect(nextDockerdArgs([], log)).toEqual(['--iptables=false']);
  });

  it('falls back to vfs when overlay cannot be used', () => {
    const log = 'level=error msg="failed to mount overlay: invalid argument" storage-driver=overlay2\nfailed to start daemon: error initializing graphdriver: driver not supported';
    expect(nextDockerdArgs(['--iptables=false'], log)).toEqual(['--iptables=false', '--storage-driver=vfs']);
  });

  it('gives up on what it does not know, and never repeats a fix', () => {
    expect(nextDockerdArgs([], `${info}failed to start daemon: pid file found, ensure docker is not running`)).toBeNull();
    expect(nextDockerdArgs(['--iptables=false', '--storage-driver=vfs'], 'failed to start daemon: iptables failed; driver not supported')).toBeNull();
  });

  it('ignores the storage driver named in ordinary info lines', () => {
    expect(nextDockerdArgs([], `${info}failed to start daemon: permission denied`)).toBeNull();
  });
});
