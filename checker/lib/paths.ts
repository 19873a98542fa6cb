import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where kubecamp keeps things outside the repo: built binaries, the lab
 * kubeconfig and the record of which engine is running. `KUBECAMP_HOME`
 * overrides it (tests use a temporary one).
 */
export function kubecampHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBECAMP_HOME) return env.KUBECAMP_HOME;
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'kubecamp');
}

export function paths(env: NodeJS.ProcessEnv = process.env) {
  const home = kubecampHome(env);
  return {
    home,
    /** Built or downloaded binaries, one folder per component version. */
    bin: join(home, 'bin'),
    /** Scratch modules for building binaries from Go modules. */
    build: join(home, 'build'),
    /** The kubeconfig the labs use; the user's own ~/.kube/config is never touched. */
    kubeconfig: join(home, 'kubeconfig'),
    /** Which engine is up, its context and kubeconfig (written by cluster:up). */
    clusterState: join(home, 'cluster.json'),
    /** kwokctl's own work dir, kept beside ours. */
    kwokWorkdir: join(home, 'kwok'),
    /** Per-namespace kubeconfigs whose context defaults to the lab namespace. */
    sessions: join(home, 'sessions'),
    /** Learners' lab workspaces (their edited files): data, not cache. */
    workspaces: env.KUBECAMP_WORKSPACES || join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'kubecamp', 'workspaces'),
  };
}
