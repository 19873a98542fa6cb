import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { lstat, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from './server.ts';
import { expectResponsive, watchHealth } from './testing/health-watch.ts';
import { fileVersion } from './workspace-files.ts';

/**
 * The learner's files against a real server (`npm start -- --no-env` on a
 * free loopback port, with its own progress file and workspaces): answers
 * through a symlink leading out of the workspace, over-long paths, and a
 * second server on the same data. No cluster is needed.
 */
const lab = 'kubernetes-architecture';
const answerTask = 'who-schedules';

let data: string;
let env: NodeJS.ProcessEnv;
let child: ChildProcess;
let base: string;

/** The server's token (given in KUBECAMP_TOKEN, so nothing is written to the kubecamp home). */
const token = randomBytes(24).toString('base64url');

/** The one place a request gets its credentials: the token, as a script sends it. */
function authorize(init: RequestInit): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `token ${token}` } };
}

async function api(path: string, init: RequestInit = {}) {
  const headers = { ...(init.body ? { 'content-type': 'application/json' } : {}), origin: base, ...(init.headers as Record<string, string> | undefined) };
  const started = performance.now();
  const res = await fetch(base + path, authorize({ ...init, headers }));
  const text = await res.text();
  return { status: res.status, text, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : {}, ms: performance.now() - started };
}

/** The server still answers `/api/health`, within 200 ms (beyond the machine's own delay: testing/health-watch.ts). */
async function expectHealthy() {
  const health = await watchHealth(base);
  await new Promise((r) => setTimeout(r, 120));
  expectResponsive(await health.stop());
}

function startServer(): { child: ChildProcess; listening: Promise<string>; output: () => string } {
  let output = '';
  const proc = spawn(process.execPath, ['--import', 'tsx', 'site/server/main.ts', '--port', '0', '--no-env'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /kubecamp is at (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) resolve(m[1]!);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.on('exit', (code) => reject(new Error(`the server exited with code ${code} before listening:\n${output}`)));
  });
  listening.catch(() => {});
  return { child: proc, listening, output: () => output };
}

beforeAll(async () => {
  data = await realpath(await mkdtemp(join(tmpdir(), 'kubecamp-security-files-')));
  env = { ...process.env, KUBECAMP_TOKEN: token, KUBECAMP_PROGRESS: join(data, 'progress.json'), KUBECAMP_WORKSPACES: join(data, 'workspaces') };
  const server = startServer();
  child = server.child;
  base = await server.listening;
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  if (data) await rm(data, { recursive: true, force: true });
});

