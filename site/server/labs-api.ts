import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative } from 'node:path';
import type { Checker, LoadedLab } from '../../checker/engine/engine.ts';
import type { Environment } from '../../checker/environments/environment.ts';
import { AnswersFileError, answersFile, readAnswers } from '../../checker/labs/answers.ts';
import { resetLab } from '../../checker/labs/operations.ts';
import { noopLogger, type Logger } from '../../checker/lib/logger.ts';
import type { EnvironmentName } from '../../checker/schemas/lab.ts';
import type { LabSummary, Readiness, SolutionDiff } from '../shared/lab-view.ts';
import { HttpError, sendJson } from './http-error.ts';
import { readJsonBody } from './json-body.ts';
import { commonKinds, kindsInChecks, kindsInManifests, buildKubernetesSchema, uniqueKinds } from './kube-schema.ts';
import { isAnswerTask } from '../shared/lab-tasks.ts';
import { labSummary, labView, type LabCatalog } from './lab-catalog.ts';
import { knownMistakes } from './known-mistakes.ts';
import type { LabPreparation } from './lab-preparation.ts';
import type { LiveHub } from './live-hub.ts';
import { loadOpenApiDocuments } from './openapi-cache.ts';
import type { ProgressStore } from './progress-store.ts';
import { parseProgress } from './progress-store.ts';
import type { TerminalSessions } from './terminal-sessions.ts';
import { fileVersion, listWorkspaceFiles, readWorkspaceFile, saveAnswer, writeWorkspaceFile } from './workspace-files.ts';
import { createWorkspaceFile, deleteWorkspaceFile, renameWorkspaceFile } from './workspace-file-ops.ts';

export interface LabsApiDeps {
  catalog: LabCatalog;
  checker: Checker;
  /** The engines checks and resets use. */
  environment: Environment;
  preparation: LabPreparation;
  hub: LiveHub;
  terminals: TerminalSessions;
  progress: ProgressStore;
  readiness: (needs: EnvironmentName[]) => Promise<Readiness>;
  /** Where the cluster's OpenAPI documents are kept for offline use (~/.cache/kubecamp/openapi). */
  openApiCacheDir: string;
  logger?: Logger;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, bodyLimit: number) => Promise<void> | void;

const objectBody = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'the request body must be a JSON object');
  return body as Record<string, unknown>;
};

async function listFiles(dir: string, root = dir): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(full, root)));
    else if (e.isFile() && e.name !== '.gitkeep') out.push(relative(root, full).split('\\').join('/'));
  }
  return out.sort();
}

/** A learner's answers.yaml they can fix (a YAML slip, a huge file) is a 422 naming the line, not a 500. */
async function learnerFile<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof AnswersFileError) throw new HttpError(422, err.message, { fix: err.fix });
    throw err;
  }
}

