import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checker } from '../../checker/engine/engine.ts';
import type { Environment } from '../../checker/environments/environment.ts';
import { noopLogger } from '../../checker/lib/logger.ts';
import type { LabResult } from '../../checker/schemas/result.ts';
import type { LiveMessage } from '../shared/lab-view.ts';
import { createApi } from './api.ts';
import type { EnvironmentStatus } from './environment-status.ts';
import { createLabCatalog } from './lab-catalog.ts';
import type { LiveHub } from './live-hub.ts';
import { createProgressStore } from './progress-store.ts';
import { createTerminalSessions } from './terminal-sessions.ts';
import { fileVersion } from './workspace-files.ts';

const labYaml = `id: demo
title: Demo lab
lesson: kubernetes/demo
environments: [kubernetes]
minutes: 5
starter: [deployment.yaml]
solution:
  - run: "true"
tasks:
  - id: create
    title: Create it
    description: Apply \`deployment.yaml\`.
    hints: [first, second]
    checks:
      - { type: k8s.object, kind: Deployment, name: web, expect: [{ path: spec.replicas, equals: 3 }] }
  - id: quiz
    title: Quiz
    question: How many replicas?
    checks:
      - { type: answer, pattern: '^three$' }
`;

let root: string;
let server: http.Server;
let base: string;
let ready = true;
const published: LiveMessage[] = [];
const checks: { taskIds?: string[]; answers?: Record<string, string> }[] = [];

const fakeResult = (taskIds: string[]): LabResult => ({
  lab: 'demo',
  status: 'fail',
  passed: 0,
  total: taskIds.length,
  tasks: taskIds.map((id) => ({ id, title: id, status: 'fail', message: `${id} is not done`, durationMs: 1 })),
  checkedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1,
});

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'kubecamp-labs-api-')));
  const lab = join(root, 'labs', 'demo');
  await mkdir(join(lab, 'starter'), { recursive: true });
  await mkdir(join(lab, 'solution'), { recursive: true });
  await writeFile(join(lab, 'lab.yaml'), labYaml);
  await writeFile(join(lab, 'starter', 'deployment.yaml'), 'replicas: 1\n');
  await writeFile(join(lab, 'solution', 'deployment.yaml'), 'replicas: 3\n');
  await writeFile(join(root, 'secret'), 'outside\n');

  const env = { HOME: root };
  const catalog = createLabCatalog({ labsRoot: join(root, 'labs'), workspacesRoot: join(root, 'workspaces'), namespacePrefix: 'test-', env });
  const checker: Checker = {
    async check(_loaded, options) {
      checks.push({ taskIds: options.taskIds, answers: options.answers });
      return fakeResult(options.taskIds ?? ['create', 'quiz']);
    },
    watch: async () => () => {},
  };
  const environment: Environment = {
    kubeApi: () => Promise.reject(new Error('no cluster in unit tests')),
    docker: () => Promise.reject(new Error('no docker')),
    sandbox: () => Promise.reject(new Error('no sandbox')),
    close() {},
  };
  const hub: LiveHub = { subscribe: () => () => {}, publish: (_id, m) => void published.push(m), restart: async () => {}, readiness: () => undefined, close() {} };
  const api = createApi({
    environment: async () => ({}) as EnvironmentStatus,
    logger: noopLogger,
    bodyLimitBytes: 2048,
    labs: {
      catalog,
      checker,
      environment,
      preparation: { prepare: async (loaded) => void (await catalog.ensureWorkspace(loaded)), settled() {}, resetting: (_id, run) => run() },
      hub,
      terminals: createTerminalSessions({ spawn: () => Promise.reject(new Error('no shells here')) }),
      progress: createProgressStore(join(root, 'progress.json')),
      readiness: async () => (ready ? { ready: true } : { ready: false, message: 'Kubernetes is not running (no lab cluster has been started). Start it with:', command: 'npm run cluster:up' }),
      openApiCacheDir: join(root, 'openapi'),
    },
  });
  server = http.createServer((req, res) => void api(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await rm(root, { recursive: true, force: true });
});

