import { mkdtempSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Io } from '../lib/io.ts';
import { ContextError } from '../lib/errors.ts';
import { parseCommandLine } from '../lib/command-line.ts';
import type { LabResult } from '../schemas/result.ts';
import type { HarnessReport } from '../labs/harness.ts';
import type { MutationReport } from '../labs/mutate-run.ts';

// Each command imports what it uses when it runs (`labs --help` loads none of it): the CLI starts fast.
const engine = async () => {
  const [{ createChecker }, { localEnvironment }] = await Promise.all([import('../engine/engine.ts'), import('../environments/local.ts')]);
  return { createChecker, localEnvironment };
};
// The labs and tracks, with those of --labs-dir / KUBECAMP_LABS_DIR beside the repository's.
const load = async (labsDir: string | undefined) => {
  const loader = await import('../labs/load.ts');
  const roots = loader.labsDirRoots(labsDir);
  return {
    roots,
    labIds: () => loader.labIds(roots.labs),
    loadAllLabs: () => loader.loadAllLabs(roots.labs),
    findLab: (id: string) => loader.findLab(id, roots.labs),
  };
};
const report = () => import('./report.ts');
const answers = () => import('../labs/answers.ts');
const workspaces = () => import('../labs/workspace.ts');
const sessions = () => import('../labs/session.ts');

