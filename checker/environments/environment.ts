import type { KubeApi } from './kube-api.ts';
import type { DockerView } from './docker-view.ts';
import type { SandboxView } from './sandbox-view.ts';

/**
 * The live systems checks read, behind one small interface. Each getter
 * connects lazily and throws EnvironmentUnavailable (with the command that
 * starts it) when that system is not running.
 */
export interface Environment {
  kubeApi(): Promise<KubeApi>;
  docker(): Promise<DockerView>;
  sandbox(): Promise<SandboxView>;
  close(): void;
}
