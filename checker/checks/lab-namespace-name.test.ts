import { describe, expect, it } from 'vitest';
import { inLabNamespace, withLabNamespace } from './lab-namespace-name.ts';

describe('inLabNamespace', () => {
  it('puts the lab namespace where <namespace> stands, everywhere in the value', () => {
    expect(inLabNamespace('<namespace>-blue', 'lab-x')).toBe('lab-x-blue');
    expect(inLabNamespace('<namespace>:<namespace>-bot', 'it-a')).toBe('it-a:it-a-bot');
  });

  it('leaves other values as they are', () => {
    expect(inLabNamespace('team-blue', 'lab-x')).toBe('team-blue');
    expect(inLabNamespace(undefined, 'lab-x')).toBeUndefined();
  });
});

describe('withLabNamespace', () => {
  it('fills <namespace> in every string of a check, deep in lists and objects', () => {
    const check = {
      type: 'k8s.object',
      kind: 'Ingress',
      name: 'shop',
      expect: [{ routes: { host: 'shop.<namespace>.example.com', path: '/', to: { service: 'web', port: 80 } } }, { path: 'spec.tls', contains: { hosts: ['shop.<namespace>.example.com'] } }],
    };
    expect(withLabNamespace(check, 'it-a')).toEqual({
      ...check,
      expect: [{ routes: { host: 'shop.it-a.example.com', path: '/', to: { service: 'web', port: 80 } } }, { path: 'spec.tls', contains: { hosts: ['shop.it-a.example.com'] } }],
    });
    expect(check.expect[1]).toEqual({ path: 'spec.tls', contains: { hosts: ['shop.<namespace>.example.com'] } });
  });

  it('returns the same check, not a copy, when nothing in it names the namespace', () => {
    const check = { type: 'k8s.object', kind: 'Pod', name: 'web', expect: [{ path: 'spec.containers', count: 1 }], within: '5s' };
    expect(withLabNamespace(check, 'it-a')).toBe(check);
    expect(withLabNamespace(null, 'it-a')).toBeNull();
  });
});
