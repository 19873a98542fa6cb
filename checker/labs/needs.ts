import type { EngineName } from '../lib/cluster-state.ts';
import { labNeeds, type Lab, type LabNeed } from '../schemas/lab.ts';
import type { Task } from '../schemas/task.ts';
import { needsRunningContainers } from '../checks/registry.ts';

/** Engines whose kubelets run no containers. */
const simulatedKubelets: readonly EngineName[] = ['kwok'];

/**
 * What to tell a learner before checking `lab` on `engine`, when the cluster
 * lacks something the lab needs; undefined when nothing is missing (or the
 * engine is unknown, like a cluster of one's own).
 */
export function needsNotice(lab: Pick<Lab, 'id' | 'needs'>, engine: EngineName | undefined): string | undefined {
  if (!engine || !simulatedKubelets.includes(engine)) return undefined;
  if (!lab.needs.includes('running-containers')) return undefined;
  return (
    `this lab needs real nodes (kind): ${labNeeds['running-containers']}. ` +
    `Here the checks can only read the objects. Run it on kind: \`npm run cluster:down\`, then \`npm run cluster:up -- --engine kind\`, then \`npm run labs -- reset ${lab.id}\``
  );
}

/** What a task needs of the cluster: `running-containers` when one of its checks reads what containers do (logs, exec, requests). */
export function taskNeeds(task: Pick<Task, 'checks'>): LabNeed[] {
  return (task.checks as { type: string }[]).some((c) => needsRunningContainers(c as never)) ? ['running-containers'] : [];
}
