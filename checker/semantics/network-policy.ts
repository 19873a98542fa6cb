/**
 * NetworkPolicy as the API defines it: may a Pod labelled A reach a Pod labelled B on a port?
 * A Pod is isolated for ingress (egress) once any policy selecting it lists that direction in its
 * policyTypes (default: Ingress, plus Egress when the policy has egress rules); then a connection
 * is allowed only if some rule of some such policy admits it (policies add up, never subtract).
 * A connection needs both: the source's egress and the destination's ingress. Named ports are the
 * destination container's. ipBlock peers are meant for addresses outside the cluster, so they
 * admit no Pod here.
 */
import { describeLabels, describeSelector, readSelector, selects, type Labels } from './label-selector.ts';
import type { Container } from './ports.ts';

export interface Traffic {
  /** Labels of the source Pods. */
  from: Labels;
  /** Labels of the source Pods' namespace; default: the destination's namespace (same-namespace traffic). */
  fromNamespace?: Labels;
  /** Labels of the destination Pods, in the namespace the policies are read from. */
  to: Labels;
  port: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

export interface PolicyWorld {
  /** Every NetworkPolicy of the destination's namespace. */
  policies: any[];
  /** Labels of that namespace (kubernetes.io/metadata.name included). */
  namespaceLabels: Labels;
  /** The destination Pods' containers, to resolve named ports; empty when no Pod or template carries its labels. */
  destinationContainers: Container[];
}

export interface Verdict {
  allowed: boolean;
  /** Why, in words: the policy and rule that admit it, or what the isolating policies admit instead. */
  reason: string;
}

type Direction = 'Ingress' | 'Egress';

function policyTypes(p: any): Direction[] {
  const given = p.spec?.policyTypes;
  if (Array.isArray(given) && given.length) return given;
  return p.spec?.egress ? ['Ingress', 'Egress'] : ['Ingress'];
}

const nameOf = (p: any) => p.metadata?.name ?? 'a policy';

/** Does a peer (`from`/`to` item) cover a Pod with these labels in a namespace with these labels? */
function peerMatches(peer: any, pod: Labels, podNs: Labels, policyNs: Labels): boolean {
  if (!peer || typeof peer !== 'object' || peer.ipBlock) return false;
  const hasPods = peer.podSelector !== undefined && peer.podSelector !== null;
  const hasNs = peer.namespaceSelector !== undefined && peer.namespaceSelector !== null;
  if (!hasPods && !hasNs) return false;
  const nsOk = hasNs ? selects(readSelector(peer.namespaceSelector), podNs) : sameNamespace(podNs, policyNs);
  const podOk = hasPods ? selects(readSelector(peer.podSelector), pod) : true;
  return nsOk && podOk;
}

function sameNamespace(a: Labels, b: Labels): boolean {
  const key = 'kubernetes.io/metadata.name';
  return a[key] !== undefined ? a[key] === b[key] : describeLabels(a) === describeLabels(b);
}

function describePeer(peer: any): string {
  if (!peer || typeof peer !== 'object') return 'nothing';
  if (peer.ipBlock) return `addresses ${peer.ipBlock.cidr} (an ipBlock, no Pods)`;
  const pods = peer.podSelector != null ? readSelector(peer.podSelector) : undefined;
  const ns = peer.namespaceSelector != null ? readSelector(peer.namespaceSelector) : undefined;
  const podText = pods === undefined || (pods && pods.length === 0) ? 'every Pod' : `Pods ${describeSelector(pods)}`;
  if (ns === undefined) return `${podText} of its own namespace`;
  return `${podText} in ${ns && ns.length === 0 ? 'every namespace' : `namespaces ${describeSelector(ns)}`}`;
}

/** Does a rule's port list admit this port? Named ports are the destination container's. */
function portMatches(entry: any, port: number, protocol: string, containers: Container[]): boolean {
  if ((entry?.protocol ?? 'TCP') !== protocol) return false;
  const p = entry?.port;
  if (p === undefined || p === null) return true;
  if (typeof p === 'number' || /^\d+$/.test(String(p))) {
    const start = Number(p);
    const end = entry.endPort ?? start;
    return port >= start && port <= end;
  }
  return containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p && cp.containerPort === port && (cp.protocol ?? 'TCP') === protocol));
}

