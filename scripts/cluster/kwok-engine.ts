import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../../checker/lib/atomic-file.ts';
import { dirname, join } from 'node:path';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { exec } from '../../checker/lib/exec.ts';
import { timedStep } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { clusterName, versions } from '../versions.ts';
import type { Availability, ClusterEngine, ClusterInfo, EngineContext, UpOptions } from './engine.ts';
import { binaryLocations, ensureKubeBinaries, missingBinaries, type KubeBinaries } from './kube-binaries.ts';
import { applyClusterDefaults } from './cluster-defaults.ts';
import { assertPortFree } from './ports.ts';
import { downloadSkipReason, releasePlatform } from './release-artefacts.ts';
import { waitForApiServer } from './api-client.ts';
import { takeOverNodeLeases } from './node-leases.ts';
import { deadComponents, leaderElectionArgs, withoutLeaderElection } from './kwok-components.ts';

/** kwokctl arguments for a binary-runtime cluster using our locally built binaries. */
export function kwokCreateArgs(bins: KubeBinaries, kubeconfig: string, options: { port?: number }): string[] {
  const args = [
    'create', 'cluster',
    '--name', clusterName,
    '--runtime', 'binary',
    '--kube-apiserver-binary', bins.kubeApiserver,
    '--kube-controller-manager-binary', bins.kubeControllerManager,
    '--kube-scheduler-binary', bins.kubeScheduler,
    '--kwok-controller-binary', bins.kwok,
    '--etcd-binary', bins.etcd,
    // Real authorization (RBAC) and admission (ServiceAccount, LimitRanger, ResourceQuota, PodSecurity…).
    '--kube-authorization',
    '--kube-admission',
    // Heartbeats as a real kubelet's (kwokctl's default stretches them 5×): a 40 s node Lease renewed
    // every 10 s, Nodes NotReady 40 s after kwok stops. A restarted kwok takes over its nodes within
    // ~10 s instead of ~50 s (see node-leases.ts).
    '--heartbeat-factor', '1',
    ...leaderElectionArgs,
    '--kubeconfig', kubeconfig,
    '--wait', '120s',
  ];
  if (options.port) args.push('--kube-apiserver-port', String(options.port));
  return args;
}

/** kwokctl keeps its clusters under our cache, not ~/.kwok. */
function kwokctlEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, KWOK_WORKDIR: paths(env).kwokWorkdir };
}

/** Stop every process of the kwok cluster and keep its state, as a reboot does; `cluster:up` starts it again. */
export async function stopKwokCluster(env: NodeJS.ProcessEnv): Promise<void> {
  await exec(binaryLocations(env).kwokctl, ['stop', 'cluster', '--name', clusterName], { env: kwokctlEnv(env), timeoutMs: 120_000 });
}

