import { describe, expect, it } from 'vitest';
import { clusterPortMappings, hostPortTable, labHostPorts, publishedPortProblems, tableProblems, type HostPortTable } from './host-ports.ts';

const table: HostPortTable = {
  cluster: [{ hostPort: 18080, containerPort: 80, protocol: 'TCP', what: 'the ingress controller (HTTP)' }],
  labs: [{ port: 8080, lab: 'dockerfile-basics', what: 'hello' }, { port: 8081, lab: 'what-is-a-container', what: 'nginx' }],
};

describe('host-port table', () => {
  it('has no port twice, and kind maps none a container lab publishes', () => {
    expect(tableProblems()).toEqual([]);
    const labPorts = new Set(labHostPorts.map((l) => l.port));
    expect(clusterPortMappings.filter((c) => labPorts.has(c.hostPort))).toEqual([]);
    expect(clusterPortMappings.map((c) => c.hostPort)).toEqual([18080, 18443, 30080]);
  });

  it('names both owners of a port listed twice', () => {
    expect(tableProblems({ ...table, labs: [...table.labs, { port: 18080, lab: 'ingress', what: 'x' }, { port: 8081, lab: 'compose', what: 'y' }] })).toEqual([
      'host port 18080 is listed for the kind cluster (the ingress controller (HTTP)) and lab ingress; give each its own port',
      'host port 8081 is listed for lab what-is-a-container and lab compose; give each its own port',
    ]);
  });

  it('accepts the ports the table gives each lab', () => {
    expect(publishedPortProblems([{ lab: 'dockerfile-basics', port: 8080, where: 'lab.yaml' }, { lab: 'what-is-a-container', port: 8081, where: 'lab.yaml' }], ['dockerfile-basics', 'what-is-a-container'], table)).toEqual([]);
  });

  it('fails a lab that publishes a port kind maps, one not in the table, or another lab\'s', () => {
    const problems = publishedPortProblems([
      { lab: 'dockerfile-basics', port: 8080, where: 'labs/dockerfile-basics/lab.yaml solution[0]' },
      { lab: 'dockerfile-basics', port: 18080, where: 'labs/dockerfile-basics/lab.yaml solution[1]' },
      { lab: 'dockerfile-basics', port: 9000, where: 'labs/dockerfile-basics/compose.yaml' },
      { lab: 'dockerfile-basics', port: 8081, where: 'labs/dockerfile-basics/wrong/x/variant.yaml steps[0]' },
    ], ['dockerfile-basics'], table);
    expect(problems).toEqual([
      { lab: 'dockerfile-basics', message: 'labs/dockerfile-basics/lab.yaml solution[1] publishes host port 18080, which the kind cluster maps for the ingress controller (HTTP): with kind running it is taken; use a port of your own from checker/lib/host-ports.ts' },
      { lab: 'dockerfile-basics', message: 'labs/dockerfile-basics/compose.yaml publishes host port 9000, which is not in the host-port table; add it for dockerfile-basics in checker/lib/host-ports.ts, on a port nothing else there uses' },
      { lab: 'dockerfile-basics', message: 'labs/dockerfile-basics/wrong/x/variant.yaml steps[0] publishes host port 8081, which the host-port table gives to lab what-is-a-container; pick a port of its own and add it in checker/lib/host-ports.ts' },
    ]);
  });

  it('names a table entry the lab no longer publishes, only for labs that were scanned', () => {
    expect(publishedPortProblems([], ['dockerfile-basics'], table)).toEqual([
      { lab: 'dockerfile-basics', message: 'the host-port table lists port 8080 for dockerfile-basics, which publishes no such port; remove it from checker/lib/host-ports.ts' },
    ]);
  });

  it('is the table the kind engine maps', () => {
    expect(hostPortTable.cluster).toBe(clusterPortMappings);
  });
});
