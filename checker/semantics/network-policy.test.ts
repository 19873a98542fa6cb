import { describe, expect, it } from 'vitest';
import { judgeTraffic, type PolicyWorld, type Traffic } from './network-policy.ts';

const ns = { 'kubernetes.io/metadata.name': 'lab' };
const webContainers = [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }];
const policy = (name: string, spec: any) => ({ metadata: { name }, spec });
const world = (...policies: any[]): PolicyWorld => ({ policies, namespaceLabels: ns, destinationContainers: webContainers });
const frontendToWeb = (port = 8080, extra: Partial<Traffic> = {}): Traffic => ({ from: { app: 'frontend' }, to: { app: 'web' }, port, ...extra });

const allowFrontend = policy('web-allow-frontend', {
  podSelector: { matchLabels: { app: 'web' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ protocol: 'TCP', port: 8080 }] }],
});

describe('judgeTraffic', () => {
  it('allows everything when no policy selects the destination', () => {
    expect(judgeTraffic(frontendToWeb(), world())).toEqual({ allowed: true, reason: 'no policy limits ingress of Pods labelled app=web' });
  });

  it('admits only the sources and ports a rule names', () => {
    expect(judgeTraffic(frontendToWeb(), world(allowFrontend))).toEqual({
      allowed: true,
      reason: "web-allow-frontend's ingress[0] admits Pods app=frontend of its own namespace on TCP port 8080",
    });
    expect(judgeTraffic(frontendToWeb(80), world(allowFrontend)).allowed).toBe(false);
    expect(judgeTraffic(frontendToWeb(8080, { protocol: 'UDP' }), world(allowFrontend)).allowed).toBe(false);
    expect(judgeTraffic({ from: { app: 'other' }, to: { app: 'web' }, port: 8080 }, world(allowFrontend))).toEqual({
      allowed: false,
      reason: "web-allow-frontend's ingress[0] admits Pods app=frontend of its own namespace on TCP port 8080",
    });
  });

  it('reads a podSelector alone as this namespace only', () => {
    const elsewhere = frontendToWeb(8080, { fromNamespace: { 'kubernetes.io/metadata.name': 'other' } });
    expect(judgeTraffic(elsewhere, world(allowFrontend)).allowed).toBe(false);
  });

  it('reads namespaceSelector and podSelector in one peer as AND, in two peers as OR', () => {
    const and = policy('p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'frontend' } } }] }] });
    const or = policy('p', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }, { podSelector: { matchLabels: { app: 'frontend' } } }] }] });
    const other = { from: { app: 'other' }, to: { app: 'web' }, port: 8080 };
    const otherNs = frontendToWeb(8080, { fromNamespace: { 'kubernetes.io/metadata.name': 'other' } });
    expect(judgeTraffic(other, world(and)).allowed).toBe(false);
    expect(judgeTraffic(otherNs, world(and)).allowed).toBe(true);
    expect(judgeTraffic(other, world(or))).toEqual({ allowed: true, reason: "p's ingress[0] admits every Pod in every namespace or Pods app=frontend of its own namespace on every port" });
  });

  it('resolves a named port through the destination containers, and matches port ranges', () => {
    const named = policy('p', { podSelector: {}, ingress: [{ ports: [{ port: 'http' }] }] });
    expect(judgeTraffic(frontendToWeb(8080), world(named)).allowed).toBe(true);
    expect(judgeTraffic(frontendToWeb(80), world(named)).allowed).toBe(false);
    expect(judgeTraffic(frontendToWeb(8080), { ...world(named), destinationContainers: [] }).allowed).toBe(false);
    const range = policy('p', { podSelector: {}, ingress: [{ ports: [{ port: 8000, endPort: 8100 }] }] });
    expect(judgeTraffic(frontendToWeb(8080), world(range)).allowed).toBe(true);
    expect(judgeTraffic(frontendToWeb(9000), world(range)).allowed).toBe(false);
  });

  it('adds policies up: a default deny plus an allow lets the allowed traffic through', () => {
    const denyAll = policy('default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(judgeTraffic(frontendToWeb(), world(denyAll))).toEqual({ allowed: false, reason: 'default-deny admits no ingress at all' });
    expect(judgeTraffic(frontendToWeb(), world(denyAll, allowFrontend)).allowed).toBe(true);
  });

  it('needs the source’s egress too, and a policy with egress rules limits egress without saying so in policyTypes', () => {
    const egressDns = policy('egress-dns', { podSelector: { matchLabels: { app: 'frontend' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(judgeTraffic(frontendToWeb(), world(allowFrontend, egressDns))).toEqual({ allowed: false, reason: "egress-dns's egress[0] admits every destination on UDP port 53" });
    const egressWeb = policy('egress-web', { podSelector: { matchLabels: { app: 'frontend' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(judgeTraffic(frontendToWeb(), world(allowFrontend, egressDns, egressWeb)).allowed).toBe(true);
  });

  it('lets ipBlock peers admit no Pod', () => {
    const cidr = policy('p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
    expect(judgeTraffic(frontendToWeb(), world(cidr))).toEqual({ allowed: false, reason: "p's ingress[0] admits addresses 0.0.0.0/0 (an ipBlock, no Pods) on every port" });
  });

  it('reads matchExpressions in policy and peer selectors', () => {
    const exprs = policy('p', {
      podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['other'] }] } }] }],
    });
    expect(judgeTraffic(frontendToWeb(), world(exprs)).allowed).toBe(true);
    expect(judgeTraffic({ from: { app: 'other' }, to: { app: 'web' }, port: 8080 }, world(exprs)).allowed).toBe(false);
  });
});
