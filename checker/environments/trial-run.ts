import { DockerApiError, type DockerClient, type DockerEvent } from '../lib/docker-api.ts';
import type { TrialRun, TrialRunOptions } from './docker-view.ts';

/** The label on the checker's throwaway containers: their events change nothing a check reads. */
export const trialRunLabel = 'io.kubecamp.trial-run';

export const isTrialRunEvent = (e: DockerEvent) => e.Actor?.Attributes?.[trialRunLabel] !== undefined;

/** How often the container's state is read while it runs. */
const pollMs = 200;
/** Results remembered per runner (image IDs are content addresses, so a result stays true). */
const cacheSize = 64;
/** A trial container gets no more than this: a learner's image must not take the machine. */
const limits = { Memory: 512 * 1024 * 1024, PidsLimit: 256, NanoCpus: 1e9 };

/**
 * Runs an image as `docker run IMAGE` would — its ENTRYPOINT, CMD, USER and WORKDIR — but with no
 * network and bounded resources, for `seconds`, and says whether it still ran then and what it
 * printed. Results are remembered by image ID and options: a live watch re-checks on every Docker
 * event, and the trial's own events must not start another trial.
 */
export function trialRunner(client: DockerClient): (imageId: string, options: TrialRunOptions) => Promise<TrialRun> {
  const remembered = new Map<string, Promise<TrialRun>>();
  return (imageId, options) => {
    const key = JSON.stringify([imageId, Object.entries(options.env).sort(), options.seconds]);
    let run = remembered.get(key);
    if (!run) {
      run = trialRun(client, imageId, options);
      remembered.set(key, run);
      run.catch(() => remembered.delete(key));
      if (remembered.size > cacheSize) remembered.delete(remembered.keys().next().value!);
    }
    return run;
  };
}

/**
 * The engine answered, refusing: that is the run's result, in the engine's words (as `docker run`
 * prints them). An engine that does not answer is an error of the environment, thrown on.
 */
function refused(err: unknown): TrialRun {
  if (!(err instanceof DockerApiError)) throw err;
  return { running: false, ranMs: 0, output: '', error: String(err.cause ?? err.message) };
}

/** A trial lasts at most 30 s; one older than this was left by a checker that stopped mid-trial. */
const leftoverAfterS = 120;

async function removeLeftovers(client: DockerClient): Promise<void> {
  const all = await client.listContainers({ all: true, filters: { label: [trialRunLabel] } });
  const old = all.filter((c) => Date.now() / 1000 - (c.Created ?? 0) > leftoverAfterS);
  await Promise.all(old.map((c) => client.removeContainer(c.Id, { force: true }).catch(() => {})));
}

async function trialRun(client: DockerClient, imageId: string, options: TrialRunOptions): Promise<TrialRun> {
  await removeLeftovers(client);
  let id: string;
  try {
    id = await client.createContainer({
      Image: imageId,
      Env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`),
      Labels: { [trialRunLabel]: 'true' },
      HostConfig: { NetworkMode: 'none', ...limits },
    });
  } catch (err) {
    // The engine refuses what `docker run` would refuse too, e.g. "no command specified".
    return refused(err);
  }
  try {
    const started = Date.now();
    try {
      await client.startContainer(id);
    } catch (err) {
      // …or cannot start, e.g. an executable file not found in $PATH.
      return refused(err);
    }
    const deadline = started + options.seconds * 1000;
    let state = (await client.inspectContainer(id))?.State;
    while (state?.Running && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
      state = (await client.inspectContainer(id))?.State;
    }
    const logs = await client.logs(id, { tail: 50 });
    const output = [logs.stdout, logs.stderr].map((s) => s.trim()).filter(Boolean).join('\n');
    if (state?.Running) return { running: true, ranMs: Date.now() - started, output };
    const ran = Date.parse(state?.FinishedAt ?? '') - Date.parse(state?.StartedAt ?? '');
    return {
      running: false,
      exitCode: state?.ExitCode,
      oomKilled: Boolean(state?.OOMKilled),
      ranMs: Number.isFinite(ran) && ran >= 0 ? ran : Date.now() - started,
      output,
    };
  } finally {
    await client.removeContainer(id, { force: true }).catch(() => {});
  }
}
