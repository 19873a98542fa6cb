import { describe, expect, it } from 'vitest';
import { describeVolume, mountAt, mountedSubPath, mountReadOnly, presentsKeys, volumeForms } from './volumes.ts';

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

describe('volumeForms', () => {
  it('reads a projected Secret or ConfigMap source as that Secret or ConfigMap volume', () => {
    const projected = { name: 'db', projected: { sources: [{ secret: { name: 'db-credentials', items: [{ key: 'password', path: 'password' }] } }, { configMap: { name: 'app' } }] } };
    expect(volumeForms(projected).slice(1)).toEqual([
      { name: 'db', secret: { secretName: 'db-credentials', items: [{ key: 'password', path: 'password' }] } },
      { name: 'db', configMap: { name: 'app' } },
    ]);
    expect(describeVolume(projected)).toBe('a projected volume of the Secret db-credentials and the ConfigMap app');
  });
});

describe('mountReadOnly', () => {
  it('reads the mode from the mount, the source and the volume', () => {
    expect(mountReadOnly({ readOnly: true }, { persistentVolumeClaim: { claimName: 'j' } })).toEqual({ readOnly: true, why: 'its volumeMount has readOnly: true' });
    expect(mountReadOnly({}, { name: 'j', persistentVolumeClaim: { claimName: 'j', readOnly: true } })).toEqual({ readOnly: true, why: "the volume's persistentVolumeClaim.readOnly is true" });
    expect(mountReadOnly({ readOnly: false }, { name: 'db', secret: { secretName: 's' } })).toEqual({ readOnly: true, why: 'the kubelet always mounts a secret volume read-only' });
    expect(mountReadOnly({}, { name: 'j', persistentVolumeClaim: { claimName: 'j' } }).readOnly).toBe(false);
  });
});

describe('mountedSubPath', () => {
  it('names the part of the volume a mount shows', () => {
    expect(mountedSubPath({ subPath: 'password' })).toBe('password');
    expect(mountedSubPath({ subPath: './logs/' })).toBe('logs');
    expect(mountedSubPath({ subPath: '' })).toBe('');
    expect(mountedSubPath({})).toBe('');
    expect(presentsKeys({ secret: {} })).toBe(true);
    expect(presentsKeys({ persistentVolumeClaim: {} })).toBe(false);
  });
});
