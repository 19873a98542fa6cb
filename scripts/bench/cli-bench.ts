import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../../checker/lib/io.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import { repoRoot } from '../../checker/labs/load.ts';
import { compiledEntry } from '../cli-build/inputs.mjs';
import { formatRow, percentile } from './stats.ts';

/** Wall time of one process, start to exit (its exit code does not matter here). */
function timeProcess(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve) => execFile(file, args, { env, timeout: 120_000 }, () => resolve(performance.now() - t0)));
}

/**
 * The checks of the deployments lab written as a learner's shell script
 * would: one `kubectl get -o jsonpath` per fact the lab reads (the
 * Deployment's fields, its readiness, its ReplicaSets for the rollout
 * history), the reference `labs check deployments` is compared with.
 */
const kubectlScript = `#!/bin/bash
ns="$1"
k() { kubectl --namespace "$ns" get "$@" 2>/dev/null; }
[ "$(k deployment web -o jsonpath='{.spec.replicas}')" = 3 ] || echo "replicas"
[ "$(k deployment web -o jsonpath='{.spec.template.metadata.labels.app}')" = web ] || echo "label"
[[ "$(k deployment web -o jsonpath='{.spec.template.spec.containers[0].image}')" =~ ^nginx:1\\.30 ]] || echo "image"
[ "$(k deployment web -o jsonpath='{.spec.strategy.type}')" = RollingUpdate ] || echo "strategy"
[ "$(k deployment web -o jsonpath='{.spec.strategy.rollingUpdate.maxSurge}')" = 1 ] || echo "maxSurge"
[ "$(k deployment web -o jsonpath='{.spec.strategy.rollingUpdate.maxUnavailable}')" = 0 ] || echo "maxUnavailable"
[ "$(k deployment web -o jsonpath='{.status.readyReplicas}')" = 3 ] || echo "ready"
k replicasets -l app=web -o jsonpath='{range .items[*]}{.metadata.annotations.deployment\\.kubernetes\\.io/revision} {.spec.template.spec.containers[0].image}{"\\n"}{end}' | grep -q 'nginx:1\\.31' || echo "history"
exit 0
`;

/**
 * The \`labs\` CLI as whole processes: \`labs --help\` (goal < 150 ms), and
 * \`labs check deployments\` beside the equivalent kubectl script in the same
 * run (goal: under half its time). Runs the compiled CLI when it is current
 * (\`npm run build:cli\`), and says which one it ran.
 */
export async function cliBench(io: Io, runs = 10): Promise<void> {
  io.stdout.write('\n── labs CLI (whole processes, median of runs)\n');
  const labs = join(repoRoot, 'bin/labs.mjs');
  const compiled = compiledEntry() !== null;
  io.stdout.write(`${formatRow('running', compiled ? 'compiled' : 'sources (tsx)')}${compiled ? '' : '  (the build is missing or stale: npm run build:cli)'}\n`);
  const median = async (file: string, args: string[], env: NodeJS.ProcessEnv = io.env) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timeProcess(file, args, env));
    return percentile(times, 50);
  };
  const node = await median(process.execPath, ['-e', '0']);
  io.stdout.write(`${formatRow('node -e 0 (the floor on this machine)', `${node.toFixed(0)} ms`)}\n`);
  const help = await median(process.execPath, [labs, '--help']);
  io.stdout.write(`${formatRow('labs --help', `${help.toFixed(0)} ms`, '< 150 ms', help < 150)}\n`);

  const state = await readClusterState(io.env);
  if (!state) {
    io.stdout.write(`${formatRow('labs check deployments vs kubectl script', 'skipped')}  (no lab cluster: npm run cluster:up)\n`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kubecamp-cli-bench-'));
  try {
    const script = join(dir, 'check-deployments.sh');
    writeFileSync(script, kubectlScript, { mode: 0o755 });
    const env = { ...io.env, KUBECONFIG: state.kubeconfig, PATH: `${state.binDir ? `${state.binDir}:` : ''}${io.env.PATH ?? ''}` };
    // Alternate the two so load on the machine falls on both alike.
    const check: number[] = [];
    const bash: number[] = [];
    for (let i = 0; i < runs; i++) {
      check.push(await timeProcess(process.execPath, [labs, 'check', 'deployments', '--workspace', dir], env));
      bash.push(await timeProcess('bash', [script, 'lab-deployments'], env));
    }
    const c = percentile(check, 50);
    const b = percentile(bash, 50);
    io.stdout.write(`${formatRow('kubectl script, 8 gets (lab-deployments)', `${b.toFixed(0)} ms`)}\n`);
    io.stdout.write(`${formatRow('labs check deployments', `${c.toFixed(0)} ms`, `< ${(b / 2).toFixed(0)} ms (half the script)`, c < b / 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
