import { describe, expect, it } from 'vitest';
import { describePort, podSpecOf, probePort, resolvePort } from './ports.ts';

const containers = [
  { name: 'web', ports: [{ name: 'http', containerPort: 8080 }] },
  { name: 'metrics', ports: [{ containerPort: 9090 }] },
];

describe('resolvePort', () => {
  it('resolves a name through the declared container ports', () => {
    expect(resolvePort('http', containers)).toEqual({ ok: true, port: 8080, declared: true, name: 'http', container: 'web' });
  });

  it('takes a number (or numeric string) as it is and says whether it is declared', () => {
    expect(resolvePort(9090, containers)).toEqual({ ok: true, port: 9090, declared: true, container: 'metrics' });
    expect(resolvePort('8080', containers)).toEqual({ ok: true, port: 8080, declared: true, container: 'web' });
    expect(resolvePort(80, containers)).toEqual({ ok: true, port: 80, declared: false });
  });

  it('explains a name no container declares', () => {
    expect(resolvePort('web', containers)).toEqual({ ok: false, reason: 'names port "web", which no container declares (declared: http=8080)' });
    expect(resolvePort('http', [{ name: 'a' }])).toEqual({ ok: false, reason: 'names port "http", which no container declares (no container names its ports)' });
    expect(resolvePort(undefined, containers)).toEqual({ ok: false, reason: 'no port is set' });
  });
});

describe('probePort and podSpecOf', () => {
  it('read the port of each probe kind', () => {
    expect(probePort({ httpGet: { path: '/', port: 'http' } })).toBe('http');
    expect(probePort({ tcpSocket: { port: 5432 } })).toBe(5432);
    expect(probePort({ grpc: { port: 9000 } })).toBe(9000);
    expect(probePort({ exec: { command: ['true'] } })).toBeUndefined();
  });

  it('find the Pod spec of a Pod, a workload and a CronJob', () => {
    expect(podSpecOf({ kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { containers: [] } })).toEqual({ spec: { containers: [] }, labels: { a: 'b' } });
    expect(podSpecOf({ kind: 'Deployment', spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } } } })?.labels).toEqual({ app: 'web' });
    expect(podSpecOf({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [1] } } } } } })?.spec).toEqual({ containers: [1] });
    expect(podSpecOf({ kind: 'Service', spec: {} })).toBeUndefined();
  });

  it('describe a port for messages', () => {
    expect(describePort('http', resolvePort('http', containers))).toBe('"http" (8080)');
    expect(describePort(80)).toBe('80');
  });
});
