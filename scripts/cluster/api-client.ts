import { CoreV1Api, VersionApi } from '@kubernetes/client-node';
import { ContextError } from '../../checker/lib/errors.ts';
import { loadKubeConfig, type KubeTarget } from '../../checker/lib/kube-config.ts';

export interface ApiStatus {
  version: string;
  nodes: { name: string; ready: boolean; kubelet?: string; runtime?: string }[];
}

/** Ask the API server for its version and the nodes' readiness. */
export async function apiStatus(target: KubeTarget): Promise<ApiStatus> {
  const kc = loadKubeConfig(target);
  const version = await kc.makeApiClient(VersionApi).getCode();
  const nodes = await kc.makeApiClient(CoreV1Api).listNode();
  return {
    version: version.gitVersion,
    nodes: nodes.items.map((n) => ({
      name: n.metadata?.name ?? '?',
      ready: n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      kubelet: n.status?.nodeInfo?.kubeletVersion,
      runtime: n.status?.nodeInfo?.containerRuntimeVersion,
    })),
  };
}

/** Poll `/version` until the API server answers or `timeoutMs` passes. */
export async function waitForApiServer(target: KubeTarget, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const kc = loadKubeConfig(target);
      return (await kc.makeApiClient(VersionApi).getCode()).gitVersion;
    } catch (err) {
      last = err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new ContextError(`the API server for context "${target.context}" did not answer within ${timeoutMs / 1000} s`, { cause: last });
}
