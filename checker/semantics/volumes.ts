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
  ['projected', () => 'a projected volume'],
];

/** `the claim postgres-data`, `an emptyDir`, for messages; a volume or a source subset alike. */
export function describeVolume(volume: any): string {
  for (const [key, describe] of sources) if (volume?.[key] !== undefined) return describe(volume[key] ?? {});
  const key = Object.keys(volume ?? {}).find((k) => k !== 'name');
  return key ? `a ${key} volume` : 'a volume';
}
