import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { labSchema } from '../schemas/lab.ts';
import type { LabResult } from '../schemas/result.ts';
import { ContextError } from '../lib/errors.ts';
import type { Environment } from '../environments/environment.ts';
import type { KubeApi, WatchEvent } from '../environments/kube-api.ts';
import { builtinResource } from '../environments/kube-resources.ts';
import { createChecker, type CheckOptions, type LoadedLab } from './engine.ts';
import { EnvironmentUnavailable } from './outcome.ts';

const NS = 'fixtures-capture';
const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;
/** The Deployment "web" as the API server returned it (checker/checks/fixtures), 3 replicas of nginx:1.27. */
const capturedWeb = () =>
  JSON.parse(readFileSync(new URL('../checks/fixtures/deployments.json', import.meta.url), 'utf8')).find((d: any) => d.metadata.name === 'web');
const PODS = `/api/v1/namespaces/${NS}/pods`;
/** Its three Pods, Ready since the capture (k8s.ready counts a workload's Pods that have stayed Ready). */
const capturedWebPods = () =>
  JSON.parse(readFileSync(new URL('../checks/fixtures/pods.json', import.meta.url), 'utf8')).filter((p: any) => p.metadata.labels?.app === 'web');

/**
 * A fake API server: `lists` by collection path (other paths are empty lists),
 * `onGet` may change them as reads happen, so waiting is driven by reads, not by time.
 */
interface Fake {
  lists: Record<string, any[]>;
  gets: string[];
  onGet?: (path: string, count: number) => void;
  failGet?: Error;
  watchers: { path: string; onEvent: (e: WatchEvent) => void; stopped: boolean }[];
}

function fakeApi(fake: Fake): KubeApi {
  return {
    target: { context: 'kwok-kubecamp' } as any,
    server: 'https://127.0.0.1:6443/',
    requests: 0,
    getText: async () => '',
    async get(path: string) {
      fake.gets.push(path);
      fake.onGet?.(path, fake.gets.filter((p) => p === path).length);
      if (fake.failGet) throw fake.failGet;
      return { metadata: { resourceVersion: '1' }, items: structuredClone(fake.lists[path] ?? []) } as any;
    },
    async send() {
      throw new Error('not used');
    },
    watch(path, _rv, onEvent) {
      const w = { path, onEvent, stopped: false };
      fake.watchers.push(w);
      return () => void (w.stopped = true);
    },
    async resolve(kind: string, apiVersion?: string) {
      const r = builtinResource(kind, apiVersion);
      if (!r) throw new ContextError(`unknown kind "${kind}"`);
      return r;
    },
    close() {},
  };
}

interface FakeEnvironment extends Environment {
  kubeCalls: number;
}

function environment(kube: () => Promise<KubeApi>): FakeEnvironment {
  const env: FakeEnvironment = {
    kubeCalls: 0,
    kubeApi() {
      env.kubeCalls++;
      return kube();
    },
    docker: () => Promise.reject(new EnvironmentUnavailable('no Docker engine answers', { fix: 'start Docker (`npm run docker:up`)' })),
    sandbox: () => Promise.reject(new EnvironmentUnavailable('the Linux sandbox is not running', { fix: 'start it with `npm run sandbox:up`' })),
    close() {},
  };
  return env;
}

const replicas = (n: number) => ({ type: 'k8s.object', kind: 'Deployment', name: 'web', expect: [{ path: 'spec.replicas', equals: n }] });

