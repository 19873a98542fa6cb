import type { Check, CheckOf, CheckType } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import type { Outcome } from '../engine/outcome.ts';
import type { EnvironmentName } from '../schemas/lab.ts';
import { answer } from './answer.ts';
import { compose, composeLive } from './compose.ts';
import { custom } from './custom.ts';
import { dockerContainer, dockerContainerAbsent, dockerExec, dockerImage, dockerResource, http } from './docker.ts';
import { dockerfile } from './dockerfile.ts';
import { file } from './file.ts';
import { k8sCan, k8sCondition, k8sEndpoints, k8sEvent, k8sObject, k8sReady, k8sRollout } from './kubernetes.ts';
import { k8sExec, k8sLogs, k8sRequest } from './kubernetes-behaviour.ts';
import { withLabNamespace } from './lab-namespace-name.ts';
import { k8sNodePort } from './node-port.ts';
import { clusterRunsContainers, needsRealNodes } from './running-containers.ts';
import { sandboxExec, sandboxFile } from './sandbox.ts';
import { semanticOperatorOf, semanticOperators } from '../semantics/assertions.ts';

/**
 * How live results (`labs check --watch`, the lab page) notice that a check's
 * answer may have changed: `watch`, the Kubernetes watches on the objects it
 * reads; `events`, the Docker engine's event stream; `poll`, nothing announces
 * a change (files, the sandbox, an HTTP answer, RBAC decisions), so it is
 * re-evaluated every few seconds; `answer`, only a new typed answer changes it;
 * `declared`, the environments a custom check declares in `needs`.
 */
export type LiveMode = 'watch' | 'events' | 'poll' | 'answer' | 'declared';

interface CheckDefinition<T extends CheckType> {
  /** The environment the check reads; none for checks on workspace files or answers. */
  needs: EnvironmentName | null;
  live: LiveMode;
  /** Runs in a worker thread with a time limit (check-isolation.ts): it parses and pattern-matches learner text and needs no engine. */
  isolated?: true;
  /** Reads what containers do (logs, exec, traffic): needs kubelets that run containers; elsewhere the check is `unsupported`. */
  runningContainers?: true;
  evaluate(check: CheckOf<T>, ctx: CheckContext): Promise<Outcome>;
  /** Reads the objects beside its subject that semantic assertions need (`reachesPort` on a Service: the Pods it selects; `routes`: Services). */
  relatedObjects?: true;
}

/** Every check type and its evaluator: the one table the engine dispatches on. */
export const checkDefinitions: { [T in CheckType]: CheckDefinition<T> } = {
  'k8s.object': { needs: 'kubernetes', live: 'watch', evaluate: k8sObject, relatedObjects: true },
  'k8s.condition': { needs: 'kubernetes', live: 'watch', evaluate: k8sCondition },
  'k8s.ready': { needs: 'kubernetes', live: 'watch', evaluate: k8sReady },
  'k8s.endpoints': { needs: 'kubernetes', live: 'watch', evaluate: k8sEndpoints },
  'k8s.rollout': { needs: 'kubernetes', live: 'watch', evaluate: k8sRollout },
  'k8s.can': { needs: 'kubernetes', live: 'poll', evaluate: k8sCan },
  'k8s.event': { needs: 'kubernetes', live: 'watch', evaluate: k8sEvent },
  'k8s.logs': { needs: 'kubernetes', live: 'poll', runningContainers: true, evaluate: k8sLogs },
  'k8s.exec': { needs: 'kubernetes', live: 'poll', runningContainers: true, evaluate: k8sExec },
  'k8s.request': { needs: 'kubernetes', live: 'poll', runningContainers: true, evaluate: k8sRequest },
  'k8s.node-port': { needs: 'kubernetes', live: 'poll', runningContainers: true, evaluate: k8sNodePort },
  'docker.image': { needs: 'docker', live: 'events', evaluate: dockerImage },
  'docker.container': { needs: 'docker', live: 'events', evaluate: dockerContainer },
  'docker.container-absent': { needs: 'docker', live: 'events', evaluate: dockerContainerAbsent },
  'docker.exec': { needs: 'docker', live: 'events', evaluate: dockerExec },
  'docker.resource': { needs: 'docker', live: 'events', evaluate: dockerResource },
  http: { needs: null, live: 'poll', evaluate: http },
  dockerfile: { needs: null, live: 'poll', isolated: true, evaluate: dockerfile },
  file: { needs: null, live: 'poll', isolated: true, evaluate: file },
  compose: { needs: null, live: 'poll', isolated: true, evaluate: compose },
  'compose.live': { needs: 'docker', live: 'events', evaluate: composeLive },
  'sandbox.exec': { needs: 'sandbox', live: 'poll', evaluate: sandboxExec },
  'sandbox.file': { needs: 'sandbox', live: 'poll', evaluate: sandboxFile },
  answer: { needs: null, live: 'answer', isolated: true, evaluate: answer },
  custom: { needs: null, live: 'declared', evaluate: custom },
};

export async function evaluateCheck(given: Check, ctx: CheckContext): Promise<Outcome> {
  const check = withLabNamespace(given, ctx.namespace);
  const def = checkDefinitions[check.type] as CheckDefinition<typeof check.type>;
  const unsupported = unsupportedAssertion(check);
  if (unsupported) throw new Error(unsupported);
  if (needsRunningContainers(check) && !(await clusterRunsContainers(ctx))) return needsRealNodes(check);
  return def.evaluate(check as never, ctx);
}

/** A semantic assertion that needs objects this check type does not read (an author's mistake), or null. */
export function unsupportedAssertion(check: Check): string | null {
  if (checkDefinitions[check.type].relatedObjects) return null;
  const expect = 'expect' in check && Array.isArray(check.expect) ? (check.expect as object[]) : [];
  for (const a of expect) {
    const op = semanticOperatorOf(a);
    if (op && semanticOperators[op].needs.length) return `${check.type} cannot evaluate "${op}": it reads ${semanticOperators[op].needs.join(' and ')} beside the object, which only k8s.object checks fetch`;
  }
  return null;
}

/** How live results notice a change to this check's answer (a custom check: by the environments it declares). */
export function liveMode(check: Check): Exclude<LiveMode, 'declared'> {
  const live = checkDefinitions[check.type].live;
  if (live !== 'declared') return live;
  const needs = check.type === 'custom' ? check.needs : [];
  // The sandbox announces nothing; a check on files alone neither.
  return needs.includes('sandbox') || needs.length === 0 ? 'poll' : needs.includes('kubernetes') ? 'watch' : 'events';
}

/** Whether a check needs kubelets that run containers: by its type, or declared on it (`needs: [running-containers]`). */
export const needsRunningContainers = (check: Pick<Check, 'type'>): boolean =>
  checkDefinitions[check.type].runningContainers === true || ((check as { needs?: unknown }).needs as string[] | undefined)?.includes('running-containers') === true;

/** The checks that run in the worker thread with a time limit. */
export const isIsolated = (check: Check): boolean => checkDefinitions[check.type].isolated === true;

/** The environments a set of checks reads (custom checks declare theirs). */
export function environmentsNeeded(checks: Check[]): Set<EnvironmentName> {
  const needed = new Set<EnvironmentName>();
  for (const c of checks) {
    const n = checkDefinitions[c.type].needs;
    if (n) needed.add(n);
    if (c.type === 'custom') c.needs.forEach((x) => needed.add(x));
  }
  return needed;
}
