import { describe, expect, it } from 'vitest';
import { newestToolchain } from './stand-ins.ts';

describe('newestToolchain', () => {
  const list = [
    'v0.0.1-go1.25.9.linux-amd64',
    'v0.0.1-go1.26.0.linux-amd64',
    'v0.0.1-go1.26.10.linux-amd64',
    'v0.0.1-go1.26.9.linux-amd64',
    'v0.0.1-go1.26.11.linux-arm64',
    'v0.0.1-go1.26rc2.linux-amd64',
    'v0.0.1-go1.260.1.linux-amd64',
    'v0.0.1-go1.26.12.darwin-amd64',
    '',
  ].join('\n');

  it('picks the newest patch release of the minor version for linux and the arch, numerically', () => {
    expect(newestToolchain(list, '1.26', 'amd64')).toBe('1.26.10');
    expect(newestToolchain(list, '1.26', 'arm64')).toBe('1.26.11');
    expect(newestToolchain(list, '1.25', 'amd64')).toBe('1.25.9');
  });

  it('finds nothing when the proxy has no such release', () => {
    expect(newestToolchain(list, '1.27', 'amd64')).toBeUndefined();
    expect(newestToolchain('', '1.26', 'amd64')).toBeUndefined();
  });
});
