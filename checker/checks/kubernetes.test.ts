import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Check, CheckOf, CheckType } from '../schemas/check.ts';
import { checkInputSchema } from '../schemas/check.ts';
import type { Lab } from '../schemas/lab.ts';
import type { Task } from '../schemas/task.ts';
import type { CheckContext } from '../engine/context.ts';
import type { Outcome } from '../engine/outcome.ts';
import { noopLogger } from '../lib/logger.ts';
import { ContextError } from '../lib/errors.ts';
import { KubeHttpError, type KubeApi } from '../environments/kube-api.ts';
import { builtinResource } from '../environments/kube-resources.ts';
import { snapshotView, type KubeView } from '../environments/kube-view.ts';
import { filesView } from '../environments/files-view.ts';
import { k8sCan, k8sCondition, k8sEndpoints, k8sEvent, k8sObject, k8sReady, k8sRollout } from './kubernetes.ts';
import { evaluateCheck } from './registry.ts';

/**
 * The fixtures are real LIST responses from a v1.36.1 API server, namespace
 * `fixtures-capture` (see fixtures/README.md). Where a state could not be
 * captured (mid-rollout, a selector-less Service) a test copies a captured
 * object and changes the named fields only.
 */
const NS = 'fixtures-capture';
const fixture = (name: string): any[] => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));

type State = Record<string, any[]>; // by plural resource name, objects in NS

function capturedState(): State {
  return {
    deployments: fixture('deployments'),
    replicasets: fixture('replicasets'),
    pods: fixture('pods'),
    services: fixture('services'),
    endpointslices: fixture('endpointslices'),
    events: fixture('events'),
    roles: fixture('roles'),
    rolebindings: fixture('rolebindings'),
    statefulsets: fixture('statefulsets'),
    serviceaccounts: fixture('serviceaccounts'),
  };
}

/** Decides a SubjectAccessReview from the captured Role and RoleBinding, answering like the captured responses. */
function reviewAccess(body: any, state: State): any {
  const [allowedAnswer, deniedAnswer] = fixture('subjectaccessreviews');
  const { user, resourceAttributes: ra } = body.spec;
  const allowed =
    ra.namespace === NS &&
    state.rolebindings.some(
      (b) =>
        b.subjects.some((s: any) => s.kind === 'ServiceAccount' && user === `system:serviceaccount:${s.namespace}:${s.name}`) &&
        state.roles
          .filter((r) => r.metadata.name === b.roleRef.name)
          .some((r) =>
            r.rules.some(
              (rule: any) =>
                rule.verbs.includes(ra.verb) &&
                rule.apiGroups.includes(ra.group ?? '') &&
                rule.resources.includes(ra.subresource ? `${ra.resource}/${ra.subresource}` : ra.resource),
            ),
          ),
    );
  return { apiVersion: body.apiVersion, kind: body.kind, metadata: {}, spec: body.spec, status: (allowed ? allowedAnswer : deniedAnswer).status };
}

interface FakeApi extends KubeApi {
  gets: string[];
  sent: { method: string; path: string; body: any }[];
}

/** Serves `state` for namespace NS at the paths the real API server uses; other namespaces are empty. */
function fakeApi(state: State, options: { send?: (body: any) => any } = {}): FakeApi {
  const api: FakeApi = {
    target: { context: 'kwok-kubecamp' } as any,
    server: 'https://127.0.0.1:6443/',
    requests: 0,
    gets: [],
    sent: [],
    getText: async () => '',
    async get(path: string) {
      api.requests++;
      api.gets.push(path);
      const m = /^\/apis?\/(?:[^/]+\/)?v[^/]+\/(?:namespaces\/([^/]+)\/)?([a-z]+)$/.exec(path);
      if (!m) throw new KubeHttpError(404, 'NotFound', `the server could not find the requested resource (get ${path})`);
      const [, ns, plural] = m;
      return { kind: 'List', metadata: { resourceVersion: '999' }, items: structuredClone(ns === NS ? (state[plural] ?? []) : !ns && plural === 'namespaces' ? (state.namespaces ?? []) : []) } as any;
    },
    async send(method: string, path: string, body?: unknown) {
      api.requests++;
      api.sent.push({ method, path, body });
      if (options.send) return options.send(body);
      if (path === '/apis/authorization.k8s.io/v1/subjectaccessreviews') return reviewAccess(body, state);
      throw new Error(`unexpected ${method} ${path}`);
    },
    watch() {
      throw new Error('no watches in snapshot mode');
    },
    async resolve(kind: string, apiVersion?: string) {
      const r = builtinResource(kind, apiVersion);
      if (!r) throw new ContextError(`unknown kind "${kind}"`, { fix: 'give its apiVersion in the check, e.g. `apiVersion: example.com/v1`' });
      return r;
    },
    close() {},
  };
  return api;
}

function context(view: KubeView, namespace = NS): CheckContext {
  const down = () => {
    throw new Error('not used by Kubernetes checks');
  };
  return {
    lab: { id: 'fixtures' } as Lab,
    labDir: '/nonexistent',
    task: { id: 't' } as Task,
    namespace,
    kube: () => view,
    docker: down,
    sandbox: down,
    files: filesView('/nonexistent'),
    logger: noopLogger,
  };
}

/** Checks as a lab author writes them, through the schema so defaults (within, status, minEndpoints…) apply. */
function parse<T extends CheckType>(type: T, fields: Record<string, unknown>): CheckOf<T> {
  return checkInputSchema.parse({ type, ...fields }) as Check as CheckOf<T>;
}

let state: State;
let api: FakeApi;
let ctx: CheckContext;
beforeEach(() => {
  state = capturedState();
  api = fakeApi(state);
  ctx = context(snapshotView(api));
});

const object = (fields: Record<string, unknown>) => k8sObject(parse('k8s.object', fields), ctx);
const condition = (fields: Record<string, unknown>) => k8sCondition(parse('k8s.condition', fields), ctx);
const ready = (fields: Record<string, unknown>) => k8sReady(parse('k8s.ready', fields), ctx);
const endpoints = (fields: Record<string, unknown>) => k8sEndpoints(parse('k8s.endpoints', fields), ctx);
const rollout = (fields: Record<string, unknown>) => k8sRollout(parse('k8s.rollout', fields), ctx);
const can = (fields: Record<string, unknown>) => k8sCan(parse('k8s.can', fields), ctx);
const event = (fields: Record<string, unknown>) => k8sEvent(parse('k8s.event', fields), ctx);
/** Through the engine's entry (registry.ts), which fills `<namespace>` before any check type runs. */
const evaluated = (type: CheckType, fields: Record<string, unknown>) => evaluateCheck(parse(type, fields), ctx);

const named = (list: any[], name: string) => {
  const found = list.find((o) => o.metadata.name === name);
  if (!found) throw new Error(`fixture has no ${name}`);
  return found;
};

