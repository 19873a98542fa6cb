import { readClusterState } from '../lib/cluster-state.ts';
import { dockerClient, DockerApiError, type DockerClient, type DockerEvent } from '../lib/docker-api.ts';
import { readSandboxState } from '../lib/sandbox-state.ts';
import { EnvironmentUnavailable } from '../engine/outcome.ts';
import type { DockerView } from './docker-view.ts';
import { isTrialRunEvent, trialRunner } from './trial-run.ts';
import type { Environment } from './environment.ts';
import type { KubeApi } from './kube-api.ts';
import type { SandboxView } from './sandbox-view.ts';

const orNull = async <T>(p: Promise<T>): Promise<T | null> => {
  try {
    return await p;
  } catch (err) {
    if (err instanceof DockerApiError && err.status === 404) return null;
    throw err;
  }
};

/**
 * Events that change nothing a check reads (the checker's own trial containers' too, see trial-run.ts). `exec_create`/`exec_start`/`exec_die` come from every
 * `docker exec`, the checker's own `docker.exec` checks and healthcheck probes included: reacting
 * to them re-ran the checks, whose execs made new events, in a loop for as long as a lab was open.
 */
export const isNoiseEvent = (e: DockerEvent) =>
  (typeof e.Action === 'string' && e.Action.startsWith('exec_')) ||
  isTrialRunEvent(e) ||
  // Joining or leaving the `none` network (every --network none container does) connects nothing.
  (e.Type === 'network' && e.Actor?.Attributes?.type === 'null');

/** The checks' view of a Docker engine, plus an event stream for live mode. */
export function dockerView(client: DockerClient): DockerView & { events(onEvent: () => void): () => void } {
  return {
    trialRun: trialRunner(client),
    inspectImage: (ref) => client.inspectImage(ref),
    inspectContainer: (name) => client.inspectContainer(name),
    listContainers: (filters) => client.listContainers({ all: true, filters }),
    exec: (container, command, options) => client.exec(container, command, { user: options?.user }),
    inspectNetwork: (name) => orNull(client.request('GET', `/networks/${encodeURIComponent(name)}`)),
    inspectVolume: (name) => orNull(client.request('GET', `/volumes/${encodeURIComponent(name)}`)),
    events(onEvent) {
      let stop = () => {};
      let stopped = false;
      void client.events({}, (e) => void (isNoiseEvent(e) || onEvent())).then((s) => (stopped ? s() : (stop = s)), () => {});
      return () => {
        stopped = true;
        stop();
      };
    },
  };
}

/**
 * The environments on this machine: the lab cluster recorded by `cluster:up`,
 * the Docker engine at DOCKER_HOST or the default socket, the sandbox container
 * recorded by `sandbox:up`. Connections are made on first use and reused.
 */
export function localEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  let kube: Promise<KubeApi> | undefined;
  let docker: Promise<ReturnType<typeof dockerView>> | undefined;
  let sandbox: Promise<SandboxView> | undefined;
  const client = () => dockerClient(env);

  const connectDocker = async () => {
    const c = client();
    if (!(await c.ping())) {
      throw new EnvironmentUnavailable(`no Docker engine answers at ${c.address}`, { fix: 'start Docker (`npm run docker:up`)' });
    }
    return dockerView(c);
  };

  return {
    kubeApi() {
      kube ??= (async () => {
        const state = await readClusterState(env);
        if (!state) throw new EnvironmentUnavailable('no lab cluster is running', { fix: 'start one with `npm run cluster:up`' });
        // Imported when a lab reads the cluster: the Kubernetes client is the heaviest module the CLI loads.
        const { createKubeApi } = await import('./kube-api.ts');
        return createKubeApi(state);
      })();
      kube.catch(() => (kube = undefined));
      return kube;
    },
    docker() {
      docker ??= connectDocker();
      docker.catch(() => (docker = undefined));
      return docker;
    },
    sandbox() {
      sandbox ??= (async () => {
        const state = await readSandboxState(env);
        if (!state) throw new EnvironmentUnavailable('the Linux sandbox is not running', { fix: 'start it with `npm run sandbox:up`' });
        const c = client();
        const inspect = await c.inspectContainer(state.container).catch(() => null);
        if (!inspect?.State?.Running) throw new EnvironmentUnavailable(`the sandbox container ${state.container} is not running`, { fix: 'start it with `npm run sandbox:up`' });
        return {
          container: state.container,
          cgroupVersion: state.cgroupVersion,
          exec: (command: string) => c.exec(state.container, ['sh', '-c', command]),
        };
      })();
      sandbox.catch(() => (sandbox = undefined));
      return sandbox;
    },
    close() {
      void kube?.then((k) => k.close(), () => {});
    },
  };
}