describe('the learner files API against a real server', () => {
  it('refuses to save an answer through an answers.yaml symlinked outside the workspace', async () => {
    expect((await api(`/api/labs/${lab}`)).status).toBe(200);
    const workspace = join(data, 'workspaces', lab);
    const outside = join(data, 'outside.yaml');
    await writeFile(outside, 'kept: as it was\n');
    await rm(join(workspace, 'answers.yaml'), { force: true });
    await symlink(outside, join(workspace, 'answers.yaml'));

    const answer = await api(`/api/labs/${lab}/answers/${answerTask}`, { method: 'PUT', body: JSON.stringify({ answer: 'kube-scheduler' }) });
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: {
        error: 'answers.yaml in the workspace is a symlink to a file outside it; answers are saved only inside the workspace',
        fix: "remove the symlink (`rm answers.yaml` in the lab's terminal) and answer again",
      },
    });
    const file = await api(`/api/labs/${lab}/files/answers.yaml`, { method: 'PUT', body: JSON.stringify({ content: 'who-schedules: x\n' }) });
    expect({ status: file.status, body: file.body }).toEqual({ status: 400, body: { error: 'path "answers.yaml" leads outside the workspace through a symlink' } });

    expect(await readFile(outside, 'utf8')).toBe('kept: as it was\n');
    expect((await lstat(join(workspace, 'answers.yaml'))).isSymbolicLink()).toBe(true);
    await expectHealthy();
  });

  it('answers an over-long file name with a 400 naming the limit and no server path', async () => {
    const long = 'a'.repeat(300);
    const expected = { error: `name too long: "${'a'.repeat(40)}…" is 300 bytes; file and folder names are at most 255 bytes` };
    for (const res of [
      await api(`/api/labs/${lab}/files/${long}`, { method: 'PUT', body: JSON.stringify({ content: 'x' }) }),
      await api(`/api/labs/${lab}/files/dir/${long}`),
    ]) {
      expect({ status: res.status, body: res.body }).toEqual({ status: 400, body: expected });
      expect(res.text).not.toContain(data);
    }
    const deep = await api(`/api/labs/${lab}/files/${'d/'.repeat(600)}f.yaml`);
    expect({ status: deep.status, body: deep.body }).toEqual({ status: 400, body: { error: 'path is too long (1206 bytes); paths in the workspace are at most 1024 bytes' } });
    const throughFile = await api(`/api/labs/${lab}/files/README.md/x.yaml`, { method: 'PUT', body: JSON.stringify({ content: 'x' }) });
    expect({ status: throughFile.status, body: throughFile.body }).toEqual({ status: 409, body: { error: 'cannot save "README.md/x.yaml": a part of its path is a file, not a folder' } });
    expect(throughFile.text).not.toContain(data);
    await expectHealthy();
  });

  it('gates New file, Rename and Delete like every API route, and keeps them inside the workspace', async () => {
    const workspace = join(data, 'workspaces', lab);
    expect((await api(`/api/labs/${lab}`)).status).toBe(200);
    const json = (body: unknown) => ({ 'content-type': 'application/json', origin: base, body: JSON.stringify(body) });
    // No token, or a form another site could send: refused before anything is touched.
    for (const [path, method, body] of [
      [`/api/labs/${lab}/files/new.yaml`, 'POST', { content: 'x' }],
      [`/api/labs/${lab}/files/new.yaml`, 'DELETE', { base: 'x' }],
      [`/api/labs/${lab}/rename`, 'POST', { from: 'new.yaml', to: 'b.yaml', base: 'x' }],
    ] as const) {
      const { body: text, ...headers } = json(body);
      const none = await fetch(base + path, { method, headers, body: text });
      expect(none.status).toBe(401);
      const form = await fetch(base + path, authorize({ method, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base }, body: 'a=1' }));
      expect(form.status).toBe(403);
    }
    expect(existsSync(join(workspace, 'new.yaml'))).toBe(false);

    // With the token: created, renamed, deleted.
    const created = await api(`/api/labs/${lab}/files/k8s/new.yaml`, { method: 'POST', body: JSON.stringify({ content: 'a: 1\n' }) });
    expect(created.status).toBe(201);
    const version = created.body.version as string;
    expect((await api(`/api/labs/${lab}/files/k8s/new.yaml`, { method: 'POST', body: JSON.stringify({ content: 'b: 2\n' }) })).status).toBe(409);
    expect((await api(`/api/labs/${lab}/rename`, { method: 'POST', body: JSON.stringify({ from: 'k8s/new.yaml', to: 'renamed.yaml', base: version }) })).status).toBe(200);
    expect(await readFile(join(workspace, 'renamed.yaml'), 'utf8')).toBe('a: 1\n');
    expect((await api(`/api/labs/${lab}/files/renamed.yaml`, { method: 'DELETE', body: JSON.stringify({ base: version }) })).status).toBe(200);
    expect(existsSync(join(workspace, 'renamed.yaml'))).toBe(false);

    // ../ and absolute paths (encoded, so the URL keeps them), and symlinks leading out: refused, nothing outside touched.
    const outside = join(data, 'outside-ops.yaml');
    await writeFile(outside, 'kept: as it was\n');
    await symlink(outside, join(workspace, 'out-link.yaml'));
    await symlink(data, join(workspace, 'out-dir'));
    const kept = fileVersion('kept: as it was\n');
    const refusals = [
      await api(`/api/labs/${lab}/files/..%2Foutside-ops.yaml`, { method: 'POST', body: JSON.stringify({ content: 'x' }) }),
      await api(`/api/labs/${lab}/files/..%2Foutside-ops.yaml`, { method: 'DELETE', body: JSON.stringify({ base: kept }) }),
      await api(`/api/labs/${lab}/files/${encodeURIComponent(outside)}`, { method: 'DELETE', body: JSON.stringify({ base: kept }) }),
      await api(`/api/labs/${lab}/files/${encodeURIComponent(outside)}`, { method: 'POST', body: JSON.stringify({ content: 'x' }) }),
      await api(`/api/labs/${lab}/files/out-link.yaml`, { method: 'DELETE', body: JSON.stringify({ base: kept }) }),
      await api(`/api/labs/${lab}/files/out-dir/new.yaml`, { method: 'POST', body: JSON.stringify({ content: 'x' }) }),
      await api(`/api/labs/${lab}/rename`, { method: 'POST', body: JSON.stringify({ from: 'out-link.yaml', to: 'in.yaml', base: kept }) }),
      await api(`/api/labs/${lab}/rename`, { method: 'POST', body: JSON.stringify({ from: '../outside-ops.yaml', to: 'in.yaml', base: kept }) }),
      await api(`/api/labs/${lab}/rename`, { method: 'POST', body: JSON.stringify({ from: outside, to: 'in.yaml', base: kept }) }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400]);
    expect(refusals.map((r) => r.body.error)).toEqual([
      'cannot use the name "../outside-ops.yaml": "../outside-ops.yaml" contains "." or ".." as a folder; files stay inside the workspace',
      'path "../outside-ops.yaml" contains "..": it must stay inside the workspace',
      `path "${outside}" is absolute; send it relative to the workspace`,
      `cannot use the name "${outside}": "${outside}" is absolute; type a name inside the workspace, e.g. app/notes.yaml`,
      'path "out-link.yaml" leads outside the workspace through a symlink',
      'path "out-dir/new.yaml" leads outside the workspace through a symlink',
      'path "out-link.yaml" leads outside the workspace through a symlink',
      'path "../outside-ops.yaml" contains "..": it must stay inside the workspace',
      `path "${outside}" is absolute; send it relative to the workspace`,
    ]);
    expect(await readFile(outside, 'utf8')).toBe('kept: as it was\n');
    expect(existsSync(join(data, 'new.yaml'))).toBe(false);
    expect(existsSync(join(workspace, 'in.yaml'))).toBe(false);
    await expectHealthy();
  });

  it('refuses a second server on the same progress file, naming the first one', async () => {
    const second = startServer();
    const exited = new Promise<number | null>((resolve) => second.child.on('exit', resolve));
    const listened = await Promise.race([second.listening.then((url) => url, () => undefined), exited.then(() => undefined)]);
    if (listened) {
      const stopped = new Promise((r) => second.child.once('exit', r));
      second.child.kill('SIGTERM');
      await stopped;
    }
    expect(listened, 'the second server must not start').toBeUndefined();
    expect(await exited).not.toBe(0);
    expect(second.output()).toContain(`error: another kubecamp server (pid ${child.pid}, started `);
    expect(second.output()).toContain(`) is using the progress file ${join(data, 'progress.json')}`);
    expect(second.output()).toContain(`fix: use that server, or stop it (\`kill ${child.pid}\`) and start again`);
    await expectHealthy();
  }, 120_000);
});