const usage = `usage: labs <command> [options]

  list                         the labs, their environments and tasks
  validate                     every lab.yaml, referenced file, lesson↔lab link and track;
                               warns of task requirements (bold values, numbers) no check verifies
  check <id>                   check your work
      --json | --junit FILE | --markdown FILE | --watch
  reset <id>                   fresh namespace and starter files, then the lab's setup
  solve <id>                   apply the reference solution to your workspace and cluster
  answer <id> <task> <text>    record an answer for a question task
  test [<id>…] [--all]         the harness: starter fails, solution passes, wrong variants fail
      --junit FILE | --keep
      --twice                  each Kubernetes lab in two namespaces at once (<namespace>-a, -b), as two learners on one cluster
  mutate [<id>…] [--all]       mutation testing: the solution's manifests changed one field at a time
      --sample N | --json        (killed, missed, false fails and a score per lab)
      --from FILE                the table of reports saved with --json (no run)
      --rejudge FILE             run again, on this cluster, the mutations a saved run left unjudged
                                 (it had no real nodes), and report the saved runs with their verdicts
  track <track-id>             check every lab of a track (an onboarding checklist)
      --json | --junit FILE | --markdown FILE

common options:
  --labs-dir DIR               also the labs in DIR/<id>/lab.yaml and the tracks in DIR/tracks/<id>.yaml
                               (default: KUBECAMP_LABS_DIR); an id used twice is an error
  --namespace NS               default lab-<id> (test: labtest-<id>)
  --workspace DIR              default ~/.local/share/kubecamp/workspaces/<id>
  -v, --verbose

exit codes:
  0  done (every task passes; validate, test: no problem found)
  1  tasks left (validate, test: problems found)
  2  usage or bad input: unknown command, lab or task, a bad flag, a file of yours that cannot be read (answers.yaml)
  3  could not check: an environment the lab needs is not running`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { command, args, values, logger, exit } = parseCommandLine(argv, io, usage, {
    json: { type: 'boolean', default: false },
    junit: { type: 'string' },
    markdown: { type: 'string' },
    watch: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    twice: { type: 'boolean', default: false },
    sample: { type: 'string' },
    from: { type: 'string' },
    rejudge: { type: 'string' },
    namespace: { type: 'string' },
    workspace: { type: 'string' },
    'labs-dir': { type: 'string' },
  });
  if (exit !== undefined) return exit;
  const labsDir = values['labs-dir'] || io.env.KUBECAMP_LABS_DIR || undefined;
  let environment: import('../environments/environment.ts').Environment | undefined;
  const connect = async () => {
    const { createChecker, localEnvironment } = await engine();
    environment ??= localEnvironment(io.env);
    return { environment, checker: createChecker({ environment, logger }) };
  };
  const target = async (id: string) => {
    const [{ defaultNamespace }, { defaultWorkspace }] = await Promise.all([sessions(), workspaces()]);
    return {
      namespace: values.namespace ?? defaultNamespace(id),
      workspace: values.workspace ?? defaultWorkspace(id, io.env),
      env: io.env,
    };
  };
  const needId = () => {
    if (!args[0]) throw new ContextError(`labs ${command} needs a lab id`, { fix: 'run `labs list` to see them', kind: 'bad-input' });
    return args[0];
  };

  try {
    switch (command) {
      case 'list': {
        const labs = await (await load(labsDir)).loadAllLabs();
        if (values.json) io.stdout.write(`${JSON.stringify(labs.map(({ lab }) => ({ id: lab.id, title: lab.title, lesson: lab.lesson, environments: lab.environments, minutes: lab.minutes, tasks: lab.tasks.length })), null, 2)}\n`);
        else for (const { lab } of labs) io.stdout.write(`${lab.id.padEnd(28)} ${lab.title.padEnd(40)} ${(lab.environments.join('+') || 'files').padEnd(18)} ${lab.tasks.length} tasks, ~${lab.minutes} min\n`);
        return 0;
      }
      case 'validate': {
        const [{ validateAll }, { roots }] = await Promise.all([import('../labs/validate.ts'), load(labsDir)]);
        const { labs, problems, warnings } = await validateAll(roots.labs, roots.lessons, undefined, roots.tracks);
        for (const p of warnings) io.stdout.write(`⚠ ${p.file}: ${p.message}\n`);
        if (warnings.length) io.stdout.write(`${warnings.length} requirement(s) of task descriptions no check verifies (warnings)\n`);
        for (const p of problems) io.stdout.write(`✘ ${p.file}: ${p.message}\n`);
        io.stdout.write(problems.length ? `${problems.length} problem(s) in ${labs} labs\n` : `✔ ${labs} labs, their files, lessons and tracks are valid\n`);
        return problems.length ? 1 : 0;
      }
      case 'check': {
        const [{ findLab }, { needsNotice }, { readClusterState }, { formatResult }, { readAnswers }, { checker }] = await Promise.all([
          load(labsDir),
          import('../labs/needs.ts'),
          import('../lib/cluster-state.ts'),
          report(),
          answers(),
          connect(),
        ]);
        const loaded = await findLab(needId());
        const t = await target(loaded.lab.id);
        const options = { namespace: t.namespace, workspace: t.workspace };
        const notice = needsNotice(loaded.lab, (await readClusterState(io.env))?.engine);
        if (notice) (values.json ? io.stderr : io.stdout).write(`note: ${notice}\n\n`);
        if (values.watch) {
          io.stdout.write(`watching ${loaded.lab.id} (namespace ${t.namespace}); Ctrl-C to stop\n`);
          let previous = '';
          const stop = await checker.watch(
            loaded,
            { ...options, answers: await readAnswers(t.workspace) },
            (r) => {
              const text = formatResult(r, loaded.lab.title);
              if (text !== previous) io.stdout.write(`\n[${new Date().toLocaleTimeString()}] ${text}\n`);
              previous = text;
            },
            (err) => io.stderr.write(`${(err as Error).message}\n`),
          );
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
          stop();
          return 0;
        }
        const result = await checker.check(loaded, { ...options, answers: await readAnswers(t.workspace) });
        await writeReports([result], values);
        io.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatResult(result, loaded.lab.title)}\n`);
        return result.status === 'pass' ? 0 : result.status === 'fail' ? 1 : 3;
      }
      case 'reset': {
        const [{ findLab }, { resetLab }, { environment }] = await Promise.all([load(labsDir), import('../labs/operations.ts'), connect()]);
        const loaded = await findLab(needId());
        const session = await resetLab(loaded, await target(loaded.lab.id), environment, logger);
        io.stdout.write(`✔ ${loaded.lab.id} is reset\n  workspace: ${session.workspace}\n`);
        if (session.env.KUBECONFIG) io.stdout.write(`  namespace: ${session.namespace}\n  in a shell: export KUBECONFIG=${session.env.KUBECONFIG}\n`);
        return 0;
      }
      case 'solve': {
        const [{ findLab }, { solveLab }, { labSession }] = await Promise.all([load(labsDir), import('../labs/operations.ts'), sessions()]);
        const loaded = await findLab(needId());
        const session = await labSession(loaded.lab, await target(loaded.lab.id));
        await solveLab(loaded, session);
        io.stdout.write(`✔ applied the solution of ${loaded.lab.id}; \`labs check ${loaded.lab.id}\` to see it pass\n`);
        return 0;
      }
      case 'answer': {
        const [{ findLab }, { writeAnswer }] = await Promise.all([load(labsDir), answers()]);
        const loaded = await findLab(needId());
        const [, taskId, ...words] = args;
        const task = loaded.lab.tasks.find((t) => t.id === taskId);
        if (!task || !task.checks.some((c) => c.type === 'answer')) {
          const questions = loaded.lab.tasks.filter((t) => t.checks.some((c) => c.type === 'answer')).map((t) => t.id);
          throw new ContextError(`lab ${loaded.lab.id} has no question task "${taskId ?? ''}"`, { fix: questions.length ? `question tasks: ${questions.join(', ')}` : 'this lab has no questions', kind: 'bad-input' });
        }
        await writeAnswer((await target(loaded.lab.id)).workspace, task.id, words.join(' '));
        io.stdout.write(`✔ answer recorded for ${task.id}\n`);
        return 0;
      }
      case 'test': {
        const [{ findLab, labIds }, { testLab, testLabConcurrently, concurrentTargets }, { harnessToJUnit }, { formatDuration }, { checker, environment }] = await Promise.all([
          load(labsDir),
          import('../labs/harness.ts'),
          report(),
          import('../lib/logger.ts'),
          connect(),
        ]);
        const ids = values.all || args.length === 0 ? await labIds() : args;
        const labs = await Promise.all(ids.map((id) => findLab(id)));
        const reports: HarnessReport[] = [];
        for (const loaded of labs) {
          logger.info(`▸ ${loaded.lab.id}`);
          const namespace = values.namespace ?? `labtest-${loaded.lab.id}`.slice(0, 63);
          if (values.twice && loaded.lab.environments.length > 0 && loaded.lab.environments.every((e) => e === 'kubernetes')) {
            const targets = concurrentTargets(namespace, (suffix) => (values.workspace ? `${values.workspace}-${suffix}` : mkdtempSync(join(tmpdir(), `kubecamp-${loaded.lab.id}-${suffix}-`))));
            reports.push(await testLabConcurrently(loaded, { checker, environment, logger, targets, env: io.env, keep: values.keep }));
            continue;
          }
          if (values.twice) logger.info(`  (runs once: ${loaded.lab.id} is not a Kubernetes-only lab; Docker and sandbox labs use fixed container names)`);
          const workspace = values.workspace ?? (await mkdtemp(join(tmpdir(), `kubecamp-${loaded.lab.id}-`)));
          reports.push(await testLab(loaded, { checker, environment, logger, namespace, workspace, env: io.env, keep: values.keep }));
        }
        if (values.junit) await writeFile(values.junit, harnessToJUnit(reports));
        const failed = reports.filter((r) => !r.ok);
        const phases = reports.flatMap((r) => r.phases);
        io.stdout.write(`\n${reports.length - failed.length}/${reports.length} labs proved (${phases.filter((p) => p.ok).length} passed, ${phases.filter((p) => !p.ok).length} failed phases) in ${formatDuration(reports.reduce((s, r) => s + r.durationMs, 0))}\n`);
        for (const r of failed) io.stdout.write(`  ✘ ${r.lab}: ${r.phases.filter((p) => !p.ok).map((p) => p.name).join('; ')}\n`);
        return failed.length ? 1 : 0;
      }
      case 'mutate': {
        /** Reports saved with --json, each against the lab's current generator and mutate.yaml. */
        const savedReports = async (file: string): Promise<MutationReport[]> => {
          let saved: unknown;
          try {
            saved = JSON.parse(await readFile(file, 'utf8'));
          } catch (cause) {
            throw new ContextError(`cannot read ${file} as JSON`, { cause, fix: 'pass a file written by `labs mutate --json`', kind: 'bad-input' });
          }
          const [{ findLab }, { currentReport, labMutations, mutationReportsSchema }, { explainZodError }] = await Promise.all([load(labsDir), import('../labs/mutate-run.ts'), import('../schemas/parse.ts')]);
          const parsed = mutationReportsSchema.safeParse(saved);
          if (!parsed.success) {
            throw new ContextError(`${file} is not valid:\n${explainZodError(parsed.error).map((l) => `  - ${l}`).join('\n')}`, { fix: 'pass a file written by `labs mutate --json`', kind: 'bad-input' });
          }
          const reports: MutationReport[] = [];
          for (const saved of parsed.data) {
            const { report, dropped } = currentReport(saved, await labMutations(await findLab(saved.lab)));
            if (dropped) io.stderr.write(`note: ${saved.lab}: ${dropped} result(s) of mutations no longer generated (mutate.yaml, the generator) left out\n`);
            reports.push(report);
          }
          return reports;
        };
        if (values.from) {
          const { formatMutationReport } = await import('../labs/mutate-run.ts');
          io.stdout.write(formatMutationReport(await savedReports(values.from)));
          return 0;
        }
        const [{ findLab, labIds }, { mutateLab, formatMutationReport, labMutations }, { createLogger }, { checker, environment }] = await Promise.all([load(labsDir), import('../labs/mutate-run.ts'), import('../lib/logger.ts'), connect()]);
        const ids = values.all || args.length === 0 ? await labIds() : args;
        const sample = values.sample === undefined ? undefined : Number(values.sample);
        if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) throw new ContextError(`--sample ${values.sample} is not a positive whole number`, { fix: 'e.g. --sample 20' });
        const reports: MutationReport[] = [];
        // With --json, stdout is the JSON alone: progress goes to stderr.
        const log = values.json ? createLogger(io.stderr, { verbose: values.verbose }) : logger;
        if (values.rejudge) {
          // Only the mutations a saved run could not judge (no real nodes there), judged on this cluster.
          const { mergeRejudged, unjudgedKeys } = await import('../labs/mutate-run.ts');
          for (const saved of await savedReports(values.rejudge)) {
            if (args.length && !args.includes(saved.lab)) continue;
            const only = unjudgedKeys(saved);
            if (only.size === 0) {
              log.info(`▸ ${saved.lab}: nothing unjudged in ${values.rejudge}`);
              reports.push(saved);
              continue;
            }
            log.info(`▸ ${saved.lab}: ${only.size} unjudged mutation(s) of ${values.rejudge}`);
            const workspace = values.workspace ?? (await mkdtemp(join(tmpdir(), `kubecamp-mutate-${saved.lab}-`)));
            const rerun = await mutateLab(await findLab(saved.lab), { checker, environment, logger: log, namespace: values.namespace ?? `labmutate-${saved.lab}`.slice(0, 63), workspace, env: io.env, only });
            reports.push(mergeRejudged(saved, rerun));
          }
        }
        for (const id of values.rejudge ? [] : ids) {
          const loaded = await findLab(id);
          if (!loaded.lab.environments.includes('kubernetes') && (await labMutations(loaded)).length === 0) {
            log.info(`▸ ${id}: skipped (no manifest, Dockerfile or compose file in its solution to mutate)`);
            continue;
          }
          log.info(`▸ ${id}`);
          const workspace = values.workspace ?? (await mkdtemp(join(tmpdir(), `kubecamp-mutate-${id}-`)));
          reports.push(await mutateLab(loaded, { checker, environment, logger: log, namespace: values.namespace ?? `labmutate-${id}`.slice(0, 63), workspace, env: io.env, sample }));
        }
        io.stdout.write(values.json ? `${JSON.stringify(reports, null, 2)}\n` : formatMutationReport(reports));
        return reports.some((r) => r.results.some((x) => x.verdict === 'false-fail' || x.verdict === 'missed')) ? 1 : 0;
      }
      case 'track': {
        const [{ findLab, roots }, { findTrack }, { formatResult }, { readAnswers }, { checker }] = await Promise.all([load(labsDir), import('../labs/tracks.ts'), report(), answers(), connect()]);
        const track = await findTrack(needId(), roots.tracks);
        const results: LabResult[] = [];
        for (const id of track.labs) {
          const loaded = await findLab(id);
          const t = await target(id);
          results.push(await checker.check(loaded, { namespace: t.namespace, workspace: t.workspace, answers: await readAnswers(t.workspace) }));
        }
        await writeReports(results, values);
        if (values.json) io.stdout.write(`${JSON.stringify({ track: track.id, results }, null, 2)}\n`);
        else {
          io.stdout.write(`${track.title}\n`);
          for (const r of results) io.stdout.write(`${formatResult(r)}\n`);
          io.stdout.write(`${results.filter((r) => r.status === 'pass').length}/${results.length} labs done\n`);
        }
        return results.every((r) => r.status === 'pass') ? 0 : results.some((r) => r.status === 'error') ? 3 : 1;
      }
      default:
        throw new ContextError(`unknown command "${command}"`, { fix: 'run `labs --help`', kind: 'bad-input' });
    }
  } finally {
    environment?.close();
  }
}

async function writeReports(results: LabResult[], values: { junit?: string; markdown?: string }) {
  if (!values.junit && !values.markdown) return;
  const { resultsToJUnit, resultsToMarkdown } = await report();
  if (values.junit) await writeFile(values.junit, resultsToJUnit(results));
  if (values.markdown) await writeFile(values.markdown, resultsToMarkdown(results));
}
