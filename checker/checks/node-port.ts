import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { clusterPortMappings, type ClusterPortMapping } from '../lib/host-ports.ts';

/**
 * A Service's node port, requested from this machine as a learner would with
 * curl: on each node's InternalIP (reachable from the host where the nodes are
 * containers on a local Docker network, as on Linux), and on 127.0.0.1 where
 * kind maps that node port to the host (the only way in on Docker Desktop).
 */

/** One address to send the request to, and what it is (for messages). */
export interface NodePortTarget {
  url: string;
  via: string;
}

/** What one request got: an HTTP answer, or why there was none. */
export type NodePortAnswer = { target: NodePortTarget; status: number; body: string } | { target: NodePortTarget; problem: string };

/** The addresses a node port is reached at from this machine: each node's InternalIP, then kind's host mapping of that port. */
export function nodePortTargets(nodes: any[], nodePort: number, path: string, mappings: readonly ClusterPortMapping[] = clusterPortMappings): NodePortTarget[] {
  const targets: NodePortTarget[] = [];
  for (const node of nodes) {
    const ip = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address as string | undefined;
    if (!ip) continue;
    const host = ip.includes(':') ? `[${ip}]` : ip;
    targets.push({ url: `http://${host}:${nodePort}${path}`, via: `node ${node.metadata?.name}` });
  }
  for (const m of mappings.filter((m) => m.containerPort === nodePort)) {
    targets.push({ url: `http://127.0.0.1:${m.hostPort}${path}`, via: `kind's host port ${m.hostPort}` });
  }
  return targets;
}

/** GET one URL with a time limit (a referenced timer: see the `http` check), never throwing. */
export async function getAnswer(target: NodePortTarget, timeoutMs = 3000): Promise<NodePortAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  try {
    const res = await fetch(target.url, { signal: controller.signal, redirect: 'manual' });
    return { target, status: res.status, body: await res.text() };
  } catch (err) {
    const cause = (err as any)?.cause;
    return { target, problem: cause?.code ?? cause?.message ?? (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

interface Expectation {
  status: number;
  bodyContains?: string;
}

/** Why an HTTP answer is not the expected one, or undefined when it is. */
function wrongAnswer(a: { status: number; body: string }, expect: Expectation): string | undefined {
  if (a.status !== expect.status) return `answered HTTP ${a.status}, expected ${expect.status}`;
  if (expect.bodyContains !== undefined && !a.body.includes(expect.bodyContains)) {
    return `answered ${JSON.stringify(a.body.trim().slice(0, 120))}, expected it to contain ${JSON.stringify(expect.bodyContains)}`;
  }
  return undefined;
}

/**
 * The verdict on what the addresses answered: a pass when one answered as
 * expected and none answered otherwise (an address that does not answer at all
 * may just be out of this machine's reach, as node addresses are on Docker Desktop).
 */
export function nodePortVerdict(service: string, nodePort: number, answers: NodePortAnswer[], expect: Expectation): Outcome {
  const label = (a: NodePortAnswer) => `GET ${a.target.url} (${a.target.via})`;
  const answered = answers.filter((a): a is Extract<NodePortAnswer, { status: number }> => 'status' in a);
  const wrong = answered.map((a) => ({ a, why: wrongAnswer(a, expect) })).filter((w) => w.why);
  if (wrong.length) {
    const { a, why } = wrong[0]!;
    return fail(`Service ${service}'s node port ${nodePort} from this machine: ${label(a)} ${why}`, { expected: `HTTP ${expect.status}`, actual: `HTTP ${a.status}`, retry: true });
  }
  if (answered.length) {
    const a = answered[0]!;
    const more = answered.length > 1 ? ` (and ${answered.length - 1} more address${answered.length > 2 ? 'es' : ''})` : '';
    return pass(`Service ${service}'s node port ${nodePort} from this machine: ${label(a)} answered HTTP ${a.status}${more}`);
  }
  const problems = answers.map((a) => `${a.target.url} (${a.target.via}): ${'problem' in a ? a.problem : ''}`).join('; ');
  return fail(
    `Service ${service}'s node port ${nodePort} does not answer from this machine: ${problems || 'no node has an InternalIP address'}` +
      ` (where nodes' addresses are out of reach, as on Docker Desktop, only node ports kind maps to the host answer: ${clusterPortMappings.filter((m) => m.containerPort >= 30000).map((m) => `${m.containerPort} on 127.0.0.1:${m.hostPort}`).join(', ') || 'none'})`,
    { expected: `HTTP ${expect.status}`, actual: 'no answer', retry: true },
  );
}

export async function k8sNodePort(check: CheckOf<'k8s.node-port'>, ctx: CheckContext): Promise<Outcome> {
  const view = ctx.kube();
  const ns = check.namespace ?? ctx.namespace;
  const svc = (await view.list('Service', { namespace: ns })).find((s) => s.metadata?.name === check.service);
  if (!svc) return fail(`Service "${check.service}" in namespace ${ns} not found`, { expected: 'it exists', actual: 'not found', retry: true });
  const ports: any[] = svc.spec?.ports ?? [];
  const entry = check.port === undefined ? ports[0] : ports.find((p) => p.port === check.port);
  if (!entry) return fail(`Service ${check.service} has no port ${check.port ?? ''}`.trimEnd(), { expected: `port ${check.port ?? 'any'}`, actual: ports.map((p) => p.port).join(', ') || 'none' });
  if (!entry.nodePort) {
    return fail(`Service ${check.service} is of type ${svc.spec?.type ?? 'ClusterIP'}: it opens no port on the nodes`, { expected: 'a node port', actual: 'none' });
  }
  const answers = await Promise.all(nodePortTargets(await view.list('Node'), entry.nodePort, check.path).map((t) => getAnswer(t)));
  return nodePortVerdict(check.service, entry.nodePort, answers, check);
}
