import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, isMap, isSeq } from 'yaml';

/**
 * The components that run without leader election: alone in this cluster, they have nobody to elect,
 * and with it they exit for good the first time the API server is too slow to renew their lease (a
 * loaded machine: an image build, a kind cluster starting beside it) — and with them every controller
 * and the scheduler, while the API server still answers.
 */
export const singleInstanceComponents = ['kube-controller-manager', 'kube-scheduler'];

/** kwokctl `--extra-args` for them. */
export const leaderElectionArgs = singleInstanceComponents.flatMap((c) => ['--extra-args', `${c}=leader-elect=false`]);

/**
 * A cluster's kwok.yaml (kwokctl's saved configuration, several YAML documents) with
 * `--leader-elect=false` added to those components' arguments, for a cluster created before they
 * had it; undefined when nothing needs adding.
 */
export function withoutLeaderElection(kwokYaml: string): string | undefined {
  const docs = parseAllDocuments(kwokYaml);
  let changed = false;
  for (const doc of docs) {
    if (!('contents' in doc) || !isMap(doc.contents) || doc.get('kind') !== 'KwokctlConfiguration') continue;
    const components = doc.get('components');
    if (!isSeq(components)) continue;
    for (const component of components.items) {
      if (!isMap(component) || !singleInstanceComponents.includes(String(component.get('name')))) continue;
      const args = component.get('args');
      if (!isSeq(args)) continue;
      if (args.items.some((a) => String((a as { value?: unknown }).value ?? a).startsWith('--leader-elect'))) continue;
      args.add('--leader-elect=false');
      changed = true;
    }
  }
  return changed ? docs.map((d) => d.toString()).join('') : undefined;
}

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
