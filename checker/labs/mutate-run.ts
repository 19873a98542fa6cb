/**
 * Run a lab's mutations (mutate.ts) against the real environment: for each, a reset, the
 * reference solution with the one file mutated, then the checks. A meaning mutation is
 * `killed` when some task fails, `missed` when every task still passes; an equivalent
 * rewrite that fails a task is a `false fail`. A meaning mutation every task this cluster can
 * judge passes, while some task cannot be judged here (unsupported: it needs real nodes), is
 * `unjudged`: neither killed nor missed, it needs a run on kind. A mutation the API server refuses (or that a
 * later solution step cannot run on) is `rejected`: it cannot reach a learner's checks as it is.
 * A rollout that never finishes is not a rejection: the checks judge that state.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import type { Checker, LoadedLab } from '../engine/engine.ts';
import type { Environment } from '../environments/environment.ts';
import { formatError } from '../lib/errors.ts';
import { noopLogger, type Logger } from '../lib/logger.ts';
import { parseOrExplain } from '../schemas/parse.ts';
import { readAnswers } from './answers.ts';
import { labPods } from './mutate-selectors.ts';
import { mutateConfigSchema, mutationsOf, noMutateConfig, sampleMutations, type MutateConfig, type Mutation } from './mutate.ts';
import { dockerArtefactMutations, tolerantDockerSteps } from './mutate-docker.ts';
import { cleanUpLab, resetLab, solveLab, type LabTarget } from './operations.ts';
import { readYamlFile } from './read-yaml.ts';

const verdicts = ['killed', 'missed', 'unjudged', 'survived', 'false-fail', 'rejected'] as const;
export type MutantVerdict = (typeof verdicts)[number];

/** One lab's mutation run, as `labs mutate --json` writes it and `--from` reads it back. */
export const mutationReportSchema = z.object({
  lab: z.string(),
  generated: z.number().int(),
  results: z.array(
    z.object({
      mutation: z.object({ id: z.string(), kind: z.enum(['meaning', 'equivalent']), file: z.string(), where: z.string(), description: z.string() }),
      verdict: z.enum(verdicts),
      /** Failing tasks and their messages, or why it was rejected. */
      detail: z.string(),
    }),
  ),
  /** Killed ÷ (killed + missed), in percent; null when no meaning mutation ran. */
  score: z.number().nullable(),
  durationMs: z.number(),
});
export const mutationReportsSchema = z.array(mutationReportSchema);
export type MutationReport = z.infer<typeof mutationReportSchema>;
export type MutantResult = MutationReport['results'][number];

/** A solution step that only waits (`kubectl rollout status`, `kubectl wait`, chained with &&). */
const waitOnly = /^\s*kubectl\s+(rollout\s+status|wait)\b[^;|]*?(\s*&&\s*kubectl\s+(rollout\s+status|wait)\b[^;|]*?)*\s*$/;

/** kubectl commands that change nothing in the cluster's objects: reads, waits, and commands run inside a container. */
const inContainerOrRead = new Set(['exec', 'get', 'logs', 'describe', 'wait', 'rollout status']);

/** A step whose kubectl commands only read or act inside containers (`kubectl exec … && kubectl exec …`). */
function onlyInContainers(run: string): boolean {
  const commands = [...run.matchAll(/\bkubectl\s+([a-z-]+)(\s+[a-z-]+)?/g)].map((m) => (m[1] === 'rollout' ? `rollout${m[2] ?? ''}`.replace(/\s+/, ' ') : m[1]!));
  return commands.some((c) => c === 'exec') && commands.every((c) => inContainerOrRead.has(c));
}

/**
 * The solution's steps with its waits made tolerant: a mutant whose rollout never finishes (Pods
 * the quota or admission refuses) is a state a learner can reach, so the checks judge it instead
 * of the run calling it rejected. The same for steps that only act inside containers (`kubectl
 * exec`): a mutant whose container does not run (its command removed) cannot take them, and the
 * checks judge what it left.
 */
export function tolerantWaits<T extends object>(steps: T[]): T[] {
  return steps.map((step) => ('run' in step && typeof step.run === 'string' && (waitOnly.test(step.run) || onlyInContainers(step.run)) ? { ...step, run: `(${step.run}) || true` } : step));
}