/** A small lab: answer tasks need no environment, the others read the (fake) cluster. */
const loaded: LoadedLab = {
  dir: '/nonexistent/labs/demo',
  lab: labSchema.parse({
    id: 'demo',
    title: 'Demo',
    lesson: 'kubernetes/demo',
    environments: ['kubernetes'],
    minutes: 5,
    solution: [{ run: 'true' }],
    tasks: [
      { id: 'quiz', title: 'Answer', hints: ['Think of the control plane.'], checks: [{ type: 'answer', pattern: '^etcd$' }] },
      {
        id: 'deploy',
        title: 'Deploy web',
        hints: ['First hint', 'Second hint', 'Last hint'],
        checks: [
          { type: 'k8s.object', kind: 'Deployment', name: 'web' },
          replicas(5),
          { type: 'k8s.object', kind: 'Service', name: 'web' },
        ],
      },
      { id: 'ready', title: 'Web is ready', checks: [{ type: 'k8s.ready', kind: 'Deployment', name: 'web', within: '300ms' }] },
      { id: 'scale', title: 'Scale to 4', checks: [{ ...replicas(4), within: '30s' }] },
      { id: 'broken', title: 'Author mistake', hints: ['never shown'], checks: [{ type: 'k8s.object', kind: 'Deployment', name: 'web', expect: [{ path: 'spec[replicas', equals: 1 }] }] },
    ],
  }),
};

let fake: Fake;
let env: FakeEnvironment;
const options = (extra: Partial<CheckOptions> = {}): CheckOptions => ({ namespace: NS, workspace: tmpdir(), ...extra });
const task = (r: LabResult, id: string) => {
  const t = r.tasks.find((x) => x.id === id);
  if (!t) throw new Error(`no task ${id} in the result`);
  return t;
};

beforeEach(() => {
  fake = { lists: { [DEPLOYMENTS]: [capturedWeb()], [PODS]: capturedWebPods() }, gets: [], watchers: [] };
  env = environment(async () => fakeApi(fake));
});

describe('check: tasks that need real nodes', () => {
  const kwokNode = { metadata: { name: 'node-0', annotations: { 'kwok.x-k8s.io/node': 'fake' } } };
  const behaviour: LoadedLab = {
    dir: loaded.dir,
    lab: labSchema.parse({
      ...loaded.lab,
      needs: ['running-containers'],
      tasks: [
        { id: 'logs', title: 'Logs', checks: [{ type: 'k8s.object', kind: 'Deployment', name: 'web' }, { type: 'k8s.logs', selector: 'app=web', contains: 'ready' }] },
        { id: 'wrong-too', title: 'Logs and a wrong object', checks: [{ type: 'k8s.logs', selector: 'app=web', contains: 'ready' }, replicas(5)] },
      ],
    }),
  };

  it('are unsupported on simulated kubelets: the other checks still judge, and a fail among them is a fail', async () => {
    fake.lists['/api/v1/nodes'] = [kwokNode];
    const r = await createChecker({ environment: env }).check(behaviour, options());
    expect(task(r, 'logs')).toMatchObject({
      status: 'unsupported',
      message: "needs real nodes (kind): it reads what a container printed (kubectl logs), and this cluster's kubelets are simulated (Pods show Running but no container runs)",
    });
    expect(task(r, 'wrong-too').status).toBe('fail');
    expect(r.status).toBe('fail');
    const onlyLogs = await createChecker({ environment: env }).check(behaviour, options({ taskIds: ['logs'] }));
    expect(onlyLogs.status).toBe('unsupported');
    expect(onlyLogs.passed).toBe(0);
  });
});

