import { CoordinationV1Api, CoreV1Api, type V1Lease } from '@kubernetes/client-node';
import { ContextError } from '../../checker/lib/errors.ts';
import { loadKubeConfig, type KubeTarget } from '../../checker/lib/kube-config.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';

/**
 * kwok simulates a kubelet per node and, like a kubelet, holds the node's
 * Lease in `kube-node-lease`. Its identity is new on every start
 * (hostname + random UUID), and it leaves a node's Pods alone until it holds
 * that node's Lease. After the cluster was stopped (a reboot, a killed shell),
 * the restarted kwok cannot take a Lease the stopped one renewed less than a
 * lease duration ago, and retries only every quarter of that duration: every
 * Pod scheduled meanwhile stays Pending. So `cluster:up` releases those Leases
 * and waits until kwok manages every node before it says the cluster is ready.
 */
export const nodeLeaseNamespace = 'kube-node-lease';

export interface LeaseView {
  name: string;
  holder?: string;
  renewedAt?: Date;
  durationSeconds?: number;
  resourceVersion?: string;
}

export function leaseView(lease: V1Lease): LeaseView {
  const renew = lease.spec?.renewTime as Date | string | undefined;
  return {
    name: lease.metadata?.name ?? '',
    holder: lease.spec?.holderIdentity || undefined,
    renewedAt: renew ? new Date(renew) : undefined,
    durationSeconds: lease.spec?.leaseDurationSeconds,
    resourceVersion: lease.metadata?.resourceVersion,
  };
}

function expiresAt(l: LeaseView): number {
  return (l.renewedAt?.getTime() ?? 0) + (l.durationSeconds ?? 0) * 1000;
}

/**
 * Leases of the given nodes that block the running kwok: renewed before it
 * started (`since`), so held by the stopped one, and not yet expired. Expired
 * ones are left alone: kwok takes them over itself, maybe at this moment.
 */
export function blockingLeases(nodes: readonly string[], leases: readonly LeaseView[], since: Date, now: Date): LeaseView[] {
  return leases.filter((l) => nodes.includes(l.name) && l.holder && l.renewedAt && l.renewedAt < since && expiresAt(l) > now.getTime());
}

/**
 * Nodes no running kwok manages yet: no Lease, no holder, expired, or (with
 * `since`) not renewed since the cluster started.
 */
export function unmanagedNodes(nodes: readonly string[], leases: readonly LeaseView[], now: Date, since?: Date): string[] {
  const byName = new Map(leases.map((l) => [l.name, l]));
  return nodes.filter((node) => {
    const l = byName.get(node);
    if (!l?.holder || !l.renewedAt || !l.durationSeconds) return true;
    if (since && l.renewedAt < since) return true;
    return expiresAt(l) <= now.getTime();
  });
}

export interface TakeOverOptions {
  /** When this kwok started: Leases renewed before it belong to a stopped kwok. */
  since?: Date;
  /** How long to wait for kwok to hold every Lease. */
  timeoutMs?: number;
  pollMs?: number;
  now?: () => Date;
  /** Where kwok's log is, for the error. */
  kwokLog?: string;
}

/**
 * Release the Leases a stopped kwok still holds, then wait until the running
 * kwok holds every node's Lease (so Pods scheduled now start right away).
 * Returns the nodes whose Leases were released.
 */
export async function takeOverNodeLeases(target: KubeTarget, logger: Logger, options: TakeOverOptions = {}): Promise<string[]> {
  const { since, timeoutMs = 300_000, pollMs = 500, now = () => new Date(), kwokLog = "kwok-controller's log" } = options;
  const kc = loadKubeConfig(target);
  const core = kc.makeApiClient(CoreV1Api);
  const coordination = kc.makeApiClient(CoordinationV1Api);
  const read = async () => {
    const [nodes, leases] = await Promise.all([core.listNode(), coordination.listNamespacedLease({ namespace: nodeLeaseNamespace })]);
    return { nodes: nodes.items.map((n) => n.metadata?.name ?? '').filter(Boolean), leases: leases.items.map(leaseView) };
  };

  let { nodes, leases } = await read();
  const released: string[] = [];
  for (const lease of since ? blockingLeases(nodes, leases, since, now()) : []) {
    // The holder is gone; kwok creates a fresh Lease on its next try. The
    // precondition leaves the Lease alone if anything renewed it meanwhile.
    const deleted = await coordination
      .deleteNamespacedLease({ name: lease.name, namespace: nodeLeaseNamespace, body: { preconditions: { resourceVersion: lease.resourceVersion } } })
      .then(() => true, (err: { code?: number }) => {
        if (err?.code === 404 || err?.code === 409) return false;
        throw err;
      });
    if (deleted) released.push(lease.name);
  }
  // A released Lease was renewed before `since`, so its node counts as unmanaged here too.
  if (unmanagedNodes(nodes, leases, now(), since).length === 0) return released;

  await timedStep(logger, `waiting for kwok to manage ${nodes.length} simulated node${nodes.length === 1 ? '' : 's'}${released.length ? ` (released ${released.length} Lease${released.length === 1 ? '' : 's'} held by the stopped kwok)` : ''}`, async () => {
    const deadline = Date.now() + timeoutMs;
    let waiting: string[] = [];
    for (;;) {
      ({ nodes, leases } = await read());
      waiting = unmanagedNodes(nodes, leases, now(), since);
      if (waiting.length === 0) return;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, pollMs));
    }
    throw new ContextError(
      `kwok did not take over node${waiting.length === 1 ? '' : 's'} ${waiting.join(', ')} within ${timeoutMs / 1000} s, so their Pods would stay Pending`,
      { fix: `look at ${kwokLog}, or run \`npm run cluster:reset\` to recreate the cluster` },
    );
  });
  return released;
}
