import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { matchesSelector } from '../engine/labels.ts';
import { pattern } from '../engine/pattern.ts';
import { KubeHttpError } from '../environments/kube-api.ts';
import { execInPod } from '../environments/kube-exec.ts';
import { checkOutput } from './output.ts';
import { imageMatches } from '../semantics/image-reference.ts';

/**
 * Checks that read what containers really do: logs, commands run in them,
 * requests sent from them. They need kubelets that run containers (kind);
 * the registry reports them as `unsupported` where kubelets are simulated.
 */

interface PodRef {
  pod?: string;
  selector?: string;
  container?: string;
  image?: string;
  namespace?: string;
}

const describeRef = (ref: PodRef) => (ref.pod ? `Pod ${ref.pod}` : `a Pod labelled ${ref.selector}`);

/** The Pods a reference names, by name or selector, oldest first. */
export function podsFor(pods: any[], ref: PodRef): any[] {
  const found = ref.pod ? pods.filter((p) => p.metadata?.name === ref.pod) : pods.filter((p) => matchesSelector(p.metadata?.labels, ref.selector!));
  return found.sort((a, b) => String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
}

/** The container a reference names, or the one running its image (default: the Pod's first), or why there is none to use. */
export function containerOf(pod: any, ref: PodRef): { name: string; status?: any } | { problem: string } {
  const containers: any[] = pod.spec?.containers ?? [];
  if (ref.image && !ref.container) {
    const running = containers.find((c) => typeof c.image === 'string' && imageMatches(c.image, ref.image!));
    if (!running) return { problem: `Pod ${pod.metadata?.name} runs no container with image ${ref.image} (${containers.map((c) => `${c.name} runs ${c.image}`).join(', ')})` };
    return { name: running.name, status: pod.status?.containerStatuses?.find((s: any) => s.name === running.name) };
  }
  const name = ref.container ?? containers[0]?.name;
  if (!pod.spec?.containers?.some((c: any) => c.name === name)) {
    return { problem: `Pod ${pod.metadata?.name} has no container "${name}" (it has ${(pod.spec?.containers ?? []).map((c: any) => c.name).join(', ')})` };
  }
  return { name, status: pod.status?.containerStatuses?.find((s: any) => s.name === name) };
}

/** Why a container cannot run a command now (`kubectl exec` would refuse), or undefined when it is running. */
export function notRunning(pod: any, container: string, status: any): string | undefined {
  if (status?.state?.running) return undefined;
  const waiting = status?.state?.waiting?.reason;
  const terminated = status?.state?.terminated?.reason;
  const state = waiting ? `waiting: ${waiting}` : terminated ? `terminated: ${terminated}` : `Pod phase ${pod.status?.phase ?? 'unknown'}`;
  return `container ${container} of Pod ${pod.metadata?.name} is not running (${state})`;
}

/** The HTTP status in what busybox `wget -S` printed on stderr (the last response, after redirects), or undefined. */
export function httpStatusOf(stderr: string): number | undefined {
  const all = [...stderr.matchAll(/HTTP\/\d(?:\.\d)? (\d{3})/g)];
  return all.length ? Number(all[all.length - 1][1]) : undefined;
}

/** Why a request got no HTTP answer, from what wget printed (its first "wget:" line), for the learner. */
export function requestProblem(stderr: string, exitCode: number): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l.startsWith('wget:') || l.startsWith('timeout:') || /not found/.test(l));
  if (exitCode === 143 || exitCode === 124) return 'no answer within 5 s';
  return line ? line.replace(/^wget: /, '') : stderr.trim().slice(-160) || `exit code ${exitCode}`;
}