describe('check: aggregation', () => {
  it('reports each task and counts the passes; any fail makes the lab fail', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz', 'ready'], answers: { quiz: ' etcd ' } }));
    expect(r.lab).toBe('demo');
    expect(r.status).toBe('pass');
    expect(r.passed).toBe(2);
    expect(r.total).toBe(2);
    expect(r.tasks.map((t) => [t.id, t.title, t.status, t.message])).toEqual([
      ['quiz', 'Answer', 'pass', 'answer "etcd" is right'],
      ['ready', 'Web is ready', 'pass', 'Deployment web: 3/3 replicas ready'],
    ]);
    expect(Number.isNaN(Date.parse(r.checkedAt))).toBe(false);
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
    for (const t of r.tasks) expect(t.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('fails the lab when one task fails', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz', 'deploy'], answers: { quiz: 'etcd' } }));
    expect(r.status).toBe('fail');
    expect(r.passed).toBe(1);
    expect(r.total).toBe(2);
  });

  it('makes the lab an error when a task errs, even next to a fail', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy', 'broken'] }));
    expect(task(r, 'deploy').status).toBe('fail');
    expect(task(r, 'broken')).toMatchObject({ status: 'error', message: 'unclosed [ in path "spec[replicas"' });
    expect(task(r, 'broken').hint).toBeUndefined();
    expect(r.status).toBe('error');
    expect(r.passed).toBe(0);
  });

  it('joins the messages of passing checks', async () => {
    fake.lists[DEPLOYMENTS][0].spec.replicas = 5;
    fake.lists[SERVICES] = [{ metadata: { name: 'web', namespace: NS }, spec: { selector: { app: 'web' } } }];
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy'] }));
    expect(task(r, 'deploy')).toEqual({
      id: 'deploy',
      title: 'Deploy web',
      status: 'pass',
      message: 'Deployment web exists; Deployment web: 1 field(s) as expected; Service web exists',
      durationMs: expect.any(Number),
    });
  });

  it('stops at the first failing check and reports its message, expected and actual', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy'] }));
    expect(task(r, 'deploy')).toEqual({
      id: 'deploy',
      title: 'Deploy web',
      status: 'fail',
      message: 'Deployment web: spec.replicas is 3, expected 5',
      expected: '5',
      actual: '3',
      hint: 'First hint',
      durationMs: expect.any(Number),
    });
    // The third check (the Service) was never evaluated.
    expect(fake.gets).not.toContain(SERVICES);
  });

  it('reads each list once for all tasks of a run', async () => {
    await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy', 'ready'] }));
    expect(fake.gets.filter((p) => p === DEPLOYMENTS)).toHaveLength(1);
  });
});

describe('check: hints', () => {
  const hintAfter = async (attempts: number | undefined) => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy'], attempts: attempts === undefined ? undefined : { deploy: attempts } }));
    return task(r, 'deploy').hint;
  };

  it('shows the hint for the attempt count, the last one from then on', async () => {
    expect(await hintAfter(undefined)).toBe('First hint');
    expect(await hintAfter(0)).toBe('First hint');
    expect(await hintAfter(1)).toBe('Second hint');
    expect(await hintAfter(2)).toBe('Last hint');
    expect(await hintAfter(7)).toBe('Last hint');
  });

  it('shows no hint on a pass, or for a task without hints', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz', 'scale'], answers: { quiz: 'etcd' }, attempts: { quiz: 1 }, noWait: true }));
    expect(task(r, 'quiz').hint).toBeUndefined();
    expect(task(r, 'scale').status).toBe('fail');
    expect(task(r, 'scale').hint).toBeUndefined();
  });
});

describe('check: environments', () => {
  it('reports an unavailable cluster as an error with the fix, never as a fail', async () => {
    env = environment(() => Promise.reject(new EnvironmentUnavailable('no lab cluster is running', { fix: 'start one with `npm run cluster:up`' })));
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy', 'ready', 'scale'] }));
    expect(r.status).toBe('error');
    for (const t of r.tasks) {
      expect(t).toEqual({
        id: t.id,
        title: t.title,
        status: 'error',
        message: 'no lab cluster is running',
        fix: 'start one with `npm run cluster:up`',
        durationMs: expect.any(Number),
      });
    }
    expect(env.kubeCalls).toBe(1);
  });

  it('wraps any other connection failure as the cluster being unavailable, keeping a known fix', async () => {
    env = environment(() => Promise.reject(new ContextError('context "kwok-kubecamp" has no cluster', { fix: 'run `npm run cluster:up` again' })));
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy'] }));
    expect(task(r, 'deploy')).toMatchObject({
      status: 'error',
      message: 'the lab cluster is not available: context "kwok-kubecamp" has no cluster',
      fix: 'run `npm run cluster:up` again',
    });
  });

  it('still checks tasks that need no environment when the cluster is down', async () => {
    env = environment(() => Promise.reject(new EnvironmentUnavailable('no lab cluster is running')));
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz', 'deploy'], answers: { quiz: 'etcd' } }));
    expect(task(r, 'quiz').status).toBe('pass');
    expect(task(r, 'deploy').status).toBe('error');
    expect(r.status).toBe('error');
  });

  it('connects only the environments the selected tasks need', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz'] }));
    expect(task(r, 'quiz')).toMatchObject({ status: 'fail', message: 'no answer given yet', hint: 'Think of the control plane.' });
    expect(env.kubeCalls).toBe(0);
  });

  it('reports the API server going away mid-check as an error with its fix, without waiting', async () => {
    fake.failGet = new ContextError('cannot reach the API server at 127.0.0.1:6443', {
      cause: new Error('connect ECONNREFUSED 127.0.0.1:6443'),
      fix: 'start the lab cluster with `npm run cluster:up` (status: `npm run cluster:status`)',
    });
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['scale'] }));
    expect(task(r, 'scale')).toMatchObject({
      status: 'error',
      message: 'cannot reach the API server at 127.0.0.1:6443: connect ECONNREFUSED 127.0.0.1:6443',
      fix: 'start the lab cluster with `npm run cluster:up` (status: `npm run cluster:status`)',
    });
    expect(fake.gets).toHaveLength(1);
  });
});

