import type { Check } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import type { Outcome } from '../engine/outcome.ts';

/** kwok marks the Nodes it simulates with this annotation. */
const simulatedNodeAnnotation = 'kwok.x-k8s.io/node';

/** Whether no Node of the cluster runs containers: every Node is simulated (kwok). No Nodes at all: nothing runs either. */
export function kubeletsSimulated(nodes: any[]): boolean {
  return nodes.every((n) => n.metadata?.annotations?.[simulatedNodeAnnotation] !== undefined);
}

/** What a behaviour check does, for the notice that says it cannot do it here. */
const actions: Partial<Record<Check['type'], string>> = {
  'k8s.logs': 'it reads what a container printed (kubectl logs)',
  'k8s.exec': 'it runs a command in a container (kubectl exec)',
  'k8s.request': 'it sends a request from a container',
  'k8s.node-port': 'it sends a request to a node port from this machine',
};

/** The outcome of a behaviour check on a cluster whose kubelets are simulated: neither a pass nor a fail. */
export function needsRealNodes(check: Check): Outcome {
  return {
    status: 'unsupported',
    message: `needs real nodes (kind): ${actions[check.type] ?? 'it reads what only running containers cause'}, and this cluster's kubelets are simulated (Pods show Running but no container runs)`,
    fix: 'run this lab on kind: `npm run cluster:down`, then `npm run cluster:up -- --engine kind`',
  };
}

export async function clusterRunsContainers(ctx: CheckContext): Promise<boolean> {
  return !kubeletsSimulated(await ctx.kube().list('Node'));
}
