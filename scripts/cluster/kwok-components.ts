import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The kwok cluster's processes (kwokctl's binary runtime writes one `pids/<component>.pid` each:
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller) that are not
 * running. An API server that answers says nothing about the scheduler or the controllers: when
 * they die (killed with the shell that started them, an OOM kill) Pods stay Pending for good.
 */
export function deadComponents(clusterDir: string): string[] {
  const dir = join(clusterDir, 'pids');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -'.pid'.length))
    .filter((component) => !componentRunning(component, readFileSync(join(dir, `${component}.pid`), 'utf8').trim()))
    .sort();
}

function componentRunning(component: string, pidText: string): boolean {
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A pid is reused after its process ends: on Linux, make sure it is still that program.
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').split('\0').some((arg, i) => i === 0 && arg.split('/').pop() === component);
  } catch {
    return false;
  }
}