export async function loadMutateConfig(loaded: LoadedLab): Promise<MutateConfig> {
  const file = join(loaded.dir, 'mutate.yaml');
  return existsSync(file) ? parseOrExplain(mutateConfigSchema, await readYamlFile(file), file) : noMutateConfig;
}

/** The mutations of every manifest (`*.yaml` except answers.yaml), Dockerfile, .dockerignore and compose file in the lab's solution/. */
export async function labMutations(loaded: LoadedLab): Promise<Mutation[]> {
  const config = await loadMutateConfig(loaded);
  const dir = join(loaded.dir, 'solution');
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && f !== 'answers.yaml').sort();
  const texts = new Map<string, string>();
  for (const f of files) texts.set(f, await readFile(join(dir, f), 'utf8'));
  const setup = await setupManifests(loaded);
  const pods = labPods([...setup, ...texts.values()]);
  const setupObjects = new Set(setup.flatMap((t) => parseAllDocuments(t).map((d) => d.toJS()).filter((d) => d?.kind).map((d) => `${d.kind} ${d.metadata?.name}`)));
  const all: Mutation[] = [];
  for (const [f, text] of texts) all.push(...mutationsOf(f, text, config, { pods, setupObjects }));
  // Dockerfiles, .dockerignore and compose files: mutate-docker.ts.
  all.push(...(await dockerArtefactMutations(dir, config)));
  return all;
}

/** The manifests the lab's setup applies (`apply: <file or folder>`, relative to the lab), in order. */
async function setupManifests(loaded: LoadedLab): Promise<string[]> {
  const texts: string[] = [];
  for (const step of loaded.lab.setup) {
    if (!('apply' in step)) continue;
    const path = join(loaded.dir, step.apply);
    if (!existsSync(path)) continue;
    const files = (await stat(path)).isDirectory() ? (await readdir(path)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(path, f)) : [path];
    for (const f of files) texts.push(await readFile(f, 'utf8'));
  }
  return texts;
}

/**
 * A task this cluster cannot judge (unsupported: needs real nodes) neither kills nor misses a
 * mutation: a meaning mutation that passes everything else while such a task exists is unjudged
 * here (the kind run judges it), not counted as missed.
 */
export function verdictOf(kind: Mutation['kind'], tasks: { status: string }[]): MutantVerdict {
  const failing = tasks.some((t) => t.status !== 'pass' && t.status !== 'unsupported');
  if (kind === 'equivalent') return failing ? 'false-fail' : 'survived';
  if (failing) return 'killed';
  return tasks.some((t) => t.status === 'unsupported') ? 'unjudged' : 'missed';
}

export function score(results: MutantResult[]): number | null {
  const killed = results.filter((r) => r.verdict === 'killed').length;
  const missed = results.filter((r) => r.verdict === 'missed').length;
  return killed + missed ? Math.round((killed / (killed + missed)) * 1000) / 10 : null;
}

export async function mutateLab(
  loaded: LoadedLab,
  options: LabTarget & { checker: Checker; environment: Environment; logger?: Logger; sample?: number; sampleEquivalents?: number; only?: Set<string> },
): Promise<MutationReport> {
  const { checker, environment, logger = noopLogger } = options;
  const target: LabTarget = { namespace: options.namespace, workspace: options.workspace, env: options.env };
  const started = Date.now();
  const all = await labMutations(loaded);
  const chosen = sampleMutations(options.only ? all.filter((m) => options.only!.has(mutationKey(m))) : all, options.sample, 1, options.sampleEquivalents);
  const results: MutantResult[] = [];
  for (const [i, m] of chosen.entries()) {
    const { text, ...mutation } = m;
    let result: MutantResult;
    try {
      const session = await resetLab(loaded, target, environment, logger);
      // The solution's files, then the one mutated file over them, then the solution's steps.
      const solve = { ...loaded, lab: { ...loaded.lab, solution: [{ run: `cat > ${JSON.stringify(m.file)} <<'KUBECAMP_MUTANT'\n${text}KUBECAMP_MUTANT` }, ...tolerantDockerSteps(tolerantWaits(loaded.lab.solution))] } };
      try {
        await solveLab(solve as LoadedLab, session);
      } catch (err) {
        result = { mutation, verdict: m.kind === 'equivalent' ? 'false-fail' : 'rejected', detail: formatError(err).split('\n').slice(0, 3).join(' ') };
        results.push(result);
        logger.info(`  ${i + 1}/${chosen.length} ${result.verdict.padEnd(10)} ${m.where}: ${m.description}`);
        continue;
      }
      const r = await checker.check(loaded, { namespace: session.namespace, workspace: session.workspace, answers: await readAnswers(session.workspace), noWait: false, deadlineMs: 60_000 });
      const verdict = verdictOf(m.kind, r.tasks);
      const failing = r.tasks.filter((t) => t.status !== 'pass' && t.status !== 'unsupported');
      const unsupported = r.tasks.filter((t) => t.status === 'unsupported').map((t) => t.id);
      const detail = failing.map((t) => `${t.id}: ${t.message}`).join('; ');
      result = { mutation, verdict, detail: detail || (verdict === 'unjudged' ? `every task this cluster can judge passes; ${unsupported.join(', ')} need${unsupported.length === 1 ? 's' : ''} real nodes` : 'every task passes') };
    } catch (err) {
      result = { mutation, verdict: 'rejected', detail: formatError(err).split('\n')[0] };
    }
    results.push(result);
    logger.info(`  ${i + 1}/${chosen.length} ${result.verdict.padEnd(10)} ${m.where}: ${m.description}${result.verdict === 'killed' ? '' : ` — ${result.detail}`}`);
  }
  await cleanUpLab(loaded, target, environment, logger);
  return { lab: loaded.lab.id, generated: all.length, results, score: score(results), durationMs: Date.now() - started };
}

