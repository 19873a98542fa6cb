import { afterEach, describe, expect, it } from 'vitest';
import type { Checker, CheckOptions, LoadedLab } from '../../checker/engine/engine.ts';
import { labSchema } from '../../checker/schemas/lab.ts';
import type { LabResult } from '../../checker/schemas/result.ts';
import type { LiveMessage, Readiness } from '../shared/lab-view.ts';
import type { LabCatalog } from './lab-catalog.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';

const lab = labSchema.parse({ id: 'demo', title: 'Demo', lesson: 'kubernetes/demo', environments: ['kubernetes'], minutes: 1, solution: [{ run: 'true' }], tasks: [{ id: 'a', title: 'A', checks: [{ type: 'file', file: 'x' }] }] });
const catalog = {
  get: async () => ({ lab, dir: '/nowhere' }) as LoadedLab,
  target: () => ({ namespace: 'test-demo', workspace: '/nonexistent/workspace', env: {} }),
} as unknown as LabCatalog;
const result = (n: number): LabResult => ({ lab: 'demo', status: 'pass', passed: n, total: 1, tasks: [], checkedAt: `t${n}`, durationMs: 1 });

function fakeChecker() {
  const watches: { options: CheckOptions; emit: (r: LabResult) => void; stopped: boolean }[] = [];
  const checker: Checker = {
    check: async () => result(0),
    async watch(_loaded, options, onResult) {
      const w = { options, emit: onResult, stopped: false };
      watches.push(w);
      return () => void (w.stopped = true);
    },
  };
  return { checker, watches };
}

const settle = () => new Promise((r) => setTimeout(r, 20));
let hub: LiveHub | undefined;
afterEach(() => hub?.close());

describe('live hub', () => {
  it('starts one watch per lab, shared by its sockets, and forwards its results', async () => {
    const { checker, watches } = fakeChecker();
    const prepared: string[] = [];
    hub = createLiveHub({ catalog, checker, preparation: { prepare: async (l) => void prepared.push(l.lab.id), settled() {}, resetting: (_id, run) => run() }, readiness: async () => ({ ready: true }), pollMs: 10_000 });
    const a: LiveMessage[] = [];
    const b: LiveMessage[] = [];
    const offA = hub.subscribe('demo', (m) => a.push(m));
    await settle();
    const offB = hub.subscribe('demo', (m) => b.push(m));
    await settle();
    expect(watches).toHaveLength(1);
    expect(watches[0]!.options).toMatchObject({ namespace: 'test-demo', workspace: '/nonexistent/workspace', answers: {} });
    expect(prepared).toEqual(['demo']);
    watches[0]!.emit(result(1));
    expect(a).toEqual([{ type: 'readiness', readiness: { ready: true } }, { type: 'result', source: 'live', result: result(1) }]);
    expect(b.at(-1)).toEqual({ type: 'result', source: 'live', result: result(1) });
    // A late subscriber gets the latest result at once.
    const c: LiveMessage[] = [];
    hub.subscribe('demo', (m) => c.push(m))();
    expect(c).toEqual([{ type: 'readiness', readiness: { ready: true } }, { type: 'result', source: 'live', result: result(1) }]);
    offA();
    expect(watches[0]!.stopped).toBe(false);
    offB();
    expect(watches[0]!.stopped).toBe(true);
  });

  it('stops while the environment is down, says so, and comes back by itself', async () => {
    const { checker, watches } = fakeChecker();
    let readiness: Readiness = { ready: false, message: 'Kubernetes is not running. Start it with:', command: 'npm run cluster:up' };
    hub = createLiveHub({ catalog, checker, preparation: { prepare: async () => {}, settled() {}, resetting: (_id, run) => run() }, readiness: async () => readiness, pollMs: 15 });
    const got: LiveMessage[] = [];
    hub.subscribe('demo', (m) => got.push(m));
    await settle();
    expect(got).toEqual([{ type: 'readiness', readiness }]);
    expect(watches).toHaveLength(0);
    readiness = { ready: true };
    await new Promise((r) => setTimeout(r, 60));
    expect(got.at(-1)).toEqual({ type: 'readiness', readiness: { ready: true } });
    expect(watches).toHaveLength(1);
    readiness = { ready: false, message: 'down again' };
    await new Promise((r) => setTimeout(r, 60));
    expect(watches[0]!.stopped).toBe(true);
    expect(got.at(-1)).toEqual({ type: 'readiness', readiness });
  });

  it('restarts the watch on request and clears the last result on reset', async () => {
    const { checker, watches } = fakeChecker();
    hub = createLiveHub({ catalog, checker, preparation: { prepare: async () => {}, settled() {}, resetting: (_id, run) => run() }, readiness: async () => ({ ready: true }), pollMs: 10_000 });
    hub.subscribe('demo', () => {});
    await settle();
    watches[0]!.emit(result(1));
    hub.publish('demo', { type: 'reset', at: 'now' });
    await hub.restart('demo');
    expect(watches).toHaveLength(2);
    expect(watches[0]!.stopped).toBe(true);
    const late: LiveMessage[] = [];
    hub.subscribe('demo', (m) => late.push(m));
    expect(late).toEqual([{ type: 'readiness', readiness: { ready: true } }]);
  });

  it('reports a watch that cannot start as a problem', async () => {
    const checker: Checker = { check: async () => result(0), watch: () => Promise.reject(new Error('the lab cluster is not available')) };
    hub = createLiveHub({ catalog, checker, preparation: { prepare: async () => {}, settled() {}, resetting: (_id, run) => run() }, readiness: async () => ({ ready: true }), pollMs: 10_000 });
    const got: LiveMessage[] = [];
    hub.subscribe('demo', (m) => got.push(m));
    await settle();
    expect(got.at(-1)).toEqual({ type: 'problem', message: 'error: the lab cluster is not available' });
  });
});
