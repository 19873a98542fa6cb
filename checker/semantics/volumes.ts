/**
 * Volume mounts as the kubelet sets them up: a container's `volumeMounts` entry names a
 * volume of the Pod; what appears at the mount path is that volume's source. A mount path
 * is compared without a trailing slash (`/app/` is `/app`).
 */
const trim = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

export function mountAt(podSpec: any, container: any, path: string): { mount?: any; volume?: any; others: string[] } {
  const mounts: any[] = container?.volumeMounts ?? [];
  const mount = mounts.find((m) => trim(String(m.mountPath ?? '')) === trim(path));
  // The API server adds the ServiceAccount token mount to every Pod: not the learner's, not worth naming.
  const others = mounts.filter((m) => !String(m.mountPath ?? '').startsWith('/var/run/secrets/kubernetes.io/')).map((m) => `${m.name} at ${m.mountPath}`);
  if (!mount) return { others };
  const volume = (podSpec?.volumes ?? []).find((v: any) => v.name === mount.name);
  return { mount, volume, others };
}

const sources: Array<[string, (v: any) => string]> = [
  ['persistentVolumeClaim', (v) => `the claim ${v.claimName}`],
  ['secret', (v) => `the Secret ${v.secretName}`],
  ['configMap', (v) => `the ConfigMap ${v.name}`],
  ['emptyDir', () => 'an emptyDir'],
  ['hostPath', (v) => `the node's ${v.path}`],
  ['projected', (v) => {
    const of = (v.sources ?? []).flatMap((s: any) => (s.secret ? [`the Secret ${s.secret.name}`] : s.configMap ? [`the ConfigMap ${s.configMap.name}`] : []));
    return `a projected volume${of.length ? ` of ${of.join(' and ')}` : ''}`;
  }],
];

/** `the claim postgres-data`, `an emptyDir`, for messages; a volume or a source subset alike. */
export function describeVolume(volume: any): string {
  for (const [key, describe] of sources) if (volume?.[key] !== undefined) return describe(volume[key] ?? {});
  const key = sourceOf(volume);
  return key ? `a ${key} volume` : 'a volume';
}

/** The key naming a volume's source (`persistentVolumeClaim`, `secret`…). */
const sourceOf = (volume: any): string | undefined => Object.keys(volume ?? {}).find((k) => k !== 'name');

/**
 * The volume and the plain volumes it is equivalent to: each Secret or ConfigMap source of a
 * projected volume puts the same files in the mount as a `secret`/`configMap` volume of it would
 * (a projected source spells the Secret's name `name`, a secret volume `secretName`).
 */
export function volumeForms(volume: any): any[] {
  const forms = [volume];
  for (const source of volume?.projected?.sources ?? []) {
    if (source?.secret) {
      const { name, ...rest } = source.secret;
      forms.push({ name: volume.name, secret: { ...rest, secretName: name } });
    }
    if (source?.configMap) forms.push({ name: volume.name, configMap: source.configMap });
  }
  return forms;
}

/** Sources the kubelet always mounts read-only, whatever the volumeMount says. */
const readOnlySources = new Set(['secret', 'configMap', 'projected', 'downwardAPI']);

/**
 * Whether the container can write through this mount, and why not: the mount's own `readOnly`,
 * a source that is always read-only (Secret, ConfigMap, projected, downward API), or the volume's
 * own `readOnly` (`persistentVolumeClaim: {claimName, readOnly: true}` mounts the claim read-only).
 */
export function mountReadOnly(mount: any, volume: any): { readOnly: boolean; why: string } {
  if (mount?.readOnly === true) return { readOnly: true, why: 'its volumeMount has readOnly: true' };
  const source = sourceOf(volume);
  if (source && readOnlySources.has(source)) return { readOnly: true, why: `the kubelet always mounts a ${source} volume read-only` };
  if (source && volume[source]?.readOnly === true) return { readOnly: true, why: `the volume's ${source}.readOnly is true` };
  return { readOnly: false, why: 'readOnly is not true' };
}

/** The folder (or file) of the volume a mount shows: `''` for the whole volume, else its `subPath` (or `subPathExpr`). */
export function mountedSubPath(mount: any): string {
  const sub = String(mount?.subPath ?? mount?.subPathExpr ?? '');
  return sub.replace(/^\.?\/+|\/+$/g, '');
}

/** Sources that present files (a key each): a subPath there mounts one file, not the set. */
export const presentsKeys = (volume: any): boolean => readOnlySources.has(sourceOf(volume) ?? '');
