import type { Check, CheckType } from '../schemas/check.ts';

/** What the engine, the validator and the site need to know about a check type beyond how to evaluate it (see registry.ts), importable without the evaluators. */
interface CheckFacts {
  /** Reads what containers do (logs, exec, traffic): needs kubelets that run containers; elsewhere the check is `unsupported`. */
  runningContainers?: true;
  /** Reads something no watch sees change (logs, a command's output, RBAC answers, files): live mode re-checks it every few seconds. */
  polled?: true;
}

export const checkFacts: Record<CheckType, CheckFacts> = {
  'k8s.object': {},
  'k8s.condition': {},
  'k8s.ready': {},
  'k8s.endpoints': {},
  'k8s.rollout': {},
  'k8s.can': { polled: true },
  'k8s.event': {},
  'k8s.logs': { runningContainers: true, polled: true },
  'k8s.exec': { runningContainers: true, polled: true },
  'k8s.request': { runningContainers: true, polled: true },
  'docker.image': {},
  'docker.container': {},
  'docker.container-absent': {},
  'docker.exec': {},
  'docker.resource': {},
  http: { polled: true },
  dockerfile: { polled: true },
  file: { polled: true },
  compose: { polled: true },
  'compose.live': {},
  'sandbox.exec': {},
  'sandbox.file': {},
  answer: {},
  custom: {},
};

/** Whether a check needs kubelets that run containers: by its type, or declared on it (`needs: [running-containers]`). */
export const needsRunningContainers = (check: Pick<Check, 'type'>): boolean =>
  checkFacts[check.type].runningContainers === true || ((check as { needs?: unknown }).needs as string[] | undefined)?.includes('running-containers') === true;

/** Whether live mode must re-check a check on a timer (no watch sees what it reads change). */
export const isPolled = (check: Pick<Check, 'type'>): boolean => checkFacts[check.type].polled === true;
