import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import type { EnvironmentStatus } from './environment-status.ts';
import type { Readiness } from './lab-view.ts';

/**
 * Whether a lab that needs `needs` can be worked on now, and otherwise the
 * first missing engine with the exact command that starts it. The sandbox is a
 * container, so it needs the Docker engine.
 */
export function labReadiness(status: EnvironmentStatus, needs: readonly EnvironmentName[]): Readiness {
  if (needs.includes('kubernetes') && !status.kubernetes.running) {
    const k = status.kubernetes;
    if (status.starting) return { ready: false, message: 'The lab cluster is starting; the lab opens when it is ready.', command: k.start };
    return { ready: false, message: `Kubernetes is not running (${k.reason}). Start it with:`, command: k.start };
  }
  if ((needs.includes('docker') || needs.includes('sandbox')) && !status.docker.running) {
    return { ready: false, message: `The Docker engine is not running (${status.docker.reason}). Start it with:`, command: status.docker.start };
  }
  return { ready: true };
}
