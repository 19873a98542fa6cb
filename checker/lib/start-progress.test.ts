import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeStartProgress, readStartProgress, startProgressFile, startProgressWriter, type StartProgress } from './start-progress.ts';

const t0 = Date.parse('2026-12-06T06:00:00Z');
const at = (s: number) => new Date(t0 + s * 1000);
const plan: StartProgress['plan'] = [
  { name: 'Go modules for Kubernetes', recordedMs: 60_000 },
  { name: 'kube-apiserver', recordedMs: 240_000 },
  { name: 'kube-controller-manager', recordedMs: 60_000 },
  { name: 'kubectl', recordedMs: 30_000 },
  { name: 'etcd', recordedMs: 30_000 },
  { name: 'kwok + kwokctl', recordedMs: 20_000 },
  { name: 'helm', recordedMs: 20_000 },
  { name: 'starting the kwok cluster', recordedMs: 20_000 },
];

describe('start progress', () => {
  it('names the step, its place and the time left from the recorded step times', () => {
    const p: StartProgress = { pid: 1, since: at(0).toISOString(), step: 'kube-apiserver', stepStartedAt: at(60).toISOString(), plan };
    // 4 min for kube-apiserver, 1 min of it gone: 3 + 1 + 0.5 + 0.5 + 1/3 + 1/3 + 1/3 = 6 min left
    expect(describeStartProgress(p, at(120))).toBe('building kube-apiserver, 2 of 8, about 6 min left');
    // A step taking longer than recorded counts as nearly done, never negative.
    expect(describeStartProgress({ ...p, step: 'starting the kwok cluster', stepStartedAt: at(600).toISOString() }, at(700))).toBe('starting the kwok cluster, 8 of 8, less than a minute left');
  });

  it('gives no estimate when a step left was never recorded, and says "preparing" before the first step', () => {
    const unrecorded = plan.map((s) => (s.name === 'helm' ? { name: s.name } : s));
    expect(describeStartProgress({ pid: 1, since: at(0).toISOString(), step: 'etcd', stepStartedAt: at(0).toISOString(), plan: unrecorded }, at(5))).toBe('building etcd, 5 of 8');
    expect(describeStartProgress({ pid: 1, since: at(0).toISOString(), plan }, at(5))).toBe('preparing, about 8 min left');
  });

  it('is written while a start runs, read back while its process lives, and removed at the end', async () => {
    const env = { KUBECAMP_HOME: mkdtempSync(join(tmpdir(), 'kc-start-')) };
    const w = startProgressWriter(env, [{ name: 'etcd', recordedMs: 1000 }, { name: 'starting the kind cluster' }], () => at(0));
    await w.begin();
    await w.step('etcd');
    await w.step('kind node image');
    const read = await readStartProgress(env);
    expect(read).toMatchObject({ pid: process.pid, step: 'kind node image', plan: [{ name: 'etcd' }, { name: 'kind node image' }, { name: 'starting the kind cluster' }] });
    expect(await readStartProgress(env, () => false)).toBeNull();
    expect(JSON.parse(readFileSync(startProgressFile(env), 'utf8')).since).toBe(at(0).toISOString());
    await w.end();
    expect(existsSync(startProgressFile(env))).toBe(false);
    expect(await readStartProgress(env)).toBeNull();
  });
});
