import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChecker } from '../../checker/engine/engine.ts';
import { localEnvironment } from '../../checker/environments/local.ts';
import { testLab, type HarnessReport } from '../../checker/labs/harness.ts';
import { findLab, labIds } from '../../checker/labs/load.ts';
import type { Io } from '../../checker/lib/io.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { formatDuration } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { run as cluster } from '../cluster/cli.ts';
import { createKindTestHome, deleteKindTestCluster, kindTestEnv } from '../cluster/kind-test-cluster.ts';
import { formatRow } from './stats.ts';

/** The bench's own kind cluster: its own name and home, no host ports; deleted at the end. */
export const benchClusterName = 'kubecamp-bench';

/** The default labs of the side-by-side harness run: one that needs running containers, two object-only ones. */
export const defaultBenchLabs = ['pods', 'configmaps-and-secrets', 'deployments'];

/** Build steps of the kind engine's offline path, by the names `recordBuildTimes` keeps. */
export function isKindBuildStep(step: string): boolean {
  return /^(kind|containerd|crictl|coredns|local-path-provisioner|traefik|metrics-server)-v|^(kubelet|kubeadm|kube-proxy)$/.test(step);
}

/** One row of the side-by-side table: a lab's harness on kind and on the Docker-free engine. */
export function harnessRow(id: string, kind: Pick<HarnessReport, 'ok' | 'durationMs'>, kwok: Pick<HarnessReport, 'ok' | 'durationMs'>): string {
  const cell = (r: Pick<HarnessReport, 'ok' | 'durationMs'>) => `${formatDuration(r.durationMs)} ${r.ok ? 'pass' : 'FAIL'}`;
  return `${id.padEnd(26)} ${cell(kind).padStart(16)} ${cell(kwok).padStart(16)}`;
}

async function harness(id: string, env: NodeJS.ProcessEnv, engine: string): Promise<HarnessReport> {
  const environment = localEnvironment(env);
  try {
    const loaded = await findLab(id);
    const workspace = await mkdtemp(join(tmpdir(), `kubecamp-bench-${engine}-${id}-`));
    try {
      return await testLab(loaded, { checker: createChecker({ environment }), environment, env, namespace: `bench-${engine}-${id}`.slice(0, 63), workspace });
    } finally {
      await rm(workspace, { recursive: true, force: true });
    }
  } finally {
    await environment.close();
  }
}

/**
 * kind: ready time of a new cluster with cached images (goal < 60 s), the
 * first offline build as recorded by the build itself, and each lab's harness
 * on kind and on the Docker-free engine (the cluster `io.env` points at, which
 * the kwok bench has just brought up) side by side. The kind cluster is the
 * bench's own (`kubecamp-bench`, in a temporary home sharing the caches),
 * deleted at the end.
 */
export async function kindBench(io: Io, flags: string[] = []): Promise<void> {
  io.stdout.write('\n── cluster (kind engine)\n');
  const built = memoryIo(io.env);
  if ((await cluster(['build', '--engine', 'kind'], built)) !== 0) throw new Error(`cluster:build --engine kind failed:\n${built.out()}`);
  const home = await createKindTestHome(io.env);
  const env = kindTestEnv(home, io.env, benchClusterName);
  try {
    const quiet = memoryIo(env);
    const started = Date.now();
    const code = await cluster(['up', '--engine', 'kind', '--nodes', '1'], quiet);
    const ready = Date.now() - started;
    if (code !== 0) throw new Error(`cluster:up --engine kind failed:\n${quiet.out()}`);
    io.stdout.write(`${formatRow('ready time, cached images (create → Ready, 2 nodes)', formatDuration(ready), '< 60 s', ready < 60_000)}\n`);

    const record = join(paths(io.env).bin, 'build-times.json');
    if (existsSync(record)) {
      const times = JSON.parse(await readFile(record, 'utf8')) as { recordedAt: string; steps: Record<string, number> };
      const steps = Object.entries(times.steps).filter(([step]) => isKindBuildStep(step));
      const total = steps.reduce((a, [, ms]) => a + ms, 0);
      io.stdout.write(`${formatRow(`first offline build of kind's parts (recorded ${times.recordedAt.slice(0, 10)})`, formatDuration(total))}\n`);
      for (const [step, ms] of steps) io.stdout.write(`${formatRow(`  ${step}`, formatDuration(ms))}\n`);
      io.stdout.write('  (+ the node image assembly; wall times of the machine they ran on, under its load)\n');
    }

    const all = flags.includes('--all');
    const ids: string[] = [];
    for (const id of all ? await labIds() : defaultBenchLabs) {
      const { lab } = await findLab(id);
      if (lab.environments.length > 0 && lab.environments.every((e) => e === 'kubernetes')) ids.push(id);
    }
    io.stdout.write(`\nharness per lab, one namespace, one lab at a time (${all ? 'every Kubernetes lab' : `${ids.length} labs; --all for every Kubernetes lab`}):\n`);
    io.stdout.write(`${'lab'.padEnd(26)} ${'kind'.padStart(16)} ${'Docker-free'.padStart(16)}\n`);
    for (const id of ids) {
      const onKind = await harness(id, env, 'kind');
      const onKwok = await harness(id, io.env, 'kwok');
      io.stdout.write(`${harnessRow(id, onKind, onKwok)}\n`);
      for (const [engine, r] of [['kind', onKind], ['Docker-free', onKwok]] as const) {
        for (const p of r.phases.filter((x) => !x.ok)) io.stdout.write(`  ${engine} ${p.name}: ${p.detail.split('\n')[0]}\n`);
      }
    }
  } finally {
    await deleteKindTestCluster(home, benchClusterName);
  }
}