/** What identifies a mutation across runs (its id is a position and changes with the generator). */
export const mutationKey = (m: { kind: string; where: string; description: string }) => `${m.kind}\u0000${m.where}\u0000${m.description}`;

/** The keys of a saved report's unjudged mutations: what `labs mutate --rejudge` runs again where real nodes judge them. */
export function unjudgedKeys(report: MutationReport): Set<string> {
  return new Set(report.results.filter((r) => r.verdict === 'unjudged').map((r) => mutationKey(r.mutation)));
}

/** A saved report with the results of a re-run (`--rejudge`) in place of its own for the same mutations; the score recomputed. */
export function mergeRejudged(saved: MutationReport, rerun: MutationReport): MutationReport {
  const again = new Map(rerun.results.map((r) => [mutationKey(r.mutation), r]));
  const results = saved.results.map((r) => again.get(mutationKey(r.mutation)) ?? r);
  return { ...saved, results, score: score(results), durationMs: saved.durationMs + rerun.durationMs };
}

/**
 * A saved report against the lab's current generator and mutate.yaml: results of mutations it no
 * longer generates (a field since marked irrelevant, a removal now known to be a default) are
 * dropped and the score recomputed, so a table stays true to what `mutate` would run today.
 */
export function currentReport(report: MutationReport, current: Mutation[]): { report: MutationReport; dropped: number } {
  const keys = new Set(current.map(mutationKey));
  const results = report.results.filter((r) => keys.has(mutationKey(r.mutation)));
  return { report: { ...report, generated: current.length, results, score: score(results) }, dropped: report.results.length - results.length };
}

/** One line per lab, then the missed mutations and false fails (what an author acts on). */
export function formatMutationReport(reports: MutationReport[]): string {
  const lines: string[] = [];
  lines.push('| lab | generated | ran | killed | missed | unjudged (needs real nodes) | rejected | equivalent survived | false fails | score |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of reports) {
    const n = (v: MutantVerdict) => r.results.filter((x) => x.verdict === v).length;
    lines.push(`| ${r.lab} | ${r.generated} | ${r.results.length} | ${n('killed')} | ${n('missed')} | ${n('unjudged')} | ${n('rejected')} | ${n('survived')} | ${n('false-fail')} | ${r.score === null ? '–' : `${r.score} %`} |`);
  }
  for (const r of reports) {
    for (const x of r.results.filter((y) => y.verdict === 'missed' || y.verdict === 'false-fail')) {
      lines.push(`${x.verdict === 'missed' ? 'missed    ' : 'false fail'} ${r.lab} ${x.mutation.where}: ${x.mutation.description}${x.verdict === 'false-fail' ? ` — ${x.detail}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export async function writeMutationJson(file: string, reports: MutationReport[]): Promise<void> {
  await writeFile(file, `${JSON.stringify(reports, null, 2)}\n`);
}