async function call(path: string, init: { method?: string; json?: unknown; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers['content-type'] = 'application/json';
  }
  if (init.type) headers['content-type'] = init.type;
  const res = await fetch(base + path, { method: init.method ?? (body === undefined ? 'GET' : 'PUT'), headers, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
}

/** A raw request whose body is sent in chunks without a content-length, to test the streaming limit. */
function chunked(path: string, size: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'PUT', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.write('{"content":"');
    for (let i = 0; i < size / 512; i++) req.write('x'.repeat(512));
    req.end('"}');
  });
}

describe('labs API: labs', () => {
  it('lists the labs', async () => {
    expect(await call('/api/labs')).toMatchObject({ status: 200, body: { labs: [{ id: 'demo', title: 'Demo lab', environments: ['kubernetes'], taskIds: ['create', 'quiz'] }] } });
  });

  it('answers an unknown lab with 404 and the known ids', async () => {
    for (const id of ['nope', 'Demo', '..%2Fdemo', '-x']) {
      const res = await call(`/api/labs/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ fix: 'known labs: demo', known: ['demo'] });
      expect(res.body.error).toMatch(/^unknown lab "/);
    }
    expect((await call('/api/labs/nope/files/a.yaml')).status).toBe(404);
    expect((await call('/api/labs/nope/check', { method: 'POST' })).status).toBe(404);
  });

  it('shows tasks, hints and files but never checks or solutions', async () => {
    const res = await call('/api/labs/demo');
    expect(res.body).toMatchObject({
      id: 'demo',
      namespace: 'test-demo',
      files: ['deployment.yaml'],
      tasks: [
        { id: 'create', title: 'Create it', description: 'Apply `deployment.yaml`.', hints: ['first', 'second'] },
        { id: 'quiz', question: 'How many replicas?' },
      ],
      answers: {},
    });
    expect(JSON.stringify(res.body)).not.toMatch(/checks|replicas: 3|\^three\$/);
  });

  it('refuses methods a route does not have', async () => {
    expect(await call('/api/labs/demo', { method: 'DELETE' })).toMatchObject({ status: 405, body: { error: 'DELETE is not allowed on /api/labs/demo; use GET' } });
  });
});

describe('labs API: files', () => {
  it('refuses to overwrite a file changed since the editor loaded it, and lists the workspace', async () => {
    await call('/api/labs/demo/files/conflict.yaml', { json: { content: 'theirs\n' } });
    const res = await call('/api/labs/demo/files/conflict.yaml', { json: { content: 'mine\n', base: fileVersion('old\n') } });
    expect(res).toMatchObject({ status: 409, body: { error: '"conflict.yaml" was changed elsewhere (another tab or the terminal) since this editor loaded it', version: fileVersion('theirs\n') } });
    expect((await call('/api/labs/demo/files/conflict.yaml', { json: { content: 'mine\n', base: fileVersion('theirs\n') } })).body.version).toBe(fileVersion('mine\n'));
    expect((await call('/api/labs/demo/workspace')).body.files).toContainEqual({ path: 'conflict.yaml', version: fileVersion('mine\n') });
  });

  it('reads and writes workspace files', async () => {
    expect((await call('/api/labs/demo/files/deployment.yaml')).body).toEqual({ path: 'deployment.yaml', content: 'replicas: 1\n', version: fileVersion('replicas: 1\n') });
    expect((await call('/api/labs/demo/files/deployment.yaml', { json: { content: 'replicas: 2\n' } })).status).toBe(200);
    expect((await call('/api/labs/demo/files/deployment.yaml')).body.content).toBe('replicas: 2\n');
    expect((await call('/api/labs/demo/files/k8s/new.yaml', { json: { content: 'x: 1\n' } })).status).toBe(200);
    expect(await readFile(join(root, 'workspaces', 'demo', 'k8s', 'new.yaml'), 'utf8')).toBe('x: 1\n');
  });

  it('refuses paths that leave the workspace with 400', async () => {
    expect(await call('/api/labs/demo/files/..%2F..%2Fsecret')).toMatchObject({ status: 400, body: { error: 'path "../../secret" contains "..": it must stay inside the workspace' } });
    expect(await call('/api/labs/demo/files/%2Fetc%2Fpasswd')).toMatchObject({ status: 400, body: { error: 'path "/etc/passwd" is absolute; send it relative to the workspace' } });
    await symlink(join(root, 'secret'), join(root, 'workspaces', 'demo', 'link'));
    expect(await call('/api/labs/demo/files/link')).toMatchObject({ status: 400, body: { error: 'path "link" leads outside the workspace through a symlink' } });
    expect(await call('/api/labs/demo/files/link', { json: { content: 'pwned' } })).toMatchObject({ status: 400 });
    expect(await readFile(join(root, 'secret'), 'utf8')).toBe('outside\n');
  });

  it('answers missing files with 404 and folders with 400', async () => {
    expect(await call('/api/labs/demo/files/nothing.yaml')).toMatchObject({ status: 404, body: { error: 'there is no file "nothing.yaml" in the workspace' } });
    expect(await call('/api/labs/demo/files/k8s')).toMatchObject({ status: 400, body: { error: '"k8s" is a folder, not a file' } });
  });

  it('validates bodies: JSON only, an object with content, within the size limit', async () => {
    expect(await call('/api/labs/demo/files/a.yaml', { body: 'x', type: 'text/plain' })).toMatchObject({ status: 415 });
    expect(await call('/api/labs/demo/files/a.yaml', { body: '{"content":', type: 'application/json' })).toMatchObject({ status: 400 });
    expect(await call('/api/labs/demo/files/a.yaml', { json: ['x'] })).toMatchObject({ status: 400, body: { error: 'the request body must be a JSON object' } });
    expect(await call('/api/labs/demo/files/a.yaml', { json: { content: 3 } })).toMatchObject({ status: 400, body: { error: 'the body needs "content": the file\'s text' } });
    expect(await call('/api/labs/demo/files/a.yaml', { json: { content: 'x'.repeat(3000) } })).toMatchObject({ status: 413, body: { error: 'request body is larger than 2048 bytes' } });
    expect(await chunked('/api/labs/demo/files/a.yaml', 4096)).toMatchObject({ status: 413, body: { error: 'request body is larger than 2048 bytes' } });
  });
});

describe('labs API: check, answers, solution, reset', () => {
  it('checks the lab and tells every open pane', async () => {
    ready = true;
    const res = await call('/api/labs/demo/check', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.tasks.map((t: { id: string }) => t.id)).toEqual(['create', 'quiz']);
    expect(published.at(-1)).toMatchObject({ type: 'result', source: 'check' });
    expect((await call('/api/labs/demo/check', { method: 'POST', json: { tasks: ['quiz'] } })).body.total).toBe(1);
  });

  it('names unknown tasks and refuses malformed task lists', async () => {
    expect(await call('/api/labs/demo/check', { method: 'POST', json: { tasks: ['nope'] } })).toMatchObject({
      status: 404,
      body: { error: 'lab demo has no task "nope"', fix: 'tasks are: create, quiz', known: ['create', 'quiz'] },
    });
    expect(await call('/api/labs/demo/check', { method: 'POST', json: { tasks: 'create' } })).toMatchObject({ status: 400, body: { error: '"tasks" must be a list of task ids' } });
  });

  it('answers 503 with the start command while the lab environment is down', async () => {
    ready = false;
    for (const action of ['check', 'reset']) {
      expect(await call(`/api/labs/demo/${action}`, { method: 'POST' })).toMatchObject({
        status: 503,
        body: { error: `cannot ${action} the lab: Kubernetes is not running (no lab cluster has been started). Start it with:`, fix: 'npm run cluster:up' },
      });
    }
    ready = true;
  });

  it('saves answers for answer tasks only, and checks them', async () => {
    const res = await call('/api/labs/demo/answers/quiz', { json: { answer: 'three' } });
    expect(res).toMatchObject({ status: 200, body: { task: 'quiz', answer: 'three', result: { total: 1 } } });
    expect(checks.at(-1)).toEqual({ taskIds: ['quiz'], answers: { quiz: 'three' } });
    expect((await call('/api/labs/demo/answers')).body).toEqual({ answers: { quiz: 'three' } });
    expect(await call('/api/labs/demo/answers/create', { json: { answer: 'x' } })).toMatchObject({ status: 400, body: { error: 'task "create" is not answered by typing', fix: 'answer tasks: quiz' } });
    expect(await call('/api/labs/demo/answers/nope', { json: { answer: 'x' } })).toMatchObject({ status: 404 });
    expect(await call('/api/labs/demo/answers/quiz', { json: { text: 'x' } })).toMatchObject({ status: 400, body: { error: 'the body needs "answer": the text of the answer' } });
  });

  it('shows the solution beside the learner\'s files without changing them', async () => {
    await call('/api/labs/demo/files/deployment.yaml', { json: { content: 'replicas: 2\n' } });
    expect((await call('/api/labs/demo/solution')).body).toEqual({ files: [{ path: 'deployment.yaml', learner: 'replicas: 2\n', solution: 'replicas: 3\n' }] });
    expect((await call('/api/labs/demo/files/deployment.yaml')).body.content).toBe('replicas: 2\n');
  });
});

describe('labs API: progress', () => {
  it('merges and returns progress', async () => {
    const p = { version: 1, labs: { demo: { tasks: { create: { done: true, attempts: 2, hintsShown: 1, doneAt: '2026-01-01T00:00:00.000Z' } } } } };
    expect(await call('/api/progress', { json: p })).toMatchObject({ status: 200, body: p });
    expect((await call('/api/progress', { json: { version: 1, labs: { demo: { tasks: { create: { done: false, attempts: 5, hintsShown: 0 } } } } } })).body.labs.demo.tasks.create).toEqual({
      done: true,
      attempts: 5,
      hintsShown: 1,
      doneAt: '2026-01-01T00:00:00.000Z',
    });
    expect((await call('/api/progress')).body.labs.demo.tasks.create.attempts).toBe(5);
  });

  it('refuses invalid progress with the field named', async () => {
    expect(await call('/api/progress', { json: { version: 1, labs: { demo: { tasks: { create: { done: true, attempts: -1, hintsShown: 0 } } } } } })).toMatchObject({
      status: 400,
      body: { error: 'progress is not valid: labs.demo.tasks.create.attempts: Number must be greater than or equal to 0' },
    });
  });
});

describe('labs API: a slip in answers.yaml', () => {
  it('answers 422 naming the line for what needs the answers, and keeps serving the lab', async () => {
    await call('/api/labs/demo/files/answers.yaml', { json: { content: 'quiz: `three`\n' } });
    const error = 'answers.yaml:1:7: Plain value cannot start with reserved character ` — put the answer in quotes';
    const refusal = { status: 422, body: { error, fix: 'write it as task-id: "your answer" in answers.yaml' } };
    expect(await call('/api/labs/demo/check', { method: 'POST' })).toMatchObject(refusal);
    expect(await call('/api/labs/demo/answers')).toMatchObject(refusal);
    expect(await call('/api/labs/demo/answers/quiz', { json: { answer: 'three' } })).toMatchObject(refusal);
    expect(await call('/api/labs/demo')).toMatchObject({ status: 200, body: { answers: {} } });
    expect((await call('/api/labs/demo/files/answers.yaml')).body.content).toBe('quiz: `three`\n');
    await call('/api/labs/demo/files/answers.yaml', { json: { content: 'quiz: "`three`"\n' } });
    expect(await call('/api/labs/demo/answers')).toMatchObject({ status: 200, body: { answers: { quiz: '`three`' } } });
  });
});