/** A web Pod caught in the moment a crash-looping container is Ready: started 1 s ago, 3 restarts behind it. */
const crashLooping = (pod: any) => {
  const since = new Date(Date.now() - 1000).toISOString();
  for (const c of pod.status.conditions) if (c.type === 'Ready') c.lastTransitionTime = since;
  pod.status.containerStatuses[0] = {
    ...pod.status.containerStatuses[0],
    restartCount: 3,
    lastState: { terminated: { exitCode: 127, reason: 'Error' } },
    state: { running: { startedAt: since } },
  };
};

describe('fixtures', () => {
  it('are what the README says', () => {
    expect(state.deployments.map((d) => d.metadata.name)).toEqual(['stuck', 'web']);
    expect(named(state.deployments, 'web').metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(state.replicasets.map((r) => [r.metadata.name, r.metadata.annotations['deployment.kubernetes.io/revision']])).toEqual([
      ['stuck-59b8895c54', '1'],
      ['web-697578869', '2'],
      ['web-7d876db474', '3'],
    ]);
    expect(state.pods.every((p) => p.metadata.namespace === NS && !p.metadata.managedFields)).toBe(true);
    expect(state.pods.every((p) => p.kind === undefined)).toBe(true);
  });
});

describe('k8s.object', () => {
  it('passes on fields the server defaulted, which the learner never wrote', async () => {
    const outcome = await object({
      kind: 'Deployment',
      name: 'web',
      expect: [
        { path: 'spec.replicas', equals: 3 },
        { path: 'spec.strategy.type', equals: 'RollingUpdate' },
        { path: 'spec.strategy.rollingUpdate.maxSurge', equals: '25%' },
        { path: 'spec.strategy.rollingUpdate.maxUnavailable', equals: '25%' },
        { path: 'spec.revisionHistoryLimit', equals: 10 },
        { path: 'spec.progressDeadlineSeconds', equals: 600 },
        { path: 'spec.template.spec.containers[name=nginx].imagePullPolicy', equals: 'IfNotPresent' },
        { path: 'spec.template.spec.restartPolicy', equals: 'Always' },
        { path: 'spec.template.spec.terminationGracePeriodSeconds', equals: '30' },
        { path: 'spec.selector.matchLabels', equals: { app: 'web' } },
      ],
    });
    expect(outcome).toEqual({ status: 'pass', message: 'Deployment web: 10 field(s) as expected' });
  });

  it('fails on the default maxSurge "25%" when the lab asks for 1, without retrying', async () => {
    expect(await object({ kind: 'Deployment', name: 'web', expect: [{ path: 'spec.strategy.rollingUpdate.maxSurge', equals: 1 }] })).toEqual({
      status: 'fail',
      message: 'Deployment web: spec.strategy.rollingUpdate.maxSurge is "25%", expected 1',
      expected: '1',
      actual: '"25%"',
      retry: false,
    });
  });

  it('retries a failed expectation only when the check has `within`', async () => {
    const outcome = await object({ kind: 'Deployment', name: 'web', within: '5s', expect: [{ path: 'spec.replicas', equals: 4 }] });
    expect(outcome).toEqual({ status: 'fail', message: 'Deployment web: spec.replicas is 3, expected 4', expected: '4', actual: '3', retry: true });
  });

  it('reports the first failing expectation only', async () => {
    const outcome = await object({
      kind: 'Deployment',
      name: 'web',
      expect: [
        { path: 'spec.replicas', equals: 3 },
        { path: 'spec.template.spec.containers[0].image', matches: '^nginx:1\\.28', label: 'the container image' },
        { path: 'spec.replicas', equals: 5 },
      ],
    });
    expect(outcome.message).toBe('Deployment web: the container image is "nginx:1.27", expected to match /^nginx:1\\.28/');
  });

  it('compares resources the server normalised (cpu "0.5" is stored as "500m", 1 as "1")', async () => {
    const limited = named(state.pods, 'limited').spec.containers[0].resources;
    expect(limited).toEqual({ limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1Gi' } });
    const outcome = await object({
      kind: 'Pod',
      name: 'limited',
      expect: [
        { path: 'spec.containers[0].resources.requests.cpu', equals: 0.5 },
        { path: 'spec.containers[0].resources.requests.cpu', equals: '0.5' },
        { path: 'spec.containers[0].resources.requests.memory', equals: '1024Mi' },
        { path: 'spec.containers[0].resources.limits.cpu', equals: 1 },
        { path: 'spec.containers[0].resources.limits.memory', equals: '1.5Gi' },
        { path: 'spec.containers[0].resources.requests.cpu', gte: '250m', lte: 1 },
        { path: 'spec.containers[0].resources.requests', equals: { cpu: 0.5, memory: '1Gi' } },
        { path: 'status.qosClass', equals: 'Burstable' },
      ],
    });
    expect(outcome).toEqual({ status: 'pass', message: 'Pod limited: 8 field(s) as expected' });
  });

  it('fails on a quantity that differs, showing the server form', async () => {
    expect(await object({ kind: 'Pod', name: 'limited', expect: [{ path: 'spec.containers[0].resources.requests.cpu', equals: '250m' }] })).toEqual({
      status: 'fail',
      message: 'Pod limited: spec.containers[0].resources.requests.cpu is "500m", expected "250m"',
      expected: '"250m"',
      actual: '"500m"',
      retry: false,
    });
    expect((await object({ kind: 'Pod', name: 'limited', expect: [{ path: 'spec.containers[0].resources.limits.memory', lte: '1Gi' }] })).message).toBe(
      'Pod limited: spec.containers[0].resources.limits.memory is "1536Mi", expected ≤ 1Gi',
    );
  });

  it('selects by labels and counts', async () => {
    expect(await object({ kind: 'Pod', selector: 'app=web', count: 3 })).toEqual({
      status: 'pass',
      message: 'Pod web-7d876db474-c6gwh, web-7d876db474-jr9mt, web-7d876db474-v9kbz exists',
    });
    expect(await object({ kind: 'Pod', selector: 'app=web', count: 4 })).toEqual({
      status: 'fail',
      message: `expected 4 × Pod with labels app=web in namespace ${NS}, found 3`,
      expected: '4',
      actual: '3',
      retry: false,
    });
  });

  it('selects with set-based selectors and minCount', async () => {
    expect((await object({ kind: 'Pod', selector: 'app in (web,db)', minCount: 5 })).status).toBe('pass');
    expect(await object({ kind: 'Pod', selector: 'app in (web,db)', minCount: 6 })).toEqual({
      status: 'fail',
      message: `expected at least 6 × Pod with labels app in (web,db) in namespace ${NS}, found 5`,
      expected: '≥ 6',
      actual: '5',
      retry: false,
    });
    expect((await object({ kind: 'Pod', selector: 'app,!pod-template-hash', count: 3 })).message).toBe('Pod db-0, db-1, limited exists');
    expect((await object({ kind: 'Pod', selector: 'app=web,pod-template-hash!=7d876db474', count: 0 })).status).toBe('pass');
  });

  it('says what is absent when count 0 passes', async () => {
    expect(await object({ kind: 'Pod', selector: 'app=debug', count: 0 })).toEqual({
      status: 'pass',
      message: `Pod with labels app=debug in namespace ${NS}: none found, as expected`,
    });
    expect(await object({ kind: 'Pod', name: 'debug', count: 0 })).toEqual({
      status: 'pass',
      message: `Pod "debug" in namespace ${NS}: none found, as expected`,
    });
  });

  it('requires every selected object to satisfy every expectation', async () => {
    expect((await object({ kind: 'Pod', selector: 'app=web', expect: [{ path: 'status.phase', equals: 'Running' }] })).message).toBe(
      'Pod web-7d876db474-c6gwh, web-7d876db474-jr9mt, web-7d876db474-v9kbz: 1 field(s) as expected',
    );
    expect(await object({ kind: 'Pod', selector: 'app in (web,stuck)', expect: [{ path: 'status.phase', equals: 'Running' }] })).toEqual({
      status: 'fail',
      message: 'Pod stuck-59b8895c54-4rsqq: status.phase is "Pending", expected "Running"',
      expected: '"Running"',
      actual: '"Pending"',
      retry: false,
    });
  });

  it('fails when the object is missing, naming kind, name and namespace', async () => {
    expect(await object({ kind: 'Deployment', name: 'api' })).toEqual({
      status: 'fail',
      message: `Deployment "api" in namespace ${NS} not found`,
      expected: 'it exists',
      actual: 'not found',
      retry: false,
    });
    expect((await object({ kind: 'Deployment', name: 'web', namespace: 'default' })).message).toBe('Deployment "web" in namespace default not found');
    expect((await object({ kind: 'ConfigMap' })).message).toBe(`any ConfigMap in namespace ${NS} not found`);
    expect((await object({ kind: 'Deployment', name: 'api', within: '10s' })).retry).toBe(true);
  });

  it('looks cluster-scoped kinds up without a namespace', async () => {
    expect((await object({ kind: 'ClusterRole', name: 'pod-reader', namespace: NS })).message).toBe('ClusterRole "pod-reader" not found');
    expect(api.gets).toEqual(['/apis/rbac.authorization.k8s.io/v1/clusterroles']);
  });

  it('reads the lab namespace for `kind: Namespace` without name or selector', async () => {
    // As `kubectl get namespace -o json` returns it after `kubectl label namespace … pod-security.kubernetes.io/enforce=restricted`.
    const namespace = (name: string, labels: Record<string, string>) => ({
      metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels }, uid: `uid-${name}`, resourceVersion: '3305' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    state.namespaces = [namespace('other', { 'pod-security.kubernetes.io/enforce': 'restricted' }), namespace(NS, {})];
    const label = { path: 'metadata.labels["pod-security.kubernetes.io/enforce"]', equals: 'restricted' };
    expect((await object({ kind: 'Namespace', expect: [label] })).message).toBe(
      `Namespace ${NS}: metadata.labels["pod-security.kubernetes.io/enforce"] is not set, expected "restricted"`,
    );
    expect(api.gets).toEqual(['/api/v1/namespaces']);
    state.namespaces[1].metadata.labels['pod-security.kubernetes.io/enforce'] = 'restricted';
    ctx.kube().invalidate();
    expect(await object({ kind: 'Namespace', expect: [label] })).toMatchObject({ status: 'pass', message: `Namespace ${NS}: 1 field(s) as expected` });
    // Another learner's namespace is not the lab namespace: named explicitly, it is found; missing, the message names it.
    expect((await object({ kind: 'Namespace', name: 'other', expect: [label] })).status).toBe('pass');
    expect((await object({ kind: 'Namespace', selector: 'pod-security.kubernetes.io/enforce=restricted', count: 2 })).status).toBe('pass');
    ctx = context(snapshotView(api), 'lab-gone');
    expect((await object({ kind: 'Namespace' })).message).toBe('Namespace "lab-gone" not found');
  });

  it('names a cluster-scoped object after the lab namespace with <namespace>, so two learners each find their own', async () => {
    const namespace = (name: string, team: string) => ({ metadata: { name, labels: { 'kubernetes.io/metadata.name': name, team } }, status: { phase: 'Active' } });
    state.namespaces = [namespace('it-a-blue', 'blue'), namespace(`${NS}-blue`, 'red')];
    const team = [{ path: 'metadata.labels.team', equals: 'blue' }];
    expect((await evaluated('k8s.object', { kind: 'Namespace', name: '<namespace>-blue', expect: team })).message).toBe(`Namespace ${NS}-blue: metadata.labels.team is "red", expected "blue"`);
    state.namespaces.pop();
    ctx.kube().invalidate();
    expect((await evaluated('k8s.object', { kind: 'Namespace', name: '<namespace>-blue', expect: team })).message).toBe(`Namespace "${NS}-blue" not found`);
    ctx = context(snapshotView(api), 'it-a');
    expect(await evaluated('k8s.object', { kind: 'Namespace', name: '<namespace>-blue', expect: team })).toEqual({ status: 'pass', message: 'Namespace it-a-blue: 1 field(s) as expected' });
  });

  it('checks RBAC objects and Services field by field', async () => {
    expect(
      (
        await object({
          kind: 'Role',
          name: 'pod-reader',
          expect: [
            { path: 'rules[0].resources', contains: 'pods/log' },
            { path: 'rules[0].verbs', equals: ['get', 'list', 'watch'] },
            { path: 'rules[0].apiGroups', equals: [''] },
          ],
        })
      ).status,
    ).toBe('pass');
    expect((await object({ kind: 'Role', name: 'pod-reader', expect: [{ path: 'rules[0].verbs', contains: 'delete' }] })).message).toBe(
      'Role pod-reader: rules[0].verbs is ["get","list","watch"], expected to contain "delete"',
    );
    expect(
      (
        await object({
          kind: 'RoleBinding',
          name: 'reader-binds',
          expect: [
            { path: 'subjects', contains: { kind: 'ServiceAccount', name: 'reader' } },
            { path: 'roleRef', contains: { kind: 'Role', name: 'pod-reader' } },
          ],
        })
      ).status,
    ).toBe('pass');
    expect((await object({ kind: 'RoleBinding', name: 'reader-binds', expect: [{ path: 'subjects', contains: { kind: 'User' } }] })).status).toBe('fail');
    expect(
      (
        await object({
          kind: 'Service',
          name: 'web',
          expect: [
            { path: 'spec.type', equals: 'ClusterIP' },
            { path: 'spec.ports[0].targetPort', equals: 80 },
            { path: 'spec.ports[0].protocol', equals: 'TCP' },
            { path: 'spec.ports[0].nodePort', absent: true },
            { path: 'spec.clusterIP', matches: '^10\\.' },
            { path: 'spec.sessionAffinity', equals: 'None' },
          ],
        })
      ).message,
    ).toBe('Service web: 6 field(s) as expected');
  });

  it('checks StatefulSet defaults', async () => {
    expect(
      await object({
        kind: 'StatefulSet',
        name: 'db',
        expect: [
          { path: 'spec.podManagementPolicy', equals: 'OrderedReady' },
          { path: 'spec.updateStrategy.rollingUpdate.partition', equals: 0 },
          { path: 'spec.persistentVolumeClaimRetentionPolicy', equals: { whenDeleted: 'Retain', whenScaled: 'Retain' } },
          { path: 'spec.serviceName', equals: 'db' },
        ],
      }),
    ).toEqual({ status: 'pass', message: 'StatefulSet db: 4 field(s) as expected' });
  });

  it('reads each list once per view, however many checks use it', async () => {
    await object({ kind: 'Pod', selector: 'app=web' });
    await object({ kind: 'Pod', name: 'limited' });
    await ready({ kind: 'Pod', name: 'limited' });
    expect(api.gets).toEqual([`/api/v1/namespaces/${NS}/pods`]);
  });

  it('rejects a kind the checker does not know without an apiVersion (an error, not a fail)', async () => {
    await expect(object({ kind: 'Widget', name: 'x' })).rejects.toThrow('unknown kind "Widget"');
  });

  it('rejects a bad path (an error, not a fail)', async () => {
    await expect(object({ kind: 'Deployment', name: 'web', expect: [{ path: 'spec.template.spec.containers[nginx].image', equals: 'x' }] })).rejects.toThrow(
      'bad path segment [nginx] in "spec.template.spec.containers[nginx].image": use [0], [name=value] or ["key"]',
    );
  });
});

describe('k8s.condition', () => {
  it('passes on a status condition, showing the reason', async () => {
    expect(await condition({ kind: 'Deployment', name: 'web', condition: 'Available' })).toEqual({
      status: 'pass',
      message: 'Deployment web: Available=True (MinimumReplicasAvailable)',
    });
    expect((await condition({ kind: 'Deployment', name: 'web', condition: 'Progressing', reason: 'NewReplicaSetAvailable' })).status).toBe('pass');
    expect((await condition({ kind: 'Deployment', name: 'stuck', condition: 'Available', status: 'False' })).status).toBe('pass');
  });

  it('fails (and waits) on the wrong status, with the condition message', async () => {
    expect(await condition({ kind: 'Deployment', name: 'stuck', condition: 'Available' })).toEqual({
      status: 'fail',
      message: 'Deployment stuck: condition Available=False (MinimumReplicasUnavailable): Deployment does not have minimum availability.',
      expected: 'Available=True',
      actual: 'Available=False (MinimumReplicasUnavailable)',
      retry: true,
    });
  });

  it('fails on the right status with the wrong reason', async () => {
    expect(await condition({ kind: 'Deployment', name: 'stuck', condition: 'Progressing', reason: 'NewReplicaSetAvailable' })).toEqual({
      status: 'fail',
      message: 'Deployment stuck: condition Progressing=True (ReplicaSetUpdated): ReplicaSet "stuck-59b8895c54" is progressing.',
      expected: 'Progressing=True (NewReplicaSetAvailable)',
      actual: 'Progressing=True (ReplicaSetUpdated)',
      retry: true,
    });
  });

  it('waits for a condition that is not there yet', async () => {
    expect(await condition({ kind: 'Pod', name: 'stuck-59b8895c54-4rsqq', condition: 'Ready' })).toEqual({
      status: 'fail',
      message: 'Pod stuck-59b8895c54-4rsqq has no Ready condition yet',
      expected: 'Ready=True',
      actual: 'no such condition',
      retry: true,
    });
    expect(await condition({ kind: 'Pod', name: 'stuck-59b8895c54-4rsqq', condition: 'PodScheduled', status: 'False', reason: 'Unschedulable' })).toEqual({
      status: 'pass',
      message: 'Pod stuck-59b8895c54-4rsqq: PodScheduled=False (Unschedulable)',
    });
  });

  it('fails without waiting when the object is missing', async () => {
    expect(await condition({ kind: 'Deployment', name: 'api', condition: 'Available' })).toEqual({
      status: 'fail',
      message: `Deployment "api" in namespace ${NS} not found`,
      expected: 'it exists',
      actual: 'not found',
    });
  });

  it('finds the object by selector', async () => {
    expect((await condition({ kind: 'Pod', selector: 'app=limited', condition: 'Ready' })).message).toBe('Pod limited: Ready=True');
  });
});

describe('k8s.ready', () => {
  it('passes on ready workloads', async () => {
    expect(await ready({ kind: 'Deployment', name: 'web' })).toEqual({ status: 'pass', message: 'Deployment web: 3/3 replicas ready' });
    expect(await ready({ kind: 'StatefulSet', name: 'db' })).toEqual({ status: 'pass', message: 'StatefulSet db: 2/2 replicas ready' });
    expect(await ready({ kind: 'ReplicaSet', name: 'web-7d876db474' })).toEqual({ status: 'pass', message: 'ReplicaSet web-7d876db474: 3/3 replicas ready' });
    expect(await ready({ kind: 'Pod', name: 'limited' })).toEqual({ status: 'pass', message: 'Pod limited is Ready' });
  });

  it('waits for a Deployment whose Pods cannot be scheduled', async () => {
    expect(await ready({ kind: 'Deployment', name: 'stuck' })).toEqual({
      status: 'fail',
      message: "Deployment stuck: 0/2 replicas ready; Pod stuck-59b8895c54-4rsqq is not scheduled (Unschedulable: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.)",
      expected: '2 ready',
      actual: '0 ready',
      retry: true,
    });
    expect((await ready({ kind: 'ReplicaSet', name: 'stuck-59b8895c54' })).message).toMatch(/^ReplicaSet stuck-59b8895c54: 0\/2 replicas ready; Pod stuck-59b8895c54-4rsqq is not scheduled \(Unschedulable: /);
  });

  it('waits for a Pending Pod', async () => {
    expect(await ready({ kind: 'Pod', name: 'stuck-59b8895c54-wfvt9' })).toEqual({
      status: 'fail',
      message: "Pod stuck-59b8895c54-wfvt9 is not scheduled (Unschedulable: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.)",
      expected: 'Ready',
      actual: 'Pending',
      retry: true,
    });
  });

  it('is not fooled by old ready replicas in the middle of a rollout', async () => {
    // The captured "web", just after a new image was set: 3 old Pods ready, 1 new one created.
    const web = named(state.deployments, 'web');
    web.status = { ...web.status, replicas: 4, updatedReplicas: 1, readyReplicas: 3, availableReplicas: 3 };
    expect(await ready({ kind: 'Deployment', name: 'web' })).toEqual({
      status: 'fail',
      message: 'Deployment web: 3/3 replicas ready, 1 updated',
      expected: '3 ready',
      actual: '3 ready',
      retry: true,
    });
  });

  it('is not fooled by a status the controller has not updated for the new spec yet', async () => {
    // The captured "web" right after an edit (generation 4) that the Deployment controller has not observed yet.
    const web = named(state.deployments, 'web');
    web.metadata.generation = 4;
    expect(await ready({ kind: 'Deployment', name: 'web' })).toEqual({
      status: 'fail',
      message: 'Deployment web: 3/3 replicas ready, but the controller has not processed the latest change yet',
      expected: '3 ready',
      actual: '3 ready',
      retry: true,
    });
  });

  it('passes on the Deployment as captured right after `kubectl create deployment`', async () => {
    state.deployments = [fixture('deployment-web-history')[0]];
    expect(await ready({ kind: 'Deployment', name: 'web' })).toEqual({ status: 'pass', message: 'Deployment web: 3/3 replicas ready' });
  });

  it('does not pass a crash-looping Pod in its moment of being Ready, naming its restarts', async () => {
    crashLooping(named(state.pods, 'limited'));
    const r = await ready({ kind: 'Pod', name: 'limited' });
    expect(r).toMatchObject({ status: 'fail', expected: 'Ready', actual: 'Ready 1 s', retry: true });
    expect(r.message).toMatch(/^Pod limited has been Ready for 1 s only; container \S+ restarted 3 times \(last: exit code 127, Error\)/);
    expect(r.settlesInMs).toBeGreaterThan(3000);
  });

  it('counts a Deployment by its Pods: readyReplicas include a crash-looping container\'s moment of being Ready', async () => {
    crashLooping(state.pods.find((p) => p.metadata.labels.app === 'web'));
    const r = await ready({ kind: 'Deployment', name: 'web' });
    expect(r).toMatchObject({ status: 'fail', expected: '3 ready', actual: '2 ready (Ready 1 s)', retry: true });
    expect(r.message).toMatch(/^Deployment web: 2\/3 replicas have stayed ready: Pod web-\S+ has been Ready for 1 s only; container \S+ restarted 3 times/);
    expect(r.settlesInMs).toBeGreaterThan(3000);
  });

  it('names the crash when the controller counts a replica not ready', async () => {
    const pod = state.pods.find((p) => p.metadata.labels.app === 'web');
    for (const c of pod.status.conditions) if (c.type === 'Ready') c.status = 'False';
    pod.status.containerStatuses[0] = { ...pod.status.containerStatuses[0], ready: false, restartCount: 4, lastState: { terminated: { exitCode: 1, reason: 'Error' } }, state: { waiting: { reason: 'CrashLoopBackOff' } } };
    const web = named(state.deployments, 'web');
    web.status = { ...web.status, readyReplicas: 2 };
    const r = await ready({ kind: 'Deployment', name: 'web' });
    expect(r.message).toMatch(/^Deployment web: 2\/3 replicas ready; Pod web-\S+: container \S+ restarted 4 times \(last: exit code 1, Error\); now CrashLoopBackOff$/);
    expect(r.settlesInMs).toBeUndefined();
  });

  it('fails without waiting when the object is missing', async () => {
    expect(await ready({ kind: 'StatefulSet', name: 'web' })).toEqual({
      status: 'fail',
      message: `StatefulSet "web" in namespace ${NS} not found`,
      expected: 'it exists',
      actual: 'not found',
    });
  });
});

describe('k8s.endpoints', () => {
  it('passes when the Service has ready endpoints', async () => {
    expect(await endpoints({ service: 'web' })).toEqual({ status: 'pass', message: 'Service web has 3 ready endpoint(s)' });
    expect((await endpoints({ service: 'web', minEndpoints: 3 })).status).toBe('pass');
  });

  it('fails without retrying when the selector matches nothing and nothing will create matching Pods', async () => {
    expect(await endpoints({ service: 'nomatch' })).toEqual({
      status: 'fail',
      message: 'Service nomatch has 0 ready endpoint(s): its selector app=nothing-has-this matches no Pods',
      expected: '≥ 1 ready endpoints',
      actual: '0',
      retry: false,
    });
  });

  it('retries when matching Pods exist but are not ready', async () => {
    expect(await endpoints({ service: 'stuck' })).toEqual({
      status: 'fail',
      message: 'Service stuck has 0 ready endpoint(s): its selector app=stuck matches 2 Pod(s), 0 ready',
      expected: '≥ 1 ready endpoints',
      actual: '0',
      retry: true,
    });
  });

  it('retries when no Pod matches yet but a workload template will create them', async () => {
    state.pods = state.pods.filter((p) => p.metadata.labels.app !== 'stuck');
    expect(await endpoints({ service: 'stuck' })).toEqual({
      status: 'fail',
      message: 'Service stuck has 0 ready endpoint(s): its selector app=stuck matches no Pods',
      expected: '≥ 1 ready endpoints',
      actual: '0',
      retry: true,
    });
  });

  it('does not count endpoints that are not ready', async () => {
    for (const e of named(state.endpointslices, 'web-gzq6b').endpoints) e.conditions = { ready: false, serving: false, terminating: false };
    for (const p of state.pods) for (const c of p.status.conditions ?? []) if (c.type === 'Ready') c.status = 'False';
    expect(await endpoints({ service: 'web' })).toEqual({
      status: 'fail',
      message: 'Service web has 0 ready endpoint(s): its selector app=web matches 3 Pod(s), 0 ready',
      expected: '≥ 1 ready endpoints',
      actual: '0',
      retry: true,
    });
  });

  it('wants more endpoints than there are', async () => {
    expect(await endpoints({ service: 'web', minEndpoints: 4 })).toEqual({
      status: 'fail',
      message: 'Service web has 3 ready endpoint(s): its selector app=web matches 3 Pod(s), 3 ready',
      expected: '≥ 4 ready endpoints',
      actual: '3',
      retry: true,
    });
  });

  it('does not count the endpoint of a crash-looping Pod in its moment of being Ready, and waits while that may settle', async () => {
    for (const p of state.pods.filter((p) => p.metadata.labels.app === 'web')) crashLooping(p);
    const r = await endpoints({ service: 'web' });
    expect(r).toMatchObject({ status: 'fail', expected: '≥ 1 ready endpoints', actual: '0 steady (Ready 1 s)', retry: true });
    expect(r.message).toMatch(/^Service web has 3 ready endpoint\(s\), 0 of them on a Pod that has stayed Ready: Pod web-\S+ has been Ready for 1 s only; container \S+ restarted 3 times/);
    expect(r.settlesInMs).toBeGreaterThan(3000);
    // One steady Pod is enough for one endpoint; the crash-loopers still keep three from counting.
    state.pods = fixture('pods');
    ctx = context(snapshotView(api));
    crashLooping(state.pods.find((p) => p.metadata.labels.app === 'web'));
    expect((await endpoints({ service: 'web' })).status).toBe('pass');
    const three = await endpoints({ service: 'web', minEndpoints: 3 });
    expect(three).toMatchObject({ status: 'fail', actual: '2 steady (Ready 1 s)' });
    expect(three.settlesInMs).toBeGreaterThan(3000);
  });

  it('passes with no more ready endpoints than maxEndpoints', async () => {
    named(state.endpointslices, 'web-gzq6b').endpoints[0].conditions = { ready: false, serving: false, terminating: false };
    expect(await endpoints({ service: 'web', minEndpoints: 1, maxEndpoints: 2 })).toEqual({ status: 'pass', message: 'Service web has 2 ready endpoint(s), at most 2 as expected' });
  });

  it('fails, and waits for a readiness probe, when more endpoints are ready than maxEndpoints', async () => {
    expect(await endpoints({ service: 'web', maxEndpoints: 2 })).toEqual({
      status: 'fail',
      message: 'Service web has 3 ready endpoint(s), expected at most 2: all 3 Pod(s) its selector app=web matches are Ready, so none is kept out of its traffic',
      expected: '≤ 2 ready endpoints',
      actual: '3',
      retry: true,
    });
  });

  it('explains a Service without a selector', async () => {
    delete named(state.services, 'nomatch').spec.selector;
    expect(await endpoints({ service: 'nomatch' })).toEqual({
      status: 'fail',
      message: 'Service nomatch has no selector, so it selects no Pods',
      expected: '≥ 1 ready endpoints',
      actual: 'no selector',
    });
  });

  it('fails when the Service is missing', async () => {
    expect(await endpoints({ service: 'api' })).toEqual({
      status: 'fail',
      message: `Service "api" in namespace ${NS} not found`,
      expected: 'it exists',
      actual: 'not found',
    });
    expect((await endpoints({ service: 'web', namespace: 'default' })).message).toBe('Service "web" in namespace default not found');
  });
});

describe('k8s.rollout', () => {
  it('passes after set image and undo: revision 3, nginx:1.27 now, nginx:1.28 in the history', async () => {
    expect(await rollout({ deployment: 'web', minRevision: 3, image: '^nginx:1\\.27', historyImage: '^nginx:1\\.28' })).toEqual({
      status: 'pass',
      message: 'Deployment web at revision 3 with image nginx:1.27',
    });
    expect((await rollout({ deployment: 'web', container: 'nginx', image: '^nginx:1\\.27$' })).status).toBe('pass');
  });

  it('matches a pattern for the short spelling against fully-qualified references', async () => {
    for (const d of state.deployments) for (const c of d.spec.template.spec.containers) c.image = `docker.io/library/${c.image}`;
    for (const r of state.replicasets) for (const c of r.spec.template.spec.containers) c.image = `docker.io/library/${c.image}`;
    expect(await rollout({ deployment: 'web', minRevision: 3, image: '^nginx:1\\.27$', historyImage: '^nginx:1\\.28' })).toEqual({
      status: 'pass',
      message: 'Deployment web at revision 3 with image docker.io/library/nginx:1.27',
    });
    expect((await rollout({ deployment: 'web', image: '^nginx:1\\.28' })).message).toBe(
      'Deployment web: the first container runs image docker.io/library/nginx:1.27, expected one matching /^nginx:1\\.28/',
    );
  });

  it('fails below the wanted revision, without waiting once the rollout has settled', async () => {
    expect(await rollout({ deployment: 'web', minRevision: 4 })).toEqual({
      status: 'fail',
      message: 'Deployment web is at revision 3, expected revision 4 or later (each rollout and each undo adds one)',
      expected: 'revision ≥ 4',
      actual: 'revision 3',
      retry: false,
    });
  });

  it('waits while the controller has not caught up with the latest change', async () => {
    // The captured "web" right after another `set image` (generation 4), before the controller observed it.
    const web = named(state.deployments, 'web');
    web.metadata.generation = 4;
    web.spec.template.spec.containers[0].image = 'nginx:1.29';
    expect(await rollout({ deployment: 'web', minRevision: 4 })).toMatchObject({ status: 'fail', actual: 'revision 3', retry: true });
  });

  it('waits while old replicas are still being replaced', async () => {
    const web = named(state.deployments, 'web');
    web.status = { ...web.status, replicas: 4, updatedReplicas: 1 };
    expect(await rollout({ deployment: 'web', historyImage: '^nginx:1\\.29' })).toMatchObject({ status: 'fail', retry: true });
  });

  it('fails on the current image', async () => {
    expect(await rollout({ deployment: 'web', image: '^nginx:1\\.28' })).toEqual({
      status: 'fail',
      message: 'Deployment web: the first container runs image nginx:1.27, expected one matching /^nginx:1\\.28/',
      expected: '/^nginx:1\\.28/',
      actual: 'nginx:1.27',
      retry: false,
    });
    expect((await rollout({ deployment: 'web', container: 'sidecar', image: '^busybox' })).message).toBe(
      'Deployment web: container sidecar runs image none, expected one matching /^busybox/',
    );
  });

  it('lists the images of every revision when the history lacks one', async () => {
    expect(await rollout({ deployment: 'web', historyImage: '^nginx:1\\.26' })).toEqual({
      status: 'fail',
      message: 'Deployment web: no revision ran an image matching /^nginx:1\\.26/ (revisions ran: nginx:1.27, nginx:1.28)',
      expected: '/^nginx:1\\.26/ in the rollout history',
      actual: 'nginx:1.27, nginx:1.28',
      retry: false,
    });
  });

  it('counts only the ReplicaSets this Deployment owns (by uid)', async () => {
    // "stuck" ran nginx:1.27 only; web's nginx:1.28 ReplicaSet is not its history.
    expect((await rollout({ deployment: 'stuck', historyImage: '^nginx:1\\.28' })).message).toBe(
      'Deployment stuck: no revision ran an image matching /^nginx:1\\.28/ (revisions ran: nginx:1.27)',
    );
    state.replicasets = state.replicasets.filter((rs) => rs.metadata.name.startsWith('stuck'));
    ctx.kube().invalidate();
    expect((await rollout({ deployment: 'web', historyImage: '^nginx' })).message).toBe(
      'Deployment web: no revision ran an image matching /^nginx/ (revisions ran: none)',
    );
  });

  it('right after create: revision 1 and no 1.28 in the history', async () => {
    const [created] = fixture('deployment-web-history');
    state.deployments = [created];
    state.replicasets = state.replicasets.filter((rs) => rs.metadata.name === 'web-7d876db474');
    state.replicasets[0].metadata.annotations['deployment.kubernetes.io/revision'] = '1';
    delete state.replicasets[0].metadata.annotations['deployment.kubernetes.io/revision-history'];
    expect((await rollout({ deployment: 'web', minRevision: 2 })).message).toBe(
      'Deployment web is at revision 1, expected revision 2 or later (each rollout and each undo adds one)',
    );
    expect((await rollout({ deployment: 'web', historyImage: '^nginx:1\\.28' })).actual).toBe('nginx:1.27');
  });

  it('after set image, before undo: revision 2 on nginx:1.28', async () => {
    const [, updated] = fixture('deployment-web-history');
    state.deployments = [updated];
    named(state.replicasets, 'web-7d876db474').metadata.annotations['deployment.kubernetes.io/revision'] = '1';
    expect(await rollout({ deployment: 'web', minRevision: 2, historyImage: '^nginx:1\\.28' })).toEqual({
      status: 'pass',
      message: 'Deployment web at revision 2 with image nginx:1.28',
    });
    expect((await rollout({ deployment: 'web', minRevision: 3, image: '^nginx:1\\.27' })).message).toBe(
      'Deployment web is at revision 2, expected revision 3 or later (each rollout and each undo adds one)',
    );
  });

  it('fails without waiting when the Deployment is missing', async () => {
    expect(await rollout({ deployment: 'api' })).toEqual({
      status: 'fail',
      message: `Deployment "api" in namespace ${NS} not found`,
      expected: 'it exists',
      actual: 'not found',
    });
  });
});

describe('k8s.can', () => {
  it('asks every verb with `verbs` and passes exactly those allowed', async () => {
    expect(await can({ serviceAccount: 'reader', verbs: ['get', 'list', 'watch'], resource: 'pods' })).toEqual({
      status: 'pass',
      message: `ServiceAccount ${NS}/reader may get, list, watch pods in namespace ${NS}, and no other verb`,
    });
    expect(api.sent.map((s) => s.body.spec.resourceAttributes.verb)).toEqual(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection']);
  });

  it('names the verbs granted beyond `verbs`, and the ones missing', async () => {
    state.roles[0].rules[0].verbs.push('deletecollection');
    expect(await can({ serviceAccount: 'reader', verbs: ['get', 'list', 'watch', 'delete'], resource: 'pods' })).toEqual({
      status: 'fail',
      message: `ServiceAccount ${NS}/reader may also deletecollection pods in namespace ${NS}, which the task does not grant, and cannot delete pods in namespace ${NS} (allowed: get, list, watch, deletecollection; expected exactly: get, list, watch, delete)`,
      expected: 'exactly: get, list, watch, delete',
      actual: 'get, list, watch, deletecollection',
      retry: true,
    });
  });

  it('with nothingElse, names each grant beside the resource and what it lets the subject do', async () => {
    const fields = { serviceAccount: 'reader', verbs: ['get', 'list', 'watch'], resource: 'pods', nothingElse: true };
    const [rule] = state.roles[0].rules;
    rule.resources = ['pods'];
    expect((await can(fields)).message).toMatch(new RegExp(`^ServiceAccount ${NS}/reader may get, list, watch pods in namespace ${NS}, and no other verb, and nothing else that matters \\(\\d+ other grants denied\\)$`));
    expect(api.sent.some((s) => s.body.spec.resourceAttributes.subresource === 'exec' && s.body.spec.resourceAttributes.verb === 'create')).toBe(true);
    rule.resources = ['pods', 'pods/log'];
    state.roles[0].rules.push({ apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] });
    expect(await can(fields)).toEqual({
      status: 'fail',
      message: `ServiceAccount ${NS}/reader may also, in namespace ${NS}: create pods/exec, so it can run commands in every Pod (kubectl exec); get pods/log, so it can read every Pod's logs. The task grants get, list, watch pods and nothing else`,
      expected: 'nothing beside pods',
      actual: 'create pods/exec; get pods/log',
      retry: true,
    });
    expect(() => parse('k8s.can', { serviceAccount: 'reader', verb: 'get', resource: 'pods', nothingElse: true })).toThrow('nothingElse judges what is granted beside a least-privilege matrix: give verbs');
  });

  it('asks again while the answer differs: a new binding reaches the authorizer through a watch', async () => {
    expect(parse('k8s.can', { serviceAccount: 'reader', verb: 'get', resource: 'pods' }).within).toBe('5s');
    expect((await can({ serviceAccount: 'reader', verb: 'delete', resource: 'pods' })).retry).toBe(true);
    expect((await can({ serviceAccount: 'reader', verbs: ['get'], resource: 'pods' })).retry).toBe(true);
  });

  it('refuses verb and verbs together, and allowed with verbs', () => {
    expect(() => parse('k8s.can', { serviceAccount: 'reader', verb: 'get', verbs: ['get'], resource: 'pods' })).toThrow('give exactly one of verb or verbs');
    expect(() => parse('k8s.can', { serviceAccount: 'reader', verbs: [], allowed: false, resource: 'pods' })).toThrow('verbs lists what is allowed (everything else is denied): drop allowed');
  });

  it('asks a SubjectAccessReview for the ServiceAccount, as the captured one', async () => {
    expect(await can({ serviceAccount: 'reader', verb: 'get', resource: 'pods/log' })).toEqual({
      status: 'pass',
      message: `ServiceAccount ${NS}/reader may get pods/log in namespace ${NS}`,
    });
    const [allowed] = fixture('subjectaccessreviews');
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0].method).toBe('POST');
    expect(api.sent[0].path).toBe('/apis/authorization.k8s.io/v1/subjectaccessreviews');
    expect(api.sent[0].body).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: { ...allowed.spec, resourceAttributes: { ...allowed.spec.resourceAttributes, group: '' } },
    });
  });

  it('fails when the action is denied', async () => {
    expect(await can({ serviceAccount: 'reader', verb: 'delete', resource: 'pods' })).toEqual({
      status: 'fail',
      message: `ServiceAccount ${NS}/reader cannot delete pods in namespace ${NS}: denied, expected allowed`,
      expected: 'allowed',
      actual: 'denied',
      retry: true,
    });
    expect((await can({ serviceAccount: 'reader', verb: 'list', resource: 'deployments', group: 'apps' })).message).toBe(
      `ServiceAccount ${NS}/reader cannot list deployments.apps in namespace ${NS}: denied, expected allowed`,
    );
  });

  it('checks that an action is denied', async () => {
    expect(await can({ serviceAccount: 'reader', verb: 'delete', resource: 'pods', allowed: false })).toEqual({
      status: 'pass',
      message: `ServiceAccount ${NS}/reader may not delete pods in namespace ${NS}`,
    });
    expect(await can({ serviceAccount: 'reader', verb: 'list', resource: 'pods', allowed: false })).toEqual({
      status: 'fail',
      message: `ServiceAccount ${NS}/reader can list pods in namespace ${NS}: allowed, expected denied`,
      expected: 'denied',
      actual: 'allowed',
      retry: true,
    });
  });

  it('asks cluster-wide for namespace "*"', async () => {
    expect((await can({ serviceAccount: 'reader', verb: 'list', resource: 'pods', namespace: '*' })).message).toBe(
      `ServiceAccount ${NS}/reader cannot list pods cluster-wide: denied, expected allowed`,
    );
    expect(api.sent[0].body.spec.resourceAttributes.namespace).toBe('');
  });

  it('reads namespace:name ServiceAccounts and users with groups', async () => {
    await can({ serviceAccount: 'other:bot', verb: 'get', resource: 'pods', name: 'web-1' });
    expect(api.sent[0].body.spec).toEqual({
      user: 'system:serviceaccount:other:bot',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:other', 'system:authenticated'],
      resourceAttributes: { namespace: NS, verb: 'get', group: '', resource: 'pods', name: 'web-1' },
    });
    expect((await can({ user: 'alice', groups: ['devs'], verb: 'get', resource: 'pods' })).message).toBe(
      `user alice cannot get pods in namespace ${NS}: denied, expected allowed`,
    );
    expect(api.sent[1].body.spec.user).toBe('alice');
    expect(api.sent[1].body.spec.groups).toEqual(['devs']);
  });

  it('names a user or ServiceAccount after the lab namespace with <namespace>', async () => {
    expect((await evaluated('k8s.can', { user: '<namespace>-jane', verb: 'get', resource: 'pods' })).message).toBe(`user ${NS}-jane cannot get pods in namespace ${NS}: denied, expected allowed`);
    expect(api.sent[0].body.spec.user).toBe(`${NS}-jane`);
    await evaluated('k8s.can', { serviceAccount: '<namespace>-tools:bot', verb: 'get', resource: 'pods' });
    expect(api.sent[1].body.spec.user).toBe(`system:serviceaccount:${NS}-tools:bot`);
  });

  it('passes the API server\'s refusal on as an error, not a verdict', async () => {
    const refusing = fakeApi(state, {
      send: () => {
        throw new KubeHttpError(403, 'Forbidden', 'subjectaccessreviews.authorization.k8s.io is forbidden');
      },
    });
    ctx = context(snapshotView(refusing));
    await expect(can({ serviceAccount: 'reader', verb: 'get', resource: 'pods' })).rejects.toThrow('subjectaccessreviews.authorization.k8s.io is forbidden');
  });
});

describe('k8s.event', () => {
  it('finds an event by reason and object', async () => {
    expect(await event({ reason: 'ScalingReplicaSet', involvedKind: 'Deployment', involvedName: 'web' })).toEqual({
      status: 'pass',
      message: 'event ScalingReplicaSet on Deployment web: Scaled up replica set web-7d876db474 from 0 to 3',
    });
    expect((await event({ reason: 'FailedScheduling', involvedKind: 'Pod' })).message).toBe(
      "event FailedScheduling on Pod stuck-59b8895c54-4rsqq: 0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. no new claims to deallocate, preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
  });

  it('filters by message', async () => {
    expect((await event({ reason: 'ScalingReplicaSet', involvedName: 'web', messageMatches: 'Scaled down replica set web-697578869' })).message).toBe(
      'event ScalingReplicaSet on Deployment web: Scaled down replica set web-697578869 from 3 to 2',
    );
    expect(await event({ reason: 'ScalingReplicaSet', involvedName: 'stuck', messageMatches: 'to 0$' })).toEqual({
      status: 'fail',
      message: `no ScalingReplicaSet event with a message matching /to 0$/ for stuck in namespace ${NS} (seen: ScalingReplicaSet)`,
      expected: 'ScalingReplicaSet',
      actual: 'ScalingReplicaSet',
      retry: true,
    });
  });

  it('fails (and waits), listing the reasons seen for that object', async () => {
    expect(await event({ reason: 'BackOff', involvedKind: 'Deployment', involvedName: 'web' })).toEqual({
      status: 'fail',
      message: `no BackOff event for Deployment web in namespace ${NS} (seen: ScalingReplicaSet)`,
      expected: 'BackOff',
      actual: 'ScalingReplicaSet',
      retry: true,
    });
    expect((await event({ reason: 'Killing' })).message).toBe(
      `no Killing event for any object in namespace ${NS} (seen: Scheduled, SuccessfulCreate, FailedScheduling, ScalingReplicaSet, SuccessfulDelete)`,
    );
  });

  it('fails when the namespace has no events', async () => {
    expect(await event({ reason: 'Scheduled', namespace: 'default' })).toEqual({
      status: 'fail',
      message: 'no Scheduled event for any object in namespace default',
      expected: 'Scheduled',
      actual: 'no events',
      retry: true,
    });
  });
});

describe('k8s.object semantic assertions', () => {
  it('follows a Service’s targetPort into the Pod template of the Deployment it selects, not the old ReplicaSets', async () => {
    expect(await object({ kind: 'Service', name: 'web', expect: [{ reachesPort: 80 }, { selects: { app: 'web' } }] })).toEqual({
      status: 'pass',
      message: 'Service web: 2 field(s) as expected',
    });
    expect(api.gets.filter((p) => p.endsWith('/replicasets'))).toHaveLength(1);
  });

  it('says what the Service does, after its name', async () => {
    expect(await object({ kind: 'Service', name: 'nomatch', expect: [{ reachesPort: 8080 }] })).toEqual({
      status: 'fail',
      message: 'Service nomatch sends port 80 nowhere: it selects app=nothing-has-this, which no Pod or Pod template here carries',
      expected: '8080',
      actual: 'no Pods',
      retry: false,
    });
    expect((await object({ kind: 'Service', name: 'web', expect: [{ selects: { app: 'api' } }] })).message).toBe('Service web selects no Pods labelled app=api: it selects app=web');
    expect((await object({ kind: 'Service', name: 'web', expect: [{ reachesPort: 8080 }] })).message).toBe(
      'Service web sends port 80 to port 80 of the Pod template of Deployment web, expected port 8080',
    );
  });

  it('reads nothing more when no assertion needs it', async () => {
    await object({ kind: 'Deployment', name: 'web', expect: [{ path: 'spec.template.spec.containers[0].image', image: 'docker.io/library/nginx:1.27' }] });
    expect(api.gets.some((p) => p.endsWith('/pods') || p.endsWith('/services'))).toBe(false);
  });
});
