import { clearClusterState, readClusterState, writeClusterState, type EngineName } from '../../checker/lib/cluster-state.ts';
import { ContextError } from '../../checker/lib/errors.ts';
import type { Io } from '../../checker/lib/io.ts';
import { createLogger, formatDuration } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { apiStatus } from './api-client.ts';
import { chooseEngine, engineFor, parseEngineName } from './engines.ts';
import { announceStep, ensureKubeBinaries, onBuildStep, plannedKubeBuildSteps, recordBuildTimes } from './kube-binaries.ts';
import { describeStartProgress, readBuildTimes, readStartProgress, startClusterStep, startProgressWriter } from '../../checker/lib/start-progress.ts';
import { ensureKindArtifacts, kindArtifactsSummary } from './kind-build.ts';
import { parseCommandLine } from '../../checker/lib/command-line.ts';

const usage = `usage: cluster <up|down|status|reset|build> [options]

  up      create or start the lab cluster (idempotent)
  down    delete the lab cluster (an --engine existing cluster is only forgotten)
  status  which engine runs, API server version, nodes and readiness
  reset   delete and recreate the lab cluster with the same engine
  build   build the Docker-free control plane's binaries into the cache;
          with --engine kind: kind, the Kubernetes binaries and kind's node image (offline)

options:
  --engine kind|kwok|existing   default: kind when Docker and kind work, else kwok
  --nodes N                     worker nodes (default 2)
  --port N                      fixed API server port (kwok only; default: a free one)
  --json                        status as JSON
  -v, --verbose                 more detail, stack traces on errors`;

