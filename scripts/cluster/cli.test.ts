import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatError } from '../../checker/lib/errors.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { nodeVersions, run } from './cli.ts';
import { startProgressWriter } from '../../checker/lib/start-progress.ts';
import { plannedKubeBuildSteps, recordBuildTimes } from './kube-binaries.ts';
import { readBuildTimes } from '../../checker/lib/start-progress.ts';
import { assertPortFree } from './ports.ts';
import { createServer } from 'node:net';

const home = () => ({ KUBECAMP_HOME: mkdtempSync(join(tmpdir(), 'kc-cli-')), PATH: process.env.PATH });

describe('cluster CLI', () => {
  it('rejects an unknown engine with the list of engines', async () => {
    const err = await run(['up', '--engine', 'minikube'], memoryIo(home())).catch((e) => e);
    expect(formatError(err)).toBe('error: unknown engine "minikube"\n  fix: use --engine kind|kwok|existing');
  });

  it('reports that no cluster runs, naming the command, with a non-zero exit', async () => {
    const io = memoryIo(home());
    expect(await run(['status'], io)).toBe(1);
    expect(io.out()).toBe('no lab cluster is running; start one with `npm run cluster:up`\n');
  });

  it('reports a start in progress: its step, place and estimate', async () => {
    const env = home();
    const w = startProgressWriter(env, [{ name: 'kube-apiserver', recordedMs: 300_000 }, { name: 'starting the kwok cluster', recordedMs: 60_000 }]);
    await w.step('kube-apiserver');
    const io = memoryIo(env);
    expect(await run(['status'], io)).toBe(1);
    expect(io.out()).toMatch(new RegExp(`^a start is in progress \\(\`npm run cluster:up\`, pid ${process.pid}, for [\\d.]+ (ms|s)\\): building kube-apiserver, 1 of 2, about 6 min left\n$`));
    const json = memoryIo(env);
    await run(['status', '--json'], json);
    expect(JSON.parse(json.out())).toMatchObject({ running: false, starting: { step: 'kube-apiserver', progress: 'building kube-apiserver, 1 of 2, about 6 min left' } });
    await w.end();
    const after = memoryIo(env);
    await run(['status'], after);
    expect(after.out()).toBe('no lab cluster is running; start one with `npm run cluster:up`\n');
  });

  it('records a step time on a machine with no bin folder yet (the start step of an existing cluster)', async () => {
    const env = home();
    await recordBuildTimes(env, { 'starting the existing cluster': 493 });
    expect(await readBuildTimes(env)).toEqual({ 'starting the existing cluster': 493 });
  });

  it('plans every build step on a machine that has built nothing', () => {
    expect(plannedKubeBuildSteps(home())).toEqual(['Go modules for Kubernetes', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl', 'etcd', 'kwok + kwokctl', 'helm']);
  });

  it('fails kind clearly where kind cannot run', async () => {
    const env = { ...home(), PATH: '/nonexistent' };
    const err = await run(['up', '--engine', 'kind'], memoryIo(env)).catch((e) => e);
    expect(formatError(err)).toMatch(/^error: the kind engine cannot run here: kind needs a running Docker engine and none answers\n {2}fix: start Docker/);
  });

  it('rejects bad numbers', async () => {
    const err = await run(['up', '--nodes', 'two'], memoryIo(home())).catch((e) => e);
    expect(formatError(err)).toBe('error: --nodes must be a positive whole number, got "two"');
  });

  it('names the port in use and how to find its owner', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as { port: number }).port;
    const err = await assertPortFree(port).catch((e) => e);
    server.close();
    expect(formatError(err)).toBe(`error: port ${port} on 127.0.0.1 is already in use\n  fix: stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it) or pass another --port`);
  });

  it('shows kubelet and runtime versions with how many nodes run each', () => {
    expect(nodeVersions([
      { kubelet: 'v1.36.1', runtime: 'containerd://2.3.1' },
      { kubelet: 'v1.36.1', runtime: 'containerd://2.3.1' },
    ])).toBe('kubelet:     v1.36.1 (2 nodes)\nruntime:     containerd://2.3.1 (2 nodes)\n');
    expect(nodeVersions([{ kubelet: 'v1.36.1', runtime: 'kwok-v0.8.0' }])).toBe('kubelet:     v1.36.1 (1 node)\nruntime:     kwok-v0.8.0 (1 node)\n');
    expect(nodeVersions([])).toBe('');
  });
});
