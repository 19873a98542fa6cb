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
import { needsRunningContainers } from './check-facts.ts';
import { clusterRunsContainers, needsRealNodes } from './running-containers.ts';
import { sandboxExec, sandboxFile } from './sandbox.ts';
import { semanticOperatorOf, semanticOperators } from '../semantics/assertions.ts';

interface CheckDefinition<T extends CheckType> {
  /** The environment the check reads; none for checks on workspace files or answers. */
  needs: EnvironmentName | null;
  evaluate(check: CheckOf<T>, ctx: CheckContext): Promise<Outcome>;
  /** Reads the objects beside its subject that semantic assertions need (`reachesPort` on a Service: the Pods it selects; `routes`: Services). */
  relatedObjects?: true;
}

/** Every check type and its evaluator: the one table the engine dispatches on. */
export const checkDefinitions: { [T in CheckType]: CheckDefinition<T> } = {
  'k8s.object': { needs: 'kubernetes', evaluate: k8sObject, relatedObjects: true },
  'k8s.condition': { needs: 'kubernetes', evaluate: k8sCondition },
  'k8s.ready': { needs: 'kubernetes', evaluate: k8sReady },
  'k8s.endpoints': { needs: 'kubernetes', evaluate: k8sEndpoints },
  'k8s.rollout': { needs: 'kubernetes', evaluate: k8sRollout },
  'k8s.can': { needs: 'kubernetes', evaluate: k8sCan },
  'k8s.event': { needs: 'kubernetes', evaluate: k8sEvent },
  'k8s.logs': { needs: 'kubernetes', evaluate: k8sLogs },
  'k8s.exec': { needs: 'kubernetes', evaluate: k8sExec },
  'k8s.request': { needs: 'kubernetes', evaluate: k8sRequest },
  'docker.image': { needs: 'docker', evaluate: dockerImage },
  'docker.container': { needs: 'docker', evaluate: dockerContainer },
  'docker.container-absent': { needs: 'docker', evaluate: dockerContainerAbsent },
  'docker.exec': { needs: 'docker', evaluate: dockerExec },
  'docker.resource': { needs: 'docker', evaluate: dockerResource },
  http: { needs: null, evaluate: http },
  dockerfile: { needs: null, evaluate: dockerfile },
  file: { needs: null, evaluate: file },
  compose: { needs: null, evaluate: compose },
  'compose.live': { needs: 'docker', evaluate: composeLive },
  'sandbox.exec': { needs: 'sandbox', evaluate: sandboxExec },
  'sandbox.file': { needs: 'sandbox', evaluate: sandboxFile },
  answer: { needs: null, evaluate: answer },
  custom: { needs: null, evaluate: custom },
};

export async function evaluateCheck(check: Check, ctx: CheckContext): Promise<Outcome> {
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