export async function k8sLogs(check: CheckOf<'k8s.logs'>, ctx: CheckContext): Promise<Outcome> {
  const ns = check.namespace ?? ctx.namespace;
  const pods = podsFor(await ctx.kube().list('Pod', { namespace: ns }), check);
  if (!pods.length) return fail(`${describeRef(check)} not found in namespace ${ns}`, { expected: 'it exists', actual: 'not found', retry: true });
  const expected = check.contains !== undefined ? `to contain ${JSON.stringify(check.contains)}` : `a line matching /${check.matches}/`;
  let last = '';
  for (const pod of pods) {
    const c = containerOf(pod, check);
    if ('problem' in c) return fail(c.problem);
    const query = `container=${encodeURIComponent(c.name)}${check.previous ? '&previous=true' : ''}&tailLines=2000`;
    let log: string;
    try {
      log = await ctx.kube().api.getText(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(pod.metadata.name)}/log?${query}`);
    } catch (err) {
      if (err instanceof KubeHttpError && err.status === 404) {
        // Listed a moment ago, gone now (a rollout replaced it): read the next one, or try again.
        last ||= `Pod ${pod.metadata.name} was deleted while its log was read`;
        continue;
      }
      if (!(err instanceof KubeHttpError) || err.status !== 400) throw err;
      // 400: the container has not started yet, or (previous) has never been restarted.
      last = check.previous
        ? `container ${c.name} of Pod ${pod.metadata.name} has not restarted (restartCount ${c.status?.restartCount ?? 0}), so it has no previous log`
        : `container ${c.name} of Pod ${pod.metadata.name} has no log yet: ${err.message}`;
      continue;
    }
    const ok = check.contains !== undefined ? log.includes(check.contains) : pattern(check.matches!, 'm').test(log);
    if (ok) return pass(`${check.previous ? 'the previous log' : 'the log'} of container ${c.name} in Pod ${pod.metadata.name} ${check.contains !== undefined ? `contains ${JSON.stringify(check.contains)}` : `matches /${check.matches}/`}`);
    const tail = log.trim().split('\n').slice(-3).join(' | ').slice(-200);
    last = `${check.previous ? 'the previous log' : 'the log'} of container ${c.name} in Pod ${pod.metadata.name} ${tail ? `ends ${JSON.stringify(tail)}` : 'is empty'}, expected ${expected}`;
  }
  return fail(last, { expected, retry: true });
}

/** The Pod and container to run a command in: the first running one the reference names. */
async function runningContainer(ref: PodRef, ctx: CheckContext): Promise<{ pod: any; container: string; ns: string } | Outcome> {
  const ns = ref.namespace ?? ctx.namespace;
  const pods = podsFor(await ctx.kube().list('Pod', { namespace: ns }), ref);
  if (!pods.length) return fail(`${describeRef(ref)} not found in namespace ${ns}`, { expected: 'it exists', actual: 'not found', retry: true });
  let problem = '';
  for (const pod of pods) {
    const c = containerOf(pod, ref);
    if ('problem' in c) return fail(c.problem);
    const why = pod.metadata?.deletionTimestamp ? `Pod ${pod.metadata.name} is being deleted` : notRunning(pod, c.name, c.status);
    if (!why) return { pod, container: c.name, ns };
    problem ||= why;
  }
  return fail(problem, { expected: 'running', retry: true });
}

export async function k8sExec(check: CheckOf<'k8s.exec'>, ctx: CheckContext): Promise<Outcome> {
  const target = await runningContainer(check, ctx);
  if ('status' in target) return target;
  const out = await execInPod(ctx.kube().api.target, { namespace: target.ns, name: target.pod.metadata.name, container: target.container }, check.command);
  return checkOutput(`\`${check.command.join(' ')}\` in Pod ${target.pod.metadata.name} (container ${target.container})`, out, check.expect);
}

/** The request a `k8s.request` check sends: busybox's `wget` command (-S prints the response headers on stderr) and how messages name it. */
export function requestOf({ url, headers: given }: Pick<CheckOf<'k8s.request'>, 'url' | 'headers'>): { command: string[]; shown: string } {
  const headers = Object.entries(given ?? {}).map(([name, value]) => `${name}: ${value}`);
  // Its -T option crashes the busybox here, so `timeout` bounds it.
  const command = ['timeout', '5', 'wget', '-q', '-S', ...headers.flatMap((h) => ['--header', h]), '-O', '-', url];
  return { command, shown: `GET ${url}${headers.length ? ` (${headers.join(', ')})` : ''}` };
}

export async function k8sRequest(check: CheckOf<'k8s.request'>, ctx: CheckContext): Promise<Outcome> {
  const from = await runningContainer(check.from, ctx);
  if ('status' in from) return from;
  const client = `Pod ${from.pod.metadata.name}`;
  const sent = requestOf(check);
  const out = await execInPod(ctx.kube().api.target, { namespace: from.ns, name: from.pod.metadata.name, container: from.container }, sent.command, 10_000);
  if (/executable file not found/.test(out.stderr)) {
    return { status: 'error', message: `${client} has no \`timeout\` and \`wget\` to send the request with`, fix: 'send requests from a busybox container' };
  }
  const status = httpStatusOf(out.stderr);
  const request = `${sent.shown} from ${client}`;
  if (status === undefined) return fail(`${request} got no HTTP answer: ${requestProblem(out.stderr, out.exitCode)}`, { expected: `HTTP ${check.status}`, actual: 'no answer', retry: true });
  if (status !== check.status) return fail(`${request} answered HTTP ${status}, expected ${check.status}`, { expected: `HTTP ${check.status}`, actual: `HTTP ${status}`, retry: true });
  const body = out.stdout;
  const tail = JSON.stringify(body.trim().slice(0, 160));
  const contains = check.bodyContains;
  const matches = check.bodyMatches;
  if (contains !== undefined && !body.includes(contains)) {
    return fail(`${request} answered ${tail}, expected it to contain ${JSON.stringify(contains)}`, { expected: contains, actual: body.slice(0, 200), retry: true });
  }
  if (matches !== undefined && !pattern(matches, 'm').test(body)) {
    return fail(`${request} answered ${tail}, expected a match for /${matches}/`, { expected: `/${matches}/`, actual: body.slice(0, 200), retry: true });
  }
  return pass(`${request} answered HTTP ${status}`);
}