describe('check: waiting', () => {
  it('re-evaluates a check with `within` until the cluster state changes', async () => {
    // The learner's `kubectl scale` lands between the first and the second read.
    fake.onGet = (path, count) => {
      if (path === DEPLOYMENTS && count === 2) fake.lists[DEPLOYMENTS][0].spec.replicas = 4;
    };
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['scale'] }));
    expect(task(r, 'scale')).toMatchObject({ status: 'pass', message: 'Deployment web: 1 field(s) as expected' });
    expect(fake.gets.filter((p) => p === DEPLOYMENTS)).toHaveLength(2);
  });

  it('waits past `within` for a Pod that is about to have stayed Ready long enough', async () => {
    fake.lists[PODS][0].status.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime = new Date(Date.now() - 4600).toISOString();
    const started = Date.now();
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['ready'] }));
    expect(task(r, 'ready')).toMatchObject({ status: 'pass', message: 'Deployment web: 3/3 replicas ready' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('fails once `within` has passed, without the retry flag', async () => {
    const web = fake.lists[DEPLOYMENTS][0];
    web.status = { ...web.status, readyReplicas: 1 };
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['ready'] }));
    expect(task(r, 'ready')).toEqual({
      id: 'ready',
      title: 'Web is ready',
      status: 'fail',
      message: 'Deployment web: 1/3 replicas ready',
      expected: '3 ready',
      actual: '1 ready',
      durationMs: expect.any(Number),
    });
    expect(r.status).toBe('fail');
  });

  it('does not wait without `within`, nor when waiting cannot help', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['deploy'] }));
    expect(task(r, 'deploy').status).toBe('fail');
    expect(fake.gets.filter((p) => p === DEPLOYMENTS)).toHaveLength(1);
  });

  it('does not wait with noWait', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['scale'], noWait: true }));
    expect(task(r, 'scale')).toMatchObject({ status: 'fail', message: 'Deployment web: spec.replicas is 3, expected 4' });
    expect(fake.gets.filter((p) => p === DEPLOYMENTS)).toHaveLength(1);
  });

  it('turns a check still waiting at the run deadline into an error', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['scale'], deadlineMs: 300 }));
    expect(task(r, 'scale')).toEqual({
      id: 'scale',
      title: 'Scale to 4',
      status: 'error',
      message: "Deployment web: spec.replicas is 3, expected 4 (the check run's deadline passed while waiting)",
      expected: '4',
      actual: '3',
      durationMs: expect.any(Number),
    });
    expect(r.status).toBe('error');
  });
});

describe('check: task selection', () => {
  it('runs only the selected tasks, in the order given', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ taskIds: ['ready', 'quiz'], answers: { quiz: 'etcd' } }));
    expect(r.tasks.map((t) => t.id)).toEqual(['ready', 'quiz']);
    expect(r.total).toBe(2);
  });

  it('runs every task without a selection', async () => {
    const r = await createChecker({ environment: env }).check(loaded, options({ noWait: true }));
    expect(r.tasks.map((t) => t.id)).toEqual(['quiz', 'deploy', 'ready', 'scale', 'broken']);
  });

  it('rejects an unknown task id, listing the known ones', async () => {
    const run = createChecker({ environment: env }).check(loaded, options({ taskIds: ['quiz', 'nope'] }));
    await expect(run).rejects.toThrow(ContextError);
    await expect(run).rejects.toMatchObject({ message: 'lab demo has no task "nope"', fix: 'tasks are: quiz, deploy, ready, scale, broken' });
    expect(env.kubeCalls).toBe(0);
  });
});

