import { describe, expect, it } from 'vitest';
import { DockerApiError, type DockerClient } from '../lib/docker-api.ts';
import { isNoiseEvent } from './local.ts';
import { trialRunLabel, trialRunner } from './trial-run.ts';

/** An engine whose containers run for `runsMs` and then exit with `exitCode`, printing `output`. */
function fakeEngine(o: { runsMs: number; exitCode?: number; output?: string; refuseStart?: string }) {
  const calls: string[] = [];
  let started = 0;
  const client = {
    // One trial container left by a checker that stopped mid-trial (10 min ago), one of a trial running now.
    listContainers: async () => [
      { Id: 'left', Created: Date.now() / 1000 - 600 },
      { Id: 'current', Created: Date.now() / 1000 - 5 },
    ],
    createContainer: async (body: any) => {
      calls.push(`create ${body.Image} ${JSON.stringify(body.Env)} ${body.HostConfig.NetworkMode} ${body.Labels[trialRunLabel]}`);
      return 'c1';
    },
    startContainer: async () => {
      calls.push('start');
      if (o.refuseStart) throw new DockerApiError('POST', '/containers/c1/start', 400, o.refuseStart);
      started = Date.now();
    },
    inspectContainer: async () => {
      const running = Date.now() - started < o.runsMs;
      return { State: { Running: running, ExitCode: running ? 0 : (o.exitCode ?? 0), OOMKilled: false, StartedAt: new Date(started).toISOString(), FinishedAt: running ? '0001-01-01T00:00:00Z' : new Date(started + o.runsMs).toISOString() } };
    },
    logs: async () => ({ stdout: o.output ?? '', stderr: '' }),
    removeContainer: async (id: string) => void calls.push(id === 'c1' ? 'remove' : `remove ${id}`),
  };
  return { client: client as unknown as DockerClient, calls };
}

describe('trialRunner', () => {
  it('runs the image without a network, labelled, and removes the container; a crash says how it ended', async () => {
    const { client, calls } = fakeEngine({ runsMs: 100, exitCode: 1, output: "Error: Cannot find module '/app/server.js'\n" });
    const run = await trialRunner(client)('sha256:abc', { env: { API_TOKEN: 't' }, seconds: 2 });
    expect(run).toMatchObject({ running: false, exitCode: 1, output: "Error: Cannot find module '/app/server.js'" });
    expect(run.ranMs).toBe(100);
    expect(calls).toEqual(['remove left', 'create sha256:abc ["API_TOKEN=t"] none true', 'start', 'remove']);
  });

  it('says a container that outlives the time runs, and remembers the result for the same image and options', async () => {
    const { client, calls } = fakeEngine({ runsMs: 60_000, output: 'listening on 3000' });
    const trial = trialRunner(client);
    const run = await trial('sha256:abc', { env: {}, seconds: 0.3 });
    expect(run).toMatchObject({ running: true, output: 'listening on 3000' });
    expect(run.ranMs).toBeGreaterThanOrEqual(300);
    await trial('sha256:abc', { env: {}, seconds: 0.3 });
    expect(calls.filter((c) => c === 'start')).toHaveLength(1);
    await trial('sha256:def', { env: {}, seconds: 0.3 });
    expect(calls.filter((c) => c === 'start')).toHaveLength(2);
  });

  it("reports the engine's refusal to start (as docker run prints it), and still removes the container", async () => {
    const { client, calls } = fakeEngine({ runsMs: 0, refuseStart: 'OCI runtime create failed: exec: "/app/start": stat /app/start: no such file or directory' });
    expect(await trialRunner(client)('sha256:abc', { env: {}, seconds: 1 })).toEqual({ running: false, ranMs: 0, output: '', error: 'OCI runtime create failed: exec: "/app/start": stat /app/start: no such file or directory' });
    expect(calls.at(-1)).toBe('remove');
  });

  it("makes the trial containers' events noise for live mode, so a trial never starts another", () => {
    expect(isNoiseEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1', Attributes: { [trialRunLabel]: 'true', name: 'x' } }, time: 0, timeNano: 0 })).toBe(true);
    expect(isNoiseEvent({ Type: 'container', Action: 'start', Actor: { ID: 'c1', Attributes: { name: 'web' } }, time: 0, timeNano: 0 })).toBe(false);
    // A --network none container joins the null network, and that event carries no labels.
    expect(isNoiseEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { container: 'c1', name: 'none', type: 'null' } }, time: 0, timeNano: 0 })).toBe(true);
    expect(isNoiseEvent({ Type: 'network', Action: 'connect', Actor: { ID: 'n2', Attributes: { container: 'c1', name: 'shop', type: 'bridge' } }, time: 0, timeNano: 0 })).toBe(false);
  });
});
