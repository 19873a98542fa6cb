import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ContextError } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { timedStep } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { clusterName, kindNodeImage, versions } from '../versions.ts';
import { waitForApiServer } from './api-client.ts';
import { applyClusterDefaults } from './cluster-defaults.ts';
import type { Availability, ClusterEngine, ClusterInfo, EngineContext, UpOptions } from './engine.ts';

/**
 * Host ports the Service and Ingress lessons use: the ingress controller's
 * 80/443 on 8080/8443 (no root needed), and one NodePort.
 */
export const kindPortMappings = [
  { containerPort: 80, hostPort: 8080, protocol: 'TCP' },
  { containerPort: 443, hostPort: 8443, protocol: 'TCP' },
  { containerPort: 30080, hostPort: 30080, protocol: 'TCP' },
] as const;

/** The kind cluster config: one control-plane node labelled ingress-ready with the port mappings, plus workers. */
export function kindConfig(workers: number): Record<string, unknown> {
  return {
    kind: 'Cluster',
    apiVersion: 'kind.x-k8s.io/v1alpha4',
    name: clusterName,
    nodes: [
      {
        role: 'control-plane',
        image: kindNodeImage,
        labels: { 'ingress-ready': 'true' },
        extraPortMappings: kindPortMappings.map((m) => ({ ...m, listenAddress: '127.0.0.1' })),
      },
      ...Array.from({ length: workers }, () => ({ role: 'worker', image: kindNodeImage })),
    ],
  };
}

export const kindCommands = {
  create: (configFile: string, kubeconfig: string) => ['create', 'cluster', '--name', clusterName, '--config', configFile, '--kubeconfig', kubeconfig, '--wait', '180s'],
  delete: (kubeconfig: string) => ['delete', 'cluster', '--name', clusterName, '--kubeconfig', kubeconfig],
  exportKubeconfig: (kubeconfig: string) => ['export', 'kubeconfig', '--name', clusterName, '--kubeconfig', kubeconfig],
  list: () => ['get', 'clusters'],
};

/** How to get kind, worded for this machine. */
export function kindInstallHint(hasGo: boolean): string {
  return hasGo
    ? `install kind with \`go install sigs.k8s.io/kind@v${versions.kind}\` (puts it in $(go env GOPATH)/bin), or use --engine kwok`
    : `install kind v${versions.kind} from https://kind.sigs.k8s.io/docs/user/quick-start/#installation, or use --engine kwok`;
}

export function kindEngine({ env, logger }: EngineContext): ClusterEngine {
  const p = paths(env);
  const info = (): ClusterInfo => ({ engine: 'kind', kubeconfig: p.kubeconfig, context: `kind-${clusterName}` });
  const kind = (args: string[], timeoutMs = 60_000) => exec('kind', args, { env, timeoutMs });

  async function exists(): Promise<boolean> {
    if (!(await commandExists('kind', env))) return false;
    const r = await exec('kind', kindCommands.list(), { env, allowFailure: true });
    return r.code === 0 && r.stdout.split('\n').some((l) => l.trim() === clusterName);
  }

  return {
    name: 'kind',
    info,
    exists,
    async detect(): Promise<Availability> {
      const docker = await exec('docker', ['info', '--format', '{{.ServerVersion}}'], { env, allowFailure: true, timeoutMs: 15_000 }).catch(() => null);
      if (!docker || docker.code !== 0) {
        return { ok: false, reason: 'kind needs a running Docker engine and none answers', fix: 'start Docker (`npm run docker:up` on Linux), or use --engine kwok' };
      }
      if (!(await commandExists('kind', env))) {
        return { ok: false, reason: 'kind is not installed', fix: kindInstallHint(await commandExists('go', env)) };
      }
      return { ok: true };
    },
    async up(options: UpOptions): Promise<ClusterInfo> {
      if (await exists()) {
        logger.info(`kind cluster "${clusterName}" exists; reusing it`);
        await kind(kindCommands.exportKubeconfig(p.kubeconfig));
      } else {
        await mkdir(p.home, { recursive: true });
        const configFile = join(p.home, 'kind-config.yaml');
        await writeFile(configFile, stringify(kindConfig(options.nodes)));
        await timedStep(logger, `creating kind cluster "${clusterName}" (node image v${versions.kubernetes})`, async () => {
          try {
            await kind(kindCommands.create(configFile, p.kubeconfig), 600_000);
          } catch (err) {
            await exec('kind', kindCommands.delete(p.kubeconfig), { env, allowFailure: true }).catch(() => {});
            throw new ContextError(`creating the kind cluster "${clusterName}" failed and was rolled back`, { cause: err });
          }
        });
      }
      await waitForApiServer(info(), 60_000);
      await applyClusterDefaults(info(), logger);
      return info();
    },
    async down() {
      if (!(await exists())) return;
      await timedStep(logger, `deleting kind cluster "${clusterName}"`, () => kind(kindCommands.delete(p.kubeconfig), 180_000));
    },
  };
}
