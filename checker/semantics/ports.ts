/**
 * Ports as the kubelet and kube-proxy resolve them: a probe's port or a Service's
 * `targetPort` is a number, or the `name` of a port a container declares.
 */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface Container {
  name: string;
  ports?: ContainerPort[];
  [key: string]: unknown;
}

export type PortResolution =
  | { ok: true; port: number; declared: boolean; name?: string; container?: string }
  | { ok: false; reason: string };

/**
 * Resolve a port (number or name) through containers' declared ports: a name must be
 * declared by one of them; a number resolves to itself, `declared` says whether a container lists it.
 */
export function resolvePort(port: unknown, containers: Container[]): PortResolution {
  if (port === undefined || port === null || port === '') return { ok: false, reason: 'no port is set' };
  const numeric = typeof port === 'number' ? port : /^\d+$/.test(String(port)) ? Number(port) : null;
  if (numeric !== null) {
    const owner = containers.find((c) => (c.ports ?? []).some((p) => p.containerPort === numeric));
    return { ok: true, port: numeric, declared: !!owner, ...(owner ? { container: owner.name } : {}) };
  }
  for (const c of containers) {
    const found = (c.ports ?? []).find((p) => p.name === port);
    if (found) return { ok: true, port: found.containerPort, declared: true, name: String(port), container: c.name };
  }
  const names = containers.flatMap((c) => (c.ports ?? []).filter((p) => p.name).map((p) => `${p.name}=${p.containerPort}`));
  return { ok: false, reason: `names port "${port}", which no container declares${names.length ? ` (declared: ${names.join(', ')})` : ' (no container names its ports)'}` };
}

const probeKinds = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** The port a probe checks (httpGet, tcpSocket or grpc), or undefined for exec probes. */
export function probePort(probe: any): unknown {
  for (const k of probeKinds) if (probe?.[k]) return probe[k].port;
  return undefined;
}

/** `80` or `http (80)` for messages. */
export function describePort(port: unknown, resolved?: PortResolution): string {
  if (resolved?.ok && resolved.name) return `"${resolved.name}" (${resolved.port})`;
  return typeof port === 'string' ? `"${port}"` : String(port);
}

/** The Pod spec inside an object: a Pod's own, or a workload's template. */
export function podSpecOf(object: any): { spec: any; labels: Record<string, string> } | undefined {
  if (object?.kind === 'Pod') return { spec: object.spec ?? {}, labels: object.metadata?.labels ?? {} };
  const template = object?.spec?.jobTemplate?.spec?.template ?? object?.spec?.template;
  return template ? { spec: template.spec ?? {}, labels: template.metadata?.labels ?? {} } : undefined;
}
