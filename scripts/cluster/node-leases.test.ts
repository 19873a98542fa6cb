import { describe, expect, it } from 'vitest';
import { blockingLeases, leaseView, unmanagedNodes, type LeaseView } from './node-leases.ts';

const t = (s: number) => new Date(Date.UTC(2026, 11, 4, 17, 0, s));
const lease = (name: string, renewedSecond: number, holder = 'host_new', durationSeconds = 200): LeaseView => ({ name, holder, renewedAt: t(renewedSecond), durationSeconds });

describe('node leases', () => {
  it('reads holder, renew time and duration from a Lease', () => {
    expect(leaseView({ metadata: { name: 'node-000000', resourceVersion: '42' }, spec: { holderIdentity: 'vm_1', renewTime: '2026-12-04T17:00:05.123456Z' as never, leaseDurationSeconds: 40 } })).toEqual({
      name: 'node-000000',
      holder: 'vm_1',
      renewedAt: new Date('2026-12-04T17:00:05.123Z'),
      durationSeconds: 40,
      resourceVersion: '42',
    });
    expect(leaseView({ metadata: { name: 'x' }, spec: { holderIdentity: '' } }).holder).toBeUndefined();
  });

  it('releases only Leases of nodes the stopped kwok renewed and that have not expired', () => {
    const leases = [
      lease('node-000000', 1, 'host_old'), // the stopped kwok's, still valid: blocks the new one
      lease('node-000001', 30), // renewed by the new kwok
      lease('node-000002', 1, 'host_old', 10), // expired at second 11: the new kwok takes it itself
      lease('other', 1, 'host_old'), // not a node's Lease
      { name: 'node-000003' },
    ];
    const nodes = ['node-000000', 'node-000001', 'node-000002', 'node-000003'];
    expect(blockingLeases(nodes, leases, t(20), t(31)).map((l) => l.name)).toEqual(['node-000000']);
    // Once it expires it no longer blocks.
    expect(blockingLeases(nodes, leases, t(20), t(202))).toEqual([]);
  });

  it('counts a node as unmanaged while its Lease is missing, expired or held by the stopped kwok', () => {
    const nodes = ['a', 'b', 'c', 'd'];
    const leases = [lease('a', 10), lease('b', 10, 'host_old', 5), lease('c', 25)];
    // d has no Lease; b expired at second 15.
    expect(unmanagedNodes(nodes, leases, t(20))).toEqual(['b', 'd']);
    // After a restart at second 20, a's Lease (renewed at 10) is the old kwok's even though it has not expired.
    expect(unmanagedNodes(nodes, leases, t(30), t(20))).toEqual(['a', 'b', 'd']);
    expect(unmanagedNodes(['c'], leases, t(30), t(20))).toEqual([]);
  });
});
