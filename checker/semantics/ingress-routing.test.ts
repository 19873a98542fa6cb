import { describe, expect, it } from 'vitest';
import { describeBackend, hostMatches, pathMatches, route } from './ingress-routing.ts';

const backend = (name: string, port: number | string) => ({ service: { name, port: typeof port === 'number' ? { number: port } : { name: port } } });
const ingress = (paths: any[], host = 'shop.example.com', extra: any = {}) => ({ kind: 'Ingress', spec: { rules: [{ host, http: { paths } }], ...extra } });

describe('pathMatches', () => {
  it('matches Prefix paths element by element, trailing slash or not', () => {
    expect(pathMatches('Prefix', '/api', '/api')).toBe(true);
    expect(pathMatches('Prefix', '/api', '/api/orders')).toBe(true);
    expect(pathMatches('Prefix', '/api/', '/api')).toBe(true);
    expect(pathMatches('Prefix', '/api/', '/api/orders')).toBe(true);
    expect(pathMatches('Prefix', '/api', '/apidocs')).toBe(false);
    expect(pathMatches('Prefix', '/', '/anything/at/all')).toBe(true);
    expect(pathMatches('ImplementationSpecific', '/api', '/api/x')).toBe(true);
  });

  it('matches Exact paths whole', () => {
    expect(pathMatches('Exact', '/api', '/api')).toBe(true);
    expect(pathMatches('Exact', '/api', '/api/')).toBe(false);
    expect(pathMatches('Exact', '/api', '/api/orders')).toBe(false);
  });
});

describe('hostMatches', () => {
  it('matches exact hosts, one-label wildcards and hostless rules', () => {
    expect(hostMatches('shop.example.com', 'shop.example.com')).toBe(true);
    expect(hostMatches('shop.example.com', 'api.example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'shop.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'a.shop.example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches(undefined, 'anything')).toBe(true);
  });
});

describe('route', () => {
  const shop = ingress([
    { path: '/', pathType: 'Prefix', backend: backend('web', 80) },
    { path: '/api/', pathType: 'Prefix', backend: backend('api', 8080) },
  ]);

  it('sends a request to the longest matching path', () => {
    expect(route(shop, 'shop.example.com', '/api/orders')?.backend).toEqual({ service: 'api', port: 8080 });
    expect(route(shop, 'shop.example.com', '/api')?.backend).toEqual({ service: 'api', port: 8080 });
    expect(route(shop, 'shop.example.com', '/apidocs')?.backend).toEqual({ service: 'web', port: 80 });
    expect(route(shop, 'shop.example.com', '/api')?.via).toBe('host shop.example.com, Prefix /api/');
  });

  it('prefers Exact over Prefix at equal length', () => {
    const both = ingress([
      { path: '/api', pathType: 'Prefix', backend: backend('a', 1) },
      { path: '/api', pathType: 'Exact', backend: backend('b', 2) },
    ]);
    expect(route(both, 'shop.example.com', '/api')?.backend.service).toBe('b');
    expect(route(both, 'shop.example.com', '/api/x')?.backend.service).toBe('a');
  });

  it('finds paths split over several rules of one host, and falls back to the default backend', () => {
    const split = { spec: { rules: [{ host: 'h', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web', 'http') }] } }, { host: 'h', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: backend('api', 8080) }] } }], defaultBackend: backend('fallback', 80) } };
    expect(route(split, 'h', '/api/x')?.backend).toEqual({ service: 'api', port: 8080 });
    expect(route(split, 'h', '/')?.backend).toEqual({ service: 'web', port: 'http' });
    expect(route(split, 'other', '/')).toEqual({ backend: { service: 'fallback', port: 80 }, via: 'the default backend' });
    expect(route(ingress([]), 'shop.example.com', '/')).toBeNull();
  });

  it('describes a backend', () => {
    expect(describeBackend({ service: 'api', port: 8080 })).toBe('Service api port 8080');
  });
});