describe('watch', () => {
  it('evaluates now and again when a watched object changes', async () => {
    const results: LabResult[] = [];
    let next: () => void = () => {};
    const arrived = () => new Promise<void>((resolve) => (next = resolve));
    let first = arrived();
    const stop = await createChecker({ environment: env }).watch(loaded, options({ taskIds: ['scale'] }), (r) => {
      results.push(r);
      next();
    });
    await first;
    expect(task(results[0], 'scale')).toMatchObject({ status: 'fail', message: 'Deployment web: spec.replicas is 3, expected 4' });
    const watcher = fake.watchers.find((w) => w.path === DEPLOYMENTS);
    expect(watcher).toBeDefined();

    first = arrived();
    const scaled = capturedWeb();
    scaled.spec.replicas = 4;
    watcher!.onEvent({ type: 'MODIFIED', object: scaled });
    await first;
    expect(task(results.at(-1)!, 'scale')).toMatchObject({ status: 'pass' });
    // Live mode reads from the watch, not with new LISTs.
    expect(fake.gets.filter((p) => p === DEPLOYMENTS)).toHaveLength(1);

    stop();
    expect(watcher!.stopped).toBe(true);
  });

  it('re-checks a Pod that has just become Ready when it has stayed Ready long enough, with nothing announcing it', async () => {
    // One web Pod Ready for 4.7 s of the 5 s it must stay Ready: nothing changes, only time passes.
    fake.lists[PODS][0].status.conditions.find((c: any) => c.type === 'Ready').lastTransitionTime = new Date(Date.now() - 4700).toISOString();
    const results: LabResult[] = [];
    let passed: () => void = () => {};
    const done = new Promise<void>((resolve) => (passed = resolve));
    const stop = await createChecker({ environment: env }).watch(loaded, options({ taskIds: ['ready'] }), (r) => {
      results.push(r);
      if (r.status === 'pass') passed();
    });
    await done;
    stop();
    expect(task(results[0], 'ready')).toMatchObject({ status: 'fail', message: expect.stringMatching(/^Deployment web: 2\/3 replicas have stayed ready: Pod web-\S+ has been Ready for 5 s only/) });
    expect(results.map((r) => r.status)).toEqual(['fail', 'pass']);
  });

  it('re-checks RBAC tasks every few seconds, since no watch sees a SubjectAccessReview change', async () => {
    vi.useFakeTimers();
    try {
      let allowed = false;
      const reviews: any[] = [];
      const api: KubeApi = {
        ...fakeApi(fake),
        async send(_method: string, path: string, body?: unknown) {
          reviews.push({ path, body });
          return { status: { allowed } } as any;
        },
      };
      const rbac: LoadedLab = {
        dir: loaded.dir,
        lab: labSchema.parse({
          ...loaded.lab,
          tasks: [{ id: 'grant', title: 'Grant', checks: [{ type: 'k8s.can', serviceAccount: 'deployer', verb: 'create', group: 'apps', resource: 'deployments' }] }],
        }),
      };
      const results: LabResult[] = [];
      const stop = await createChecker({ environment: environment(async () => api) }).watch(rbac, options(), (r) => results.push(r));
      expect(task(results.at(-1)!, 'grant')).toMatchObject({ status: 'fail' });
      expect(reviews[0].path).toBe('/apis/authorization.k8s.io/v1/subjectaccessreviews');

      allowed = true; // a RoleBinding appeared: nothing a watch would report
      await vi.advanceTimersByTimeAsync(2_100);
      expect(task(results.at(-1)!, 'grant')).toMatchObject({ status: 'pass' });
      stop();
      const asked = reviews.length;
      await vi.advanceTimersByTimeAsync(5_000);
      expect(reviews).toHaveLength(asked);
    } finally {
      vi.useRealTimers();
    }
  });
});
