import { describe, expect, it } from 'vitest';
import { debianSources, debootstrapPhase } from './rootfs.ts';
import { isStaticElf } from './stand-ins.ts';

describe('debootstrapPhase', () => {
  it('reports phases, not packages', () => {
    expect(debootstrapPhase('I: Retrieving libacl1 2.3.1-3')).toBe('downloading packages');
    expect(debootstrapPhase('I: Unpacking the base system...')).toBe('unpacking packages');
    expect(debootstrapPhase('I: Configuring apt...')).toBe('configuring packages');
    expect(debootstrapPhase('I: Base system installed successfully.')).toBe('base system installed');
    expect(debootstrapPhase('W: Cannot check Release signature')).toBeUndefined();
  });
});

describe('debianSources', () => {
  it('lists the release, its updates and security fixes', () => {
    const s = debianSources({ main: 'http://m/debian', security: 'http://m/debian-security' });
    expect(s).toContain('URIs: http://m/debian\nSuites: bookworm bookworm-updates\n');
    expect(s).toContain('URIs: http://m/debian-security\nSuites: bookworm-security\n');
  });
});

describe('isStaticElf', () => {
  function elf64(types: number[]): Buffer {
    const b = Buffer.alloc(64 + types.length * 56);
    b.writeUInt32BE(0x7f454c46, 0);
    b[4] = 2; // 64-bit
    b[5] = 1; // little-endian
    b.writeBigUInt64LE(64n, 0x20);
    b.writeUInt16LE(56, 0x36);
    b.writeUInt16LE(types.length, 0x38);
    types.forEach((t, i) => b.writeUInt32LE(t, 64 + i * 56));
    return b;
  }

  it('tells static executables from ones needing a loader', () => {
    expect(isStaticElf(elf64([6, 1, 1, 4]))).toBe(true);
    expect(isStaticElf(elf64([6, 3, 1, 2]))).toBe(false); // PT_INTERP
    expect(isStaticElf(Buffer.from('#!/bin/sh\necho not elf\n'.padEnd(80)))).toBe(false);
  });
});