export function kwokEngine({ env, logger }: EngineContext): ClusterEngine {
  const p = paths(env);
  const kwokEnv = kwokctlEnv(env);
  const info = (): ClusterInfo => ({ engine: 'kwok', kubeconfig: p.kubeconfig, context: `kwok-${clusterName}`, binDir: dirname(binaryLocations(env).kubectl) });

  async function exists(): Promise<boolean> {
    if (!existsSync(binaryLocations(env).kwokctl)) return false;
    const r = await exec(binaryLocations(env).kwokctl, ['get', 'clusters'], { env: kwokEnv, allowFailure: true });
    return r.code === 0 && r.stdout.split('\n').some((l) => l.trim() === clusterName);
  }

  return {
    name: 'kwok',
    info,
    exists,
    async detect(): Promise<Availability> {
      if (process.platform !== 'linux' && process.platform !== 'darwin') {
        return { ok: false, reason: `the Docker-free control plane runs on Linux and macOS, not ${process.platform}`, fix: 'use --engine kind (Docker Desktop + kind)' };
      }
      const missing = missingBinaries(binaryLocations(env));
      if (missing.length === 0) return { ok: true };
      // up() downloads the official release binaries where it can, and builds the rest with Go.
      if (!downloadSkipReason(env, releasePlatform())) return { ok: true };
      const go = await exec('go', ['version'], { env, allowFailure: true }).catch(() => null);
      if (!go || go.code !== 0) {
        return { ok: false, reason: `control-plane binaries are not built, ${downloadSkipReason(env, releasePlatform())}, and Go is not installed`, fix: 'install Go 1.26+ and run `npm run cluster:build`, or install Docker and kind and use --engine kind' };
      }
      return { ok: true };
    },
    async up(options: UpOptions): Promise<ClusterInfo> {
      const bins = await ensureKubeBinaries({ env, logger });
      options.onBuilt?.();
      await mkdir(p.kwokWorkdir, { recursive: true });
      if (await exists()) {
        await withContext(`starting the existing kwok cluster "${clusterName}"`, async () => {
          const clusterDir = join(p.kwokWorkdir, 'clusters', clusterName);
          const answers = await waitForApiServer(info(), 3_000).then(() => true, () => false);
          const dead = answers ? deadComponents(clusterDir) : [];
          // A cluster created before its controllers ran without leader election gets it on this start (its data is kept).
          const saved = join(clusterDir, 'kwok.yaml');
          const patched = existsSync(saved) ? withoutLeaderElection(await readFile(saved, 'utf8')) : undefined;
          if (patched) {
            await writeFileAtomic(saved, patched);
            logger.info(`kwok cluster "${clusterName}": its controller-manager and scheduler now run without leader election (with it they stop for good when a slow API server misses a lease renewal)`);
          }
          if (answers && dead.length === 0 && !patched) {
            logger.info(`kwok cluster "${clusterName}" is already running`);
            return;
          }
          if (dead.length) {
            // The API server answers, but without its scheduler or controllers nothing would happen.
            logger.warn(`kwok cluster "${clusterName}": ${dead.join(', ')} not running (logs: ${join(clusterDir, 'logs')}); restarting it`);
          }
          if (answers) await exec(bins.kwokctl, ['stop', 'cluster', '--name', clusterName], { env: kwokEnv, timeoutMs: 120_000, allowFailure: true });
          await timedStep(logger, `restarting the stopped kwok cluster "${clusterName}"`, () => exec(bins.kwokctl, ['start', 'cluster', '--name', clusterName], { env: kwokEnv, timeoutMs: 180_000 }));
          await waitForApiServer(info(), 60_000);
        }, 'the cluster looks stale: run `npm run cluster:reset` to delete and recreate it');
      } else {
        if (options.port) await assertPortFree(options.port);
        await timedStep(logger, `starting the control plane (etcd, kube-apiserver, controller-manager, scheduler, kwok) v${versions.kubernetes}`, async () => {
          try {
            await exec(bins.kwokctl, kwokCreateArgs(bins, p.kubeconfig, options), { env: kwokEnv, timeoutMs: 240_000 });
          } catch (err) {
            // Leave nothing half-created behind.
            await exec(bins.kwokctl, ['delete', 'cluster', '--name', clusterName, '--kubeconfig', p.kubeconfig], { env: kwokEnv, allowFailure: true }).catch(() => {});
            throw new ContextError(`creating the kwok cluster "${clusterName}" failed and was rolled back`, { cause: err });
          }
        });
      }
      await timedStep(logger, `making ${options.nodes} simulated nodes Ready`, () =>
        exec(bins.kwokctl, ['scale', 'node', '--replicas', String(options.nodes), '--name', clusterName], { env: kwokEnv, timeoutMs: 120_000 }),
      );
      // Node Leases renewed before the running kwok started belong to one that is gone.
      const clusterDir = join(p.kwokWorkdir, 'clusters', clusterName);
      const since = await stat(join(clusterDir, 'pids', 'kwok-controller.pid')).then((s) => s.mtime, () => undefined);
      await takeOverNodeLeases(info(), logger, { since, kwokLog: join(clusterDir, 'logs', 'kwok-controller.log') });
      await applyClusterDefaults(info(), logger);
      return info();
    },
    async down() {
      if (!(await exists())) return;
      const bins = binaryLocations(env);
      await timedStep(logger, `deleting the kwok cluster "${clusterName}"`, () =>
        exec(bins.kwokctl, ['delete', 'cluster', '--name', clusterName, '--kubeconfig', p.kubeconfig], { env: kwokEnv, timeoutMs: 120_000 }),
      );
    },
  };
}
