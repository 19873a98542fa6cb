import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './server.ts';
import { expectResponsive, watchHealth } from './testing/health-watch.ts';

/**
 * The real lab server (`npm start -- --no-env`, the Docker engine already up) against files a
 * careless or hostile learner writes into their workspace: each gets its clear answer, and
 * `/api/health` keeps answering within 200 ms all the while (beyond the machine's own delay: testing/health-watch.ts) (checks on learner files run off the
 * server's main thread, bounded in size, aliases and time).
 */
let child: ChildProcess;
let base: string;
let output = '';
const data = mkdtempSync(join(tmpdir(), 'kubecamp-hostile-files-'));
const workspaces = join(data, 'workspaces');
/** The server's token (given in KUBECAMP_TOKEN, so nothing is written to the kubecamp home). */
const token = randomBytes(24).toString('base64url');

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'site/server/main.ts', '--port', '0', '--no-env'], {
    cwd: projectRoot,
    env: { ...process.env, KUBECAMP_TOKEN: token, KUBECAMP_WORKSPACES: workspaces, KUBECAMP_PROGRESS: join(data, 'progress.json'), KUBECAMP_NAMESPACE_PREFIX: 'hostile-' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /kubecamp is at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the server exited with code ${code} before listening:\n${output}`)));
  });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(data, { recursive: true, force: true });
});

/** Every request of this suite: with the server's token, as a script sends it. */
async function api(path: string, init: { method?: string; json?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { authorization: `token ${token}`, 'x-kubecamp': '1' };
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers, body: init.json === undefined ? undefined : JSON.stringify(init.json) });
  return { status: res.status, body: await res.json() };
}

/** Runs `attack` while a watcher asks /api/health every 25 ms (site/server/testing/health-watch.ts); then the server must have stayed responsive. */
async function whileHealthWatched<T>(attack: () => Promise<T>): Promise<T> {
  const health = await watchHealth(base, 25);
  const outcome = await attack().then((value) => ({ value }), (error: unknown) => ({ error }));
  const result = await health.stop();
  if ('error' in outcome) throw outcome.error;
  expectResponsive(result);
  return outcome.value;
}

/** Open the lab (its workspace is created with the starter files), then write `file` into it as the learner would. */
async function learnerWrites(lab: string, file: string, content: string) {
  expect((await api(`/api/labs/${lab}`)).status).toBe(200);
  writeFileSync(join(workspaces, lab, file), content);
}

function aliasBomb(width = 5000, levels = 3): string {
  const lines = ['name: compose-shop', 'services:', '  web:', '    image: node:20-bookworm-slim', 'x-bomb:', `  l0: &l0 [${Array.from({ length: width }, (_, i) => `v${i}`).join(',')}]`];
  for (let i = 1; i <= levels; i++) lines.push(`  l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n`;
}

describe('hostile learner files against the real server', () => {
  it('a compose alias bomb is refused with a clear message', async () => {
    await learnerWrites('compose', 'compose.yaml', aliasBomb());
    const res = await whileHealthWatched(() => api('/api/labs/compose/check', { method: 'POST', json: { tasks: ['write-compose'] } }));
    expect(res.status).toBe(200);
    expect(res.body.tasks[0]).toMatchObject({
      status: 'fail',
      message: 'compose.yaml: too much to check: its aliases (*name) expand to over 100000 values or 50 alias uses; write the repeated parts out instead of nesting aliases',
    });
  });

  it('a 500 KB Dockerfile of blank lines is checked quickly', async () => {
    await learnerWrites('dockerfile-basics', 'Dockerfile', `FROM node:18-bookworm-slim\n${'\n'.repeat(500_000)}CMD ["node", "server.js"]\n`);
    const started = Date.now();
    const res = await whileHealthWatched(() => api('/api/labs/dockerfile-basics/check', { method: 'POST', json: { tasks: ['write-dockerfile'] } }));
    // Judged by meaning: the base the final stage really uses.
    expect(res.body.tasks[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/the final stage is built on node:18-bookworm-slim, not node:26-bookworm-slim/) });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a Dockerfile over the size limit fails as too large to check', async () => {
    await learnerWrites('dockerfile-basics', 'Dockerfile', `FROM node:20-bookworm-slim\n${'\n'.repeat(3 * 1024 * 1024)}`);
    const res = await whileHealthWatched(() => api('/api/labs/dockerfile-basics/check', { method: 'POST', json: { tasks: ['write-dockerfile'] } }));
    expect(res.body.tasks[0]).toMatchObject({ status: 'fail', message: 'Dockerfile: file too large to check (3073 KiB, limit 1024 KiB)' });
  });

  it('an answers.yaml with a backtick answer: 422 naming the line for that lab, everything else still served', async () => {
    await learnerWrites('image-security', 'answers.yaml', 'sbom: SBOM\nscan-gate: `--exit-code 1`\n');
    const value = await whileHealthWatched(async () => ({
      check: await api('/api/labs/image-security/check', { method: 'POST' }),
      answers: await api('/api/labs/image-security/answers'),
      lab: await api('/api/labs/image-security'),
      labs: await api('/api/labs'),
    }));
    const refusal = {
      status: 422,
      body: { error: 'answers.yaml:2:12: Plain value cannot start with reserved character ` — put the answer in quotes', fix: 'write it as task-id: "your answer" in answers.yaml' },
    };
    expect(value.check).toMatchObject(refusal);
    expect(value.answers).toMatchObject(refusal);
    expect(value.lab.status).toBe(200);
    expect(value.labs.status).toBe(200);
  });
});