/** The `/api/labs/…` and `/api/progress` routes, by pattern and method. */
export function labsRoutes(deps: LabsApiDeps): Record<string, Record<string, RouteHandler>> {
  const { catalog } = deps;
  const logger = deps.logger ?? noopLogger;
  const schemas = new Map<string, unknown>();

  async function requireReady(loaded: LoadedLab, doing: string) {
    const r = await deps.readiness(loaded.lab.environments);
    if (!r.ready) throw new HttpError(503, `cannot ${doing}: ${r.message ?? 'the lab environment is not running'}`, r.command ? { fix: r.command } : {});
  }

  async function openLab(id: string) {
    const loaded = await catalog.get(id);
    await deps.preparation.prepare(loaded, { environmentReady: false });
    return { loaded, target: catalog.target(id) };
  }

  async function runCheck(loaded: LoadedLab, taskIds?: string[]) {
    const target = catalog.target(loaded.lab.id);
    const result = await deps.checker.check(loaded, {
      namespace: target.namespace,
      workspace: target.workspace,
      answers: await learnerFile(readAnswers(target.workspace)),
      ...(taskIds ? { taskIds } : {}),
      deadlineMs: 90_000,
    });
    deps.hub.publish(loaded.lab.id, { type: 'result', source: 'check', result });
    return result;
  }

  return {
    '/api/labs': {
      GET: async (_req, res) => {
        // One lab at a time, yielding between them: the first listing parses every lab.yaml, and
        // /api/health and the terminals are answered in between.
        const labs: LabSummary[] = [];
        for (const id of await catalog.ids()) {
          labs.push(labSummary(await catalog.get(id)));
          await new Promise((r) => setImmediate(r));
        }
        sendJson(res, 200, { labs });
      },
    },
    // The tracks, with those of `--labs-dir`: the static /tracks/<id>/ pages know only the built-in ones.
    '/api/tracks': {
      GET: async (_req, res) => sendJson(res, 200, { tracks: await catalog.tracks() }),
    },
    '/api/tracks/:id': {
      GET: async (_req, res, p) => sendJson(res, 200, await catalog.track(p.id!)),
    },
    '/api/labs/:id': {
      GET: async (_req, res, p) => {
        const { loaded, target } = await openLab(p.id!);
        // A broken answers.yaml must not lock the learner out of the page where they fix it: the live view reports it.
        const answers = await readAnswers(target.workspace).catch((err) => {
          if (err instanceof AnswersFileError) return {};
          throw err;
        });
        sendJson(res, 200, labView(loaded, target, await catalog.starterFiles(loaded), answers, await knownMistakes(loaded, target.namespace)));
      },
    },
    '/api/labs/:id/files/*': {
      GET: async (_req, res, p) => {
        const { target } = await openLab(p.id!);
        const content = await readWorkspaceFile(target.workspace, p['*']!);
        sendJson(res, 200, { path: p['*'], content, version: fileVersion(content) });
      },
      PUT: async (req, res, p, limit) => {
        const { target } = await openLab(p.id!);
        const body = objectBody(await readJsonBody(req, limit));
        // With "base" (the version the editor loaded), a file changed elsewhere is a 409, never overwritten.
        const version = await writeWorkspaceFile(target.workspace, p['*']!, body.content as string, typeof body.base === 'string' ? body.base : undefined);
        // The live watch read the answers when it started.
        if (p['*'] === answersFile) void deps.hub.restart(p.id!);
        sendJson(res, 200, { path: p['*'], savedAt: new Date().toISOString(), version });
      },
      // A new file ("New file" in the pane): never replaces one that exists.
      POST: async (req, res, p, limit) => {
        const { target } = await openLab(p.id!);
        const body = objectBody(await readJsonBody(req, limit));
        const version = await createWorkspaceFile(target.workspace, p['*']!, body.content ?? '');
        sendJson(res, 201, { path: p['*'], version });
      },
      // Deleted only if unchanged since the version the editor shows ("base").
      DELETE: async (req, res, p, limit) => {
        const { target } = await openLab(p.id!);
        const body = objectBody(await readJsonBody(req, limit));
        await deleteWorkspaceFile(target.workspace, p['*']!, body.base);
        sendJson(res, 200, { path: p['*'], deleted: true });
      },
    },
    '/api/labs/:id/rename': {
      // { from, to, base }: renamed only if unchanged since "base", never over another file.
      POST: async (req, res, p, limit) => {
        const { target } = await openLab(p.id!);
        const body = objectBody(await readJsonBody(req, limit));
        if (typeof body.from !== 'string') throw new HttpError(400, 'the body needs "from": the path of the file to rename');
        const version = await renameWorkspaceFile(target.workspace, body.from, body.to, body.base);
        sendJson(res, 200, { from: body.from, path: body.to, version });
      },
    },
    '/api/labs/:id/workspace': {
      GET: async (_req, res, p) => {
        const { target } = await openLab(p.id!);
        sendJson(res, 200, { files: await listWorkspaceFiles(target.workspace) });
      },
    },
    '/api/labs/:id/check': {
      POST: async (req, res, p, limit) => {
        const loaded = await catalog.get(p.id!);
        let taskIds: string[] | undefined;
        if (req.headers['content-length'] !== '0' && req.headers['content-type']) {
          const body = objectBody(await readJsonBody(req, limit));
          if (body.tasks !== undefined) {
            if (!Array.isArray(body.tasks) || !body.tasks.every((t) => typeof t === 'string')) throw new HttpError(400, '"tasks" must be a list of task ids');
            const known = loaded.lab.tasks.map((t) => t.id);
            const bad = (body.tasks as string[]).find((t) => !known.includes(t));
            if (bad) throw new HttpError(404, `lab ${loaded.lab.id} has no task "${bad}"`, { fix: `tasks are: ${known.join(', ')}`, data: { known } });
            taskIds = body.tasks as string[];
          }
        }
        await requireReady(loaded, 'check the lab');
        await deps.preparation.prepare(loaded);
        sendJson(res, 200, await runCheck(loaded, taskIds));
      },
    },
    '/api/labs/:id/reset': {
      POST: async (_req, res, p) => {
        const loaded = await catalog.get(p.id!);
        const id = loaded.lab.id;
        await requireReady(loaded, 'reset the lab');
        // Shells and preparation wait for the reset (it replaces the workspace folder).
        const run = deps.preparation.resetting(id, async () => {
          deps.terminals.endLab(id, 'the lab was reset; a new shell starts in the fresh workspace');
          await resetLab(loaded, catalog.target(id), deps.environment, logger);
          deps.preparation.settled(id);
          const at = new Date().toISOString();
          deps.hub.publish(id, { type: 'reset', at });
          void deps.hub.restart(id);
          return at;
        });
        if (!run) throw new HttpError(409, `lab ${id} is already being reset`);
        sendJson(res, 200, { lab: id, resetAt: await run, files: await catalog.starterFiles(loaded) });
      },
    },
    '/api/labs/:id/answers': {
      GET: async (_req, res, p) => {
        const { target } = await openLab(p.id!);
        sendJson(res, 200, { answers: await learnerFile(readAnswers(target.workspace)) });
      },
    },
    '/api/labs/:id/answers/:task': {
      PUT: async (req, res, p, limit) => {
        const { loaded, target } = await openLab(p.id!);
        const task = loaded.lab.tasks.find((t) => t.id === p.task);
        const answerTasks = loaded.lab.tasks.filter(isAnswerTask).map((t) => t.id);
        if (!task) throw new HttpError(404, `lab ${loaded.lab.id} has no task "${p.task}"`, { fix: `tasks are: ${loaded.lab.tasks.map((t) => t.id).join(', ')}` });
        if (!isAnswerTask(task)) {
          throw new HttpError(400, `task "${task.id}" is not answered by typing`, { fix: answerTasks.length ? `answer tasks: ${answerTasks.join(', ')}` : 'this lab has no answer tasks' });
        }
        const answer = objectBody(await readJsonBody(req, limit)).answer;
        if (typeof answer !== 'string') throw new HttpError(400, 'the body needs "answer": the text of the answer');
        if (answer.length > 2000) throw new HttpError(413, 'an answer is at most 2000 characters');
        await learnerFile(saveAnswer(target.workspace, task.id, answer));
        const result = await runCheck(loaded, [task.id]);
        void deps.hub.restart(loaded.lab.id);
        sendJson(res, 200, { task: task.id, answer, result });
      },
    },
    '/api/labs/:id/solution': {
      GET: async (_req, res, p) => {
        const { loaded, target } = await openLab(p.id!);
        const dir = join(loaded.dir, 'solution');
        const files: SolutionDiff['files'] = [];
        for (const path of await listFiles(dir)) {
          const solution = await readFile(join(dir, path), 'utf8');
          const learner = await readWorkspaceFile(target.workspace, path).catch((err) => {
            if (err instanceof HttpError && err.status === 404) return null;
            throw err;
          });
          files.push({ path, learner, solution });
        }
        sendJson(res, 200, { files } satisfies SolutionDiff);
      },
    },
    '/api/labs/:id/schema': {
      GET: async (_req, res, p) => {
        const loaded = await catalog.get(p.id!);
        if (!loaded.lab.environments.includes('kubernetes')) throw new HttpError(404, `lab ${loaded.lab.id} does not use Kubernetes, so it has no manifest schema`);
        const texts: string[] = [];
        for (const sub of ['starter', 'solution']) {
          for (const f of await listFiles(join(loaded.dir, sub))) if (/\.ya?ml$/.test(f)) texts.push(await readFile(join(loaded.dir, sub, f), 'utf8'));
        }
        const kinds = uniqueKinds([...commonKinds, ...kindsInManifests(texts), ...kindsInChecks(loaded.lab)]);
        const api = await deps.environment.kubeApi().catch(() => undefined);
        const { documents, from, key } = await loadOpenApiDocuments(api, kinds.map((k) => k.apiVersion), deps.openApiCacheDir).catch((err) => {
          throw new HttpError(503, err instanceof Error ? err.message : String(err), { fix: 'npm run cluster:up' });
        });
        const cacheKey = `${key}#${kinds.map((k) => `${k.apiVersion}/${k.kind}`).join(',')}`;
        let built = schemas.get(cacheKey) as ReturnType<typeof buildKubernetesSchema> | undefined;
        if (!built) {
          built = buildKubernetesSchema(documents, kinds);
          schemas.set(cacheKey, built);
        }
        sendJson(res, 200, { kinds, from, missing: built.missing, schema: built.schema });
      },
    },
    '/api/progress': {
      GET: async (_req, res) => sendJson(res, 200, await deps.progress.read()),
      PUT: async (req, res, _p, limit) => sendJson(res, 200, await deps.progress.merge(parseProgress(await readJsonBody(req, limit)))),
    },
  };
}
