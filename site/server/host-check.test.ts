import { describe, expect, it } from 'vitest';
import { exposureWarning, hostAllowed, originAllowed } from './host-check.ts';

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

describe('exposureWarning', () => {
  it('warns that the terminal is a shell as the server user when listening beyond loopback', () => {
    expect(exposureWarning('0.0.0.0', 'root')).toBe(
      'WARNING: listening on 0.0.0.0, not loopback: anyone who can reach this address and has the token\n' +
        "gets the lab terminal, a shell running as this server's user (root). Share the token only with\n" +
        'people you would give that shell to; traffic is plain HTTP, so use this only on a network you trust.\n',
    );
    expect(exposureWarning('192.168.1.20', 'me')).toContain('(me)');
  });

  it('says nothing on loopback', () => {
    expect(exposureWarning('127.0.0.1', 'root')).toBeUndefined();
    expect(exposureWarning('localhost', 'root')).toBeUndefined();
  });
});
