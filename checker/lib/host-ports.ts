/**
 * Every port on the learner's machine that kubecamp uses, in one table: the
 * ports the kind cluster maps from its control-plane node, and the ports the
 * container labs publish. `labs validate` fails when a lab publishes a port
 * that is not here, or one the cluster maps (with kind running, that
 * `docker run -p` would fail: "port is already allocated").
 * Read by the kind engine (scripts/cluster/kind-engine.ts) and the validator.
 */

export interface ClusterPortMapping {
  hostPort: number;
  containerPort: number;
  protocol: 'TCP';
  /** What the learner reaches on it. */
  what: string;
}

/** kind's `extraPortMappings` (on 127.0.0.1), clear of the ports the container labs publish. */
export const clusterPortMappings: readonly ClusterPortMapping[] = [
  { hostPort: 18080, containerPort: 80, protocol: 'TCP', what: 'the ingress controller (HTTP)' },
  { hostPort: 18443, containerPort: 443, protocol: 'TCP', what: 'the ingress controller (HTTPS)' },
  { hostPort: 30080, containerPort: 30080, protocol: 'TCP', what: 'node port 30080, the way in to a NodePort Service where node addresses are out of reach (Docker Desktop; services lab)' },
];

export interface LabHostPort {
  port: number;
  lab: string;
  what: string;
}

/** Host ports container labs publish, one owner each. */
export const labHostPorts: readonly LabHostPort[] = [
  { port: 8080, lab: 'dockerfile-basics', what: 'the hello container (-p 8080:3000)' },
  { port: 8081, lab: 'what-is-a-container', what: 'nginx (-p 8081:80)' },
  { port: 8082, lab: 'multi-stage-builds', what: 'the hello container (-p 8082:8080)' },
  { port: 8083, lab: 'volumes-and-networks', what: 'the app container (-p 8083:3000)' },
  { port: 8084, lab: 'compose', what: "compose's web service (8084:3000)" },
  { port: 5432, lab: 'compose', what: 'only in wrong/db-port-published: publishing the database is the mistake the check names' },
  { port: 5001, lab: 'registries', what: 'the local registry (-p 127.0.0.1:5001:5000)' },
  { port: 8085, lab: 'registries', what: 'the container run from the pushed image (-p 8085:8080)' },
  { port: 8086, lab: 'images-and-layers', what: 'only in right/tag-by-id-docker-cp: a port the task does not ask for, which must not matter' },
];

/** A host port some file of a lab publishes. */
export interface PublishedPort {
  lab: string;
  port: number;
  /** Where: the file (and step or task) that publishes it. */
  where: string;
}

export interface HostPortTable {
  cluster: readonly ClusterPortMapping[];
  labs: readonly LabHostPort[];
}

export const hostPortTable: HostPortTable = { cluster: clusterPortMappings, labs: labHostPorts };

const tableFile = 'checker/lib/host-ports.ts';

/** Problems with the table itself: a port listed twice. */
export function tableProblems(table: HostPortTable = hostPortTable): string[] {
  const owners = new Map<number, string[]>();
  const add = (port: number, owner: string) => owners.set(port, [...(owners.get(port) ?? []), owner]);
  for (const c of table.cluster) add(c.hostPort, `the kind cluster (${c.what})`);
  for (const l of table.labs) add(l.port, `lab ${l.lab}`);
  return [...owners].filter(([, o]) => new Set(o).size > 1).map(([port, o]) => `host port ${port} is listed for ${[...new Set(o)].join(' and ')}; give each its own port`);
}

/**
 * Problems with what the labs publish: a port the cluster maps, a port the
 * table does not list or lists for another lab, and (for the labs in
 * `published`' scope) a port the table lists that the lab no longer publishes.
 */
export function publishedPortProblems(published: PublishedPort[], scannedLabs: string[], table: HostPortTable = hostPortTable): { lab: string; message: string }[] {
  const problems: { lab: string; message: string }[] = [];
  for (const p of published) {
    const mapped = table.cluster.find((c) => c.hostPort === p.port);
    const listed = table.labs.filter((l) => l.port === p.port);
    if (mapped) {
      problems.push({ lab: p.lab, message: `${p.where} publishes host port ${p.port}, which the kind cluster maps for ${mapped.what}: with kind running it is taken; use a port of your own from ${tableFile}` });
    } else if (listed.length === 0) {
      problems.push({ lab: p.lab, message: `${p.where} publishes host port ${p.port}, which is not in the host-port table; add it for ${p.lab} in ${tableFile}, on a port nothing else there uses` });
    } else if (!listed.some((l) => l.lab === p.lab)) {
      problems.push({ lab: p.lab, message: `${p.where} publishes host port ${p.port}, which the host-port table gives to lab ${listed.map((l) => l.lab).join(', ')}; pick a port of its own and add it in ${tableFile}` });
    }
  }
  for (const l of table.labs) {
    if (scannedLabs.includes(l.lab) && !published.some((p) => p.lab === l.lab && p.port === l.port)) {
      problems.push({ lab: l.lab, message: `the host-port table lists port ${l.port} for ${l.lab}, which publishes no such port; remove it from ${tableFile}` });
    }
  }
  return problems;
}
