import { describe, expect, it } from 'vitest';
import { describeVolume, mountAt } from './volumes.ts';

const spec = { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pg' } }, { name: 'tmp', emptyDir: {} }] };
const container = { volumeMounts: [{ name: 'tmp', mountPath: '/var/lib/postgresql/data/' }, { name: 'data', mountPath: '/backup' }] };

describe('mountAt', () => {
  it('finds the volume mounted at a path, trailing slash or not', () => {
    expect(mountAt(spec, container, '/var/lib/postgresql/data').volume).toEqual({ name: 'tmp', emptyDir: {} });
    expect(mountAt(spec, container, '/backup/').volume).toEqual({ name: 'data', persistentVolumeClaim: { claimName: 'pg' } });
  });

  it('lists the other mounts when nothing is at the path', () => {
    expect(mountAt(spec, container, '/data')).toEqual({ others: ['tmp at /var/lib/postgresql/data/', 'data at /backup'] });
    const withToken = { volumeMounts: [...container.volumeMounts, { name: 'kube-api-access-x', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' }] };
    expect(mountAt(spec, withToken, '/data').others).toEqual(['tmp at /var/lib/postgresql/data/', 'data at /backup']);
  });
});

describe('describeVolume', () => {
  it('names the source', () => {
    expect(describeVolume({ persistentVolumeClaim: { claimName: 'pg' } })).toBe('the claim pg');
    expect(describeVolume({ name: 'x', emptyDir: {} })).toBe('an emptyDir');
    expect(describeVolume({ secret: { secretName: 's' } })).toBe('the Secret s');
    expect(describeVolume({ name: 'x', nfs: {} })).toBe('a nfs volume');
  });
});
