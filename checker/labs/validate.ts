import { taskNeeds } from './needs.ts';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import type { Check } from '../schemas/check.ts';
import type { Step } from '../schemas/step.ts';
import { trackSchema } from '../schemas/track.ts';
import { trackFiles, type TrackRoots } from './tracks.ts';
import { parseOrExplain } from '../schemas/parse.ts';
import type { LoadedLab } from '../engine/engine.ts';
import { defaultLabsRoot, defaultLessonsRoot, labDirs, loadLab, type LabRoots, loadRightVariants, loadVariants, repoRoot } from './load.ts';
import { readYamlFile } from './read-yaml.ts';
import { hostPortTable, publishedPortProblems, tableProblems, type HostPortTable, type PublishedPort } from '../lib/host-ports.ts';
import { labPublishedPorts } from './published-ports.ts';
import { showRequirement, uncoveredRequirements } from './requirements.ts';
import { loadMutateConfig } from './mutate-run.ts';

export interface Problem {
  file: string;
  message: string;
}

/** The `covers:` audit: each requirement of a task's description that no check verifies (warnings, for now). */
export function coverageWarnings(loaded: LoadedLab): Problem[] {
  const file = join(loaded.dir, 'lab.yaml');
  return loaded.lab.tasks.flatMap((t) =>
    uncoveredRequirements(t).map((r) => ({ file, message: `tasks.${t.id}: ${showRequirement(r)} is in the description and no check verifies it (or name it in the covers: of the check that does)` })),
  );
}

const appliedFiles = (steps: Step[]) => steps.flatMap((s) => ('apply' in s ? [s.apply] : []));

/** Is `file` present in any of `dirs` (a workspace is the starter files overlaid with solution or variant files)? */
const inAny = (dirs: string[], file: string) => dirs.some((d) => existsSync(join(d, file)));

export async function validateLab(loaded: LoadedLab, lessonsRoot: LessonRoots = defaultLessonsRoot): Promise<Problem[]> {
  const { lab, dir } = loaded;
  const problems: Problem[] = [];
  const labFile = join(dir, 'lab.yaml');
  const starter = join(dir, 'starter');
  const solution = join(dir, 'solution');
  if (!existsSync(starter)) problems.push({ file: labFile, message: 'starter/ folder is missing (it holds the files the learner starts from; an empty folder needs a .gitkeep)' });
  for (const f of lab.starter ?? []) if (!existsSync(join(starter, f))) problems.push({ file: labFile, message: `starter: ${f} is not in starter/` });
  if (!existsSync(solution)) problems.push({ file: labFile, message: 'solution/ folder is missing' });
  for (const f of appliedFiles(lab.solution)) if (!inAny([starter, solution], f)) problems.push({ file: labFile, message: `solution: applies ${f}, which is in neither solution/ nor starter/` });
  for (const f of appliedFiles([...lab.setup, ...lab.reset])) if (!existsSync(join(dir, f))) problems.push({ file: labFile, message: `setup/reset: applies ${f}, which is not in the lab folder` });
  for (const t of lab.tasks) {
    (t.checks as Check[]).forEach((c) => {
      if (c.type === 'custom' && !existsSync(join(dir, c.module))) problems.push({ file: labFile, message: `tasks.${t.id}: custom check module ${c.module} not found` });
    });
  }
  if (lab.needs.length && !lab.environments.includes('kubernetes')) problems.push({ file: labFile, message: `needs: ${lab.needs.join(', ')} is about the Kubernetes cluster, and this lab's environments do not include kubernetes` });
  const behaviour = lab.tasks.filter((t) => taskNeeds(t).includes('running-containers')).map((t) => t.id);
  if (behaviour.length && !lab.needs.includes('running-containers')) {
    problems.push({ file: labFile, message: `task(s) ${behaviour.join(', ')} read what containers do (k8s.logs, k8s.exec, k8s.request): add \`needs: [running-containers]\` so the Docker-free engine says they need real nodes` });
  }
  if (!lessonFile(lessonsRoot, lab.lesson)) problems.push({ file: labFile, message: `lesson: ${lab.lesson} has no lessons/${lab.lesson}.mdx` });
  const taskIds = lab.tasks.map((t) => t.id);
  /** A variant's task references and applied files must exist. */
  const checkVariant = (v: { dir: string; variant: { steps: Step[] } }, field: string, ids: string[]) => {
    const vf = join(v.dir, 'variant.yaml');
    for (const id of ids) if (!taskIds.includes(id)) problems.push({ file: vf, message: `${field}: "${id}" is not a task of ${lab.id} (tasks: ${taskIds.join(', ')})` });
    for (const f of appliedFiles(v.variant.steps)) if (!inAny([v.dir, starter], f)) problems.push({ file: vf, message: `steps: applies ${f}, which is in neither the variant folder nor starter/` });
  };
  try {
    const variants = await loadVariants(loaded);
    if (variants.length < 2) problems.push({ file: labFile, message: `has ${variants.length} known-wrong variant(s) under wrong/; every lab needs at least 2` });
    for (const v of variants) {
      checkVariant(v, 'fails', [v.variant.fails]);
      const hints = lab.tasks.find((t) => t.id === v.variant.fails)?.hints.length ?? 0;
      if (v.variant.hint !== undefined && v.variant.hint > hints) {
        problems.push({ file: join(v.dir, 'variant.yaml'), message: `hint: ${v.variant.hint}, but task "${v.variant.fails}" has ${hints} hint(s)` });
      }
    }
  } catch (err) {
    problems.push({ file: join(dir, 'wrong'), message: (err as Error).message });
  }
  try {
    for (const v of await loadRightVariants(loaded)) checkVariant(v, 'passes', v.variant.passes ?? []);
  } catch (err) {
    problems.push({ file: join(dir, 'right'), message: (err as Error).message });
  }
  try {
    await loadMutateConfig(loaded);
  } catch (err) {
    problems.push({ file: join(dir, 'mutate.yaml'), message: (err as Error).message });
  }
  return problems;
}

