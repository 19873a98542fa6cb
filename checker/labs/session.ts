import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { readClusterState } from '../lib/cluster-state.ts';
import { paths } from '../lib/paths.ts';
import { readSandboxState } from '../lib/sandbox-state.ts';
import type { Lab } from '../schemas/lab.ts';

/** Everything a shell for this lab needs: used by setup/solution steps, the harness and the site's terminal. */
export interface LabSession {
  namespace: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

export function defaultNamespace(labId: string): string {
  return `lab-${labId}`.slice(0, 63);
}

/**
 * Environment variables for a lab shell: KUBECONFIG pointing at a copy of the
 * lab cluster's config whose context defaults to the lab namespace (so a plain
 * `kubectl apply -f` lands there), kubectl first on PATH, and where the sandbox is.
 */
export async function labSession(lab: Lab, options: { namespace: string; workspace: string; env?: NodeJS.ProcessEnv }): Promise<LabSession> {
  const base = options.env ?? process.env;
  const env: NodeJS.ProcessEnv = { ...base, LAB_ID: lab.id, LAB_NAMESPACE: options.namespace, LAB_WORKSPACE: options.workspace };
  const cluster = await readClusterState(base);
  if (cluster && lab.environments.includes('kubernetes')) {
    // Imported here: the Kubernetes client is heavy, and `labs check` needs only defaultNamespace from this file.
    const { loadKubeConfig } = await import('../lib/kube-config.ts');
    const kc = loadKubeConfig(cluster);
    const ctx = kc.getContextObject(cluster.context)!;
    const scoped = { ...ctx, namespace: options.namespace };
    kc.contexts = kc.contexts.map((c) => (c.name === ctx.name ? scoped : c));
    const dir = join(paths(base).sessions, options.namespace);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'kubeconfig');
    await writeFile(file, kc.exportConfig(), { mode: 0o600 });
    env.KUBECONFIG = file;
    if (cluster.binDir) env.PATH = `${cluster.binDir}${delimiter}${base.PATH ?? ''}`;
  }
  const sandbox = await readSandboxState(base).catch(() => null);
  if (sandbox) env.KUBECAMP_SANDBOX = sandbox.container;
  return { namespace: options.namespace, workspace: options.workspace, env };
}
