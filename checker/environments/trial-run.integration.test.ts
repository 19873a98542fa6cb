import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import { dockerClient, tarArchive } from '../lib/docker-api.ts';
import { labSchema } from '../schemas/lab.ts';
import { localEnvironment } from './local.ts';
import { trialRunner } from './trial-run.ts';

const workspace = mkdtempSync(join(tmpdir(), 'kubecamp-trial-run-'));
const client = dockerClient(process.env);
// Built FROM the busybox stand-in (`npm run images`), so nothing is pulled.
const images: Record<string, string> = {
  serves: 'FROM busybox:1.37\nCMD ["sh", "-c", "echo \\"listening as $GREETING\\"; exec sleep 60"]\n',
  crashes: 'FROM busybox:1.37\nCMD ["sh", "-c", "echo \\"Error: Cannot find module /app/server.js\\" >&2; exit 3"]\n',
  missing: 'FROM busybox:1.37\nENTRYPOINT ["/app/start"]\n',
};
const tag = (name: string) => `kubecamp-test/trial-${name}:1`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const [name, dockerfile] of Object.entries(images)) ids[name] = await client.buildImage(tarArchive([{ path: 'Dockerfile', content: dockerfile }]), { tag: tag(name) });
}, 120_000);

afterAll(async () => {
  for (const name of Object.keys(images)) await client.removeImage(tag(name), { force: true }).catch(() => {});
  rmSync(workspace, { recursive: true, force: true });
});

const trialContainers = async () => (await client.listContainers({ all: true, filters: { label: ['io.kubecamp.trial-run'] } })).length;

describe('trial runs on the real Docker engine', () => {
  it('tell an image that keeps running from one whose command exits or cannot start, and leave no container behind', async () => {
    const trial = trialRunner(client);
    const before = await trialContainers();
    const serves = await trial(ids.serves!, { env: { GREETING: 'hi' }, seconds: 2 });
    expect(serves).toMatchObject({ running: true, output: 'listening as hi' });
    const crashes = await trial(ids.crashes!, { env: {}, seconds: 2 });
    expect(crashes).toMatchObject({ running: false, exitCode: 3, output: 'Error: Cannot find module /app/server.js' });
    expect(crashes.ranMs).toBeLessThan(1500);
    const missing = await trial(ids.missing!, { env: {}, seconds: 2 });
    expect(missing.running).toBe(false);
    expect(`${missing.error ?? ''} ${missing.exitCode ?? ''}`).toMatch(/\/app\/start|no such file|127/);
    expect(await trialContainers()).toBe(before);
  }, 60_000);

  it("judge a docker.image check with `starts` by one trial per image while a lab is open, however often the watch wakes", async () => {
    const lab = labSchema.parse({
      id: 'trial-lab',
      title: 'Trial',
      lesson: 'x/trial',
      environments: ['docker'],
      minutes: 1,
      solution: [{ run: 'true' }],
      tasks: [
        { id: 'serves', title: 'Serves', checks: [{ type: 'docker.image', ref: tag('serves'), starts: { env: { GREETING: 'hi' }, seconds: 2, logs: 'listening as hi' } }] },
        { id: 'crashes', title: 'Crashes', checks: [{ type: 'docker.image', ref: tag('crashes'), starts: { seconds: 2 } }] },
      ],
    });
    const environment = localEnvironment(process.env);
    // Trial containers created while the lab is open: one per image, however often other Docker events wake the watch.
    const created: string[] = [];
    const stopEvents = await client.events({ label: ['io.kubecamp.trial-run'], event: ['create'] }, (e) => created.push(e.Actor.Attributes.image ?? '?'));
    const results: string[][] = [];
    const stop = await createChecker({ environment }).watch({ lab, dir: workspace }, { namespace: 'unused', workspace }, (r) => results.push(r.tasks.map((t) => `${t.status}: ${t.message}`)));
    try {
      await new Promise((r) => setTimeout(r, 4000));
      expect(results[0]![0]).toMatch(/^pass: image kubecamp-test\/trial-serves:1 .* a container from it runs$/);
      expect(results[0]![1]).toMatch(/^fail: image kubecamp-test\/trial-crashes:1 builds, but its command exited with code 3 after \d\.\d s; its output says: "Error: Cannot find module \/app\/server.js"/);
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(created.sort()).toEqual([ids.crashes, ids.serves].sort());
    } finally {
      stop();
      stopEvents();
      environment.close();
    }
  }, 60_000);
});