function describePorts(ports: any[] | undefined): string {
  if (!ports?.length) return 'every port';
  return ports
    .map((e) => {
      const proto = e.protocol ?? 'TCP';
      if (e.port === undefined || e.port === null) return `every ${proto} port`;
      if (typeof e.port === 'string' && !/^\d+$/.test(e.port)) return `${proto} port "${e.port}"`;
      return `${proto} port ${e.port}${e.endPort ? `-${e.endPort}` : ''}`;
    })
    .join(', ');
}

/** One direction: is the Pod isolated, and if so does some rule admit the peer on the port? */
function judgeDirection(direction: Direction, world: PolicyWorld, self: Labels, peer: Labels, peerNs: Labels, t: Traffic): Verdict {
  const isolating = world.policies.filter((p) => policyTypes(p).includes(direction) && selects(readSelector(p.spec?.podSelector ?? {}), self));
  const side = direction === 'Ingress' ? 'ingress' : 'egress';
  const proto = t.protocol ?? 'TCP';
  if (isolating.length === 0) return { allowed: true, reason: `no policy limits ${side} of Pods labelled ${describeLabels(self)}` };
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  const admitted: string[] = [];
  for (const p of isolating) {
    const rules: any[] = p.spec?.[side] ?? [];
    for (const [i, rule] of rules.entries()) {
      const peers: any[] | undefined = rule?.[peerKey];
      const peerOk = !peers || peers.length === 0 || peers.some((x) => peerMatches(x, peer, peerNs, world.namespaceLabels));
      const portOk = !rule?.ports?.length || rule.ports.some((e: any) => portMatches(e, t.port, proto, world.destinationContainers));
      const who = !peers || peers.length === 0 ? (direction === 'Ingress' ? 'every source' : 'every destination') : peers.map(describePeer).join(' or ');
      if (peerOk && portOk) return { allowed: true, reason: `${nameOf(p)}'s ${side}[${i}] admits ${who} on ${describePorts(rule?.ports)}` };
      admitted.push(`${nameOf(p)}'s ${side}[${i}] admits ${who} on ${describePorts(rule?.ports)}`);
    }
    if (rules.length === 0) admitted.push(`${nameOf(p)} admits no ${side} at all`);
  }
  return { allowed: false, reason: admitted.join('; ') };
}

/** Whether the policies let Pods labelled `from` open a connection to Pods labelled `to` on the port. */
export function judgeTraffic(t: Traffic, world: PolicyWorld): Verdict {
  const sourceNs = t.fromNamespace ?? world.namespaceLabels;
  const ingress = judgeDirection('Ingress', world, t.to, t.from, sourceNs, t);
  if (!ingress.allowed) return ingress;
  // Policies of another namespace are not read: its egress is not this lab's business.
  if (!sameNamespace(sourceNs, world.namespaceLabels)) return ingress;
  const egress = judgeDirection('Egress', world, t.from, t.to, world.namespaceLabels, t);
  if (!egress.allowed) return egress;
  return ingress;
}

/** `Pods labelled app=frontend` (`… in namespaces kubernetes.io/metadata.name=other`) for messages. */
export function describeTraffic(t: Traffic, world: PolicyWorld): string {
  const ns = t.fromNamespace && !sameNamespace(t.fromNamespace, world.namespaceLabels) ? ` in a namespace labelled ${describeLabels(t.fromNamespace)}` : '';
  return `Pods labelled ${describeLabels(t.from)}${ns} reach Pods labelled ${describeLabels(t.to)} on ${t.protocol ?? 'TCP'} port ${t.port}`;
}