/** `npm run cluster:<command>`: returns the exit code; errors are thrown for `runMain` to print once. */
export async function run(argv: string[], io: Io): Promise<number> {
  const { command, values, logger, exit } = parseCommandLine(argv, io, usage, {
    engine: { type: 'string' },
    nodes: { type: 'string', default: '2' },
    port: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  if (exit !== undefined) return exit;
  const ctx = { env: io.env, logger };
  const requested = values.engine ? parseEngineName(values.engine) : undefined;
  const nodes = parsePositiveInt(values.nodes!, '--nodes');
  const port = values.port ? parsePositiveInt(values.port, '--port') : undefined;

  switch (command) {
    case 'up': {
      const started = Date.now();
      const state = await readClusterState(io.env);
      if (state && requested && state.engine !== requested) {
        throw new ContextError(`a ${state.engine} lab cluster is already recorded`, { fix: `run \`npm run cluster:down\` first, then \`npm run cluster:up -- --engine ${requested}\`` });
      }
      const engine = await chooseEngine(requested ?? state?.engine, ctx);
      // What this start will do, with the time each step took when last recorded: `cluster:status` and the banner read it.
      const recorded = await readBuildTimes(io.env);
      const startStep = startClusterStep(engine.name);
      const steps = [...(engine.name === 'kwok' ? plannedKubeBuildSteps(io.env) : []), startStep];
      const progress = startProgressWriter(io.env, steps.map((name) => ({ name, ...(recorded[name] !== undefined ? { recordedMs: recorded[name] } : {}) })));
      await progress.begin();
      onBuildStep((name) => void progress.step(name));
      let target;
      let startedAt: number | undefined;
      try {
        target = await engine.up({ nodes, port, onBuilt: () => ((startedAt = Date.now()), announceStep(startStep)) });
      } finally {
        onBuildStep(undefined);
        await progress.end();
      }
      await writeClusterState({ ...target, createdAt: new Date().toISOString() }, io.env);
      // Only for the next estimate: a failure to record it must not fail the start.
      if (startedAt) await recordBuildTimes(io.env, { [startStep]: Date.now() - startedAt }).catch((err) => logger.debug(`could not record the start time: ${err}`));
      const status = await apiStatus(target);
      io.stdout.write(
        `\nlab cluster ready in ${formatDuration(Date.now() - started)}: ${engine.name}, Kubernetes ${status.version}, ` +
          `${status.nodes.filter((n) => n.ready).length}/${status.nodes.length} nodes Ready\n` +
          `use it from a shell:  export KUBECONFIG=${target.kubeconfig}; kubectl config use-context ${target.context}\n`,
      );
      return 0;
    }
    case 'down': {
      const state = await readClusterState(io.env);
      const names: EngineName[] = state ? [state.engine] : requested ? [requested] : ['kwok', 'kind'];
      for (const name of names) await engineFor(name, ctx).down();
      await clearClusterState(io.env);
      io.stdout.write('lab cluster is down\n');
      return 0;
    }
    case 'reset': {
      const state = await readClusterState(io.env);
      const name = requested ?? state?.engine;
      if (state) await engineFor(state.engine, ctx).down();
      await clearClusterState(io.env);
      return run(['up', ...(name ? ['--engine', name] : []), '--nodes', String(nodes), ...(port ? ['--port', String(port)] : [])], io);
    }
    case 'status':
      return status(io, values.json!);
    case 'build': {
      if (requested === 'kind') {
        const started = Date.now();
        const artifacts = await ensureKindArtifacts(ctx);
        io.stdout.write(kindArtifactsSummary(artifacts, Date.now() - started));
        return 0;
      }
      if (requested === 'existing') throw new ContextError('the existing engine has nothing to build', { fix: 'use `npm run cluster:build` (Docker-free control plane) or `npm run cluster:build -- --engine kind`' });
      const bins = await ensureKubeBinaries(ctx);
      io.stdout.write(`control-plane binaries are in ${paths(io.env).bin}\n`);
      if (values.verbose) io.stdout.write(`${JSON.stringify(bins, null, 2)}\n`);
      return 0;
    }
    default:
      throw new ContextError(`unknown command "${command}"`, { fix: 'use one of: up, down, status, reset, build' });
  }
}

async function status(io: Io, json: boolean, now = new Date()): Promise<number> {
  const state = await readClusterState(io.env);
  const starting = await readStartProgress(io.env);
  const startingText = starting && `a start is in progress (\`npm run cluster:up\`, pid ${starting.pid}, for ${formatDuration(now.getTime() - Date.parse(starting.since))}): ${describeStartProgress(starting, now)}`;
  if (!state || starting) {
    if (json) io.stdout.write(`${JSON.stringify({ running: false, ...(starting ? { starting: { ...starting, progress: describeStartProgress(starting, now) } } : {}) })}\n`);
    else io.stdout.write(startingText ? `${startingText}\n` : 'no lab cluster is running; start one with `npm run cluster:up`\n');
    return 1;
  }
  try {
    const s = await apiStatus(state);
    const ready = s.nodes.filter((n) => n.ready).length;
    if (json) io.stdout.write(`${JSON.stringify({ running: true, ...state, version: s.version, nodes: s.nodes })}\n`);
    else {
      io.stdout.write(
        `engine:      ${state.engine}\ncontext:     ${state.context}\nkubeconfig:  ${state.kubeconfig}\n` +
          `kubernetes:  ${s.version}\nnodes:       ${ready}/${s.nodes.length} Ready${s.nodes.length ? ` (${s.nodes.map((n) => `${n.name}${n.ready ? '' : ' NotReady'}`).join(', ')})` : ''}\n` +
          nodeVersions(s.nodes),
      );
    }
    return 0;
  } catch (err) {
    if (json) {
      io.stdout.write(`${JSON.stringify({ running: false, ...state, error: err instanceof Error ? err.message : String(err) })}\n`);
      return 1;
    }
    throw new ContextError(`the ${state.engine} cluster recorded at ${state.createdAt} does not answer`, {
      cause: err,
      fix: 'run `npm run cluster:up` to start it again, or `npm run cluster:reset` to recreate it',
    });
  }
}

/** `kubelet: v1.36.1 (3 nodes)` and `runtime: containerd://2.3.1` lines, one per distinct value. */
export function nodeVersions(nodes: { kubelet?: string; runtime?: string }[]): string {
  const line = (label: string, values: (string | undefined)[]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size === 0) return '';
    return `${label}${[...counts].map(([v, n]) => `${v} (${n} node${n === 1 ? '' : 's'})`).join(', ')}\n`;
  };
  return line('kubelet:     ', nodes.map((n) => n.kubelet)) + line('runtime:     ', nodes.map((n) => n.runtime));
}

function parsePositiveInt(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ContextError(`${flag} must be a positive whole number, got "${value}"`);
  return n;
}
