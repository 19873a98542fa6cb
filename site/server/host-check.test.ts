import { describe, expect, it } from 'vitest';
import { hostAllowed, originAllowed } from './host-check.ts';

describe('hostAllowed', () => {
  it('accepts loopback names when listening on loopback', () => {
    for (const host of ['127.0.0.1:4321', 'localhost:4321', 'localhost', '[::1]:4321', 'kubecamp.localhost:4321']) {
      expect(hostAllowed('127.0.0.1', { host })).toBe(true);
    }
  });

  it('refuses other names, and a missing Host, when listening on loopback', () => {
    expect(hostAllowed('127.0.0.1', { host: 'attacker.example:4321' })).toBe(false);
    expect(hostAllowed('127.0.0.1', { host: '127.0.0.1.attacker.example' })).toBe(false);
    expect(hostAllowed('localhost', {})).toBe(false);
  });

  it('accepts any Host when the person chose a non-loopback address', () => {
    expect(hostAllowed('0.0.0.0', { host: 'workshop-machine:4321' })).toBe(true);
  });
});

describe('originAllowed', () => {
  it('lets pages of this server and non-browser clients open sockets', () => {
    expect(originAllowed({ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:4321' })).toBe(true);
    expect(originAllowed({ host: '127.0.0.1:4321' })).toBe(true);
  });

  it('refuses pages of other sites and other ports', () => {
    expect(originAllowed({ host: '127.0.0.1:4321', origin: 'https://evil.example' })).toBe(false);
    expect(originAllowed({ host: '127.0.0.1:4321', origin: 'http://127.0.0.1:8080' })).toBe(false);
    expect(originAllowed({ host: '127.0.0.1:4321', origin: 'null' })).toBe(false);
  });
});