/** One lessons folder, or several (the repository's lessons/ and a team's own DIR/lessons). */
export type LessonRoots = string | readonly string[];

function lessonFile(roots: LessonRoots, slug: string): string | null {
  for (const root of [roots].flat()) {
    for (const ext of ['.mdx', '.md']) {
      const f = join(root, `${slug}${ext}`);
      if (existsSync(f)) return f;
    }
  }
  return null;
}

async function walk(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (/\.mdx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Every lesson whose frontmatter names a lab must point at a lab that exists and names that lesson back. */
export async function validateLessonLinks(labs: LoadedLab[], lessonsRoots: LessonRoots = defaultLessonsRoot): Promise<Problem[]> {
  const problems: Problem[] = [];
  const byId = new Map(labs.map((l) => [l.lab.id, l]));
  const files = (await Promise.all([lessonsRoots].flat().map(async (root) => (await walk(root)).map((file) => ({ root, file }))))).flat();
  for (const { root: lessonsRoot, file } of files) {
    const fm = /^---\n([\s\S]*?)\n---/.exec(await readFile(file, 'utf8'));
    const labId = fm ? (parse(fm[1])?.lab as string | undefined) : undefined;
    if (!labId) continue;
    const slug = relative(lessonsRoot, file).replace(/\.mdx?$/, '');
    const lab = byId.get(labId);
    if (!lab) problems.push({ file, message: `lab: "${labId}" does not exist under labs/` });
    else if (lab.lab.lesson !== slug) problems.push({ file, message: `lab: ${labId} belongs to lesson ${lab.lab.lesson}, not ${slug}` });
  }
  return problems;
}

export async function validateTracks(labIdsKnown: string[], tracksRoots: TrackRoots = join(repoRoot, 'tracks')): Promise<Problem[]> {
  let files: Map<string, string>;
  try {
    files = await trackFiles(tracksRoots);
  } catch (err) {
    return [{ file: [tracksRoots].flat().join(', '), message: (err as Error).message }];
  }
  const problems: Problem[] = [];
  for (const file of files.values()) {
    try {
      const track = parseOrExplain(trackSchema, await readYamlFile(file), file);
      for (const id of track.labs) if (!labIdsKnown.includes(id)) problems.push({ file, message: `labs: "${id}" does not exist` });
    } catch (err) {
      problems.push({ file, message: (err as Error).message });
    }
  }
  return problems;
}

/** Every host port the labs publish is in the host-port table, and none is a port the kind cluster maps. */
export async function validateHostPorts(labs: LoadedLab[], table: HostPortTable = hostPortTable): Promise<Problem[]> {
  const published: PublishedPort[] = [];
  for (const l of labs) published.push(...(await labPublishedPorts(l)));
  const byId = new Map(labs.map((l) => [l.lab.id, l]));
  return [
    ...tableProblems(table).map((message) => ({ file: 'checker/lib/host-ports.ts', message })),
    ...publishedPortProblems(published, [...byId.keys()], table).map((p) => ({ file: join(byId.get(p.lab)?.dir ?? p.lab, 'lab.yaml'), message: p.message })),
  ];
}

/** `labs validate`: every lab.yaml, every referenced file, every lesson↔lab link, every track, the host-port table. */
export async function validateAll(
  labsRoots: LabRoots = defaultLabsRoot,
  lessonsRoots: LessonRoots = defaultLessonsRoot,
  table: HostPortTable = hostPortTable,
  tracksRoots: TrackRoots = join(repoRoot, 'tracks'),
): Promise<{ labs: number; problems: Problem[]; warnings: Problem[] }> {
  let dirs: Map<string, string>;
  try {
    dirs = await labDirs(labsRoots);
  } catch (err) {
    return { labs: 0, problems: [{ file: [labsRoots].flat().join(', '), message: (err as Error).message }], warnings: [] };
  }
  const problems: Problem[] = [];
  const loaded: LoadedLab[] = [];
  const ids = [...dirs.keys()].sort();
  for (const id of ids) {
    try {
      loaded.push(await loadLab(dirs.get(id)!));
    } catch (err) {
      problems.push({ file: join(dirs.get(id)!, 'lab.yaml'), message: (err as Error).message });
    }
  }
  for (const l of loaded) problems.push(...(await validateLab(l, lessonsRoots)));
  problems.push(...(await validateLessonLinks(loaded, lessonsRoots)));
  problems.push(...(await validateTracks(ids, tracksRoots)));
  problems.push(...(await validateHostPorts(loaded, table)));
  return { labs: ids.length, problems, warnings: loaded.flatMap(coverageWarnings) };
}
