import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { ZodType } from 'zod';
import { labSchema, rightVariantSchema, variantSchema, type RightVariant, type Variant } from '../schemas/lab.ts';
import { parseOrExplain } from '../schemas/parse.ts';
import { ContextError } from '../lib/errors.ts';
import { findRepoRoot } from '../lib/repo-root.ts';
import type { LoadedLab } from '../engine/engine.ts';
import { readYamlFile } from './read-yaml.ts';

/** The repository's folders, found from this file so the CLI works from any directory. */
export const repoRoot = findRepoRoot(import.meta.url);
export const defaultLabsRoot = join(repoRoot, 'labs');
export const defaultLessonsRoot = join(repoRoot, 'lessons');

export async function loadLab(dir: string): Promise<LoadedLab> {
  const file = join(dir, 'lab.yaml');
  const lab = parseOrExplain(labSchema, await readYamlFile(file), file);
  if (lab.id !== basename(dir)) {
    throw new ContextError(`${file}: id "${lab.id}" does not match its folder "${basename(dir)}"`, { fix: `set id: ${basename(dir)} or rename the folder` });
  }
  return { lab, dir };
}

/** One folder of `<id>/lab.yaml`, or several: the repository's labs and a team's own (`--labs-dir`). */
export type LabRoots = string | readonly string[];

/**
 * The folders of `--labs-dir DIR` (or KUBECAMP_LABS_DIR) beside the repository's: labs from
 * DIR/<id>/lab.yaml, tracks from DIR/tracks/<id>.yaml, lessons from DIR/lessons/.
 */
export function labsDirRoots(labsDir: string | undefined): { labs: string[]; tracks: string[]; lessons: string[] } {
  const builtIn = { labs: [defaultLabsRoot], tracks: [join(repoRoot, 'tracks')], lessons: [defaultLessonsRoot] };
  if (!labsDir) return builtIn;
  const dir = resolve(labsDir);
  if (!existsSync(dir)) throw new ContextError(`the labs folder ${dir} does not exist`, { fix: 'pass --labs-dir (or KUBECAMP_LABS_DIR) a folder holding <id>/lab.yaml and tracks/<id>.yaml', kind: 'bad-input' });
  return { labs: [...builtIn.labs, dir], tracks: [...builtIn.tracks, join(dir, 'tracks')], lessons: [...builtIn.lessons, join(dir, 'lessons')] };
}

/** Each lab id and its folder, over every root; an id found twice is an error naming both folders. */
export async function labDirs(roots: LabRoots = defaultLabsRoot): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const root of [roots].flat()) {
    if (!existsSync(root)) continue;
    const entries = await readdir(root, { withFileTypes: true });
    for (const id of entries.filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'lab.yaml'))).map((e) => e.name).sort()) {
      const dir = join(root, id);
      const other = dirs.get(id);
      if (other) throw new ContextError(`lab id "${id}" is used twice: ${other} and ${dir}`, { fix: 'rename one of them (its folder and the id in its lab.yaml): ids are unique across the labs folders', kind: 'bad-input' });
      dirs.set(id, dir);
    }
  }
  return dirs;
}

export async function labIds(roots: LabRoots = defaultLabsRoot): Promise<string[]> {
  return [...(await labDirs(roots)).keys()].sort();
}

export async function loadAllLabs(roots: LabRoots = defaultLabsRoot): Promise<LoadedLab[]> {
  const dirs = await labDirs(roots);
  return Promise.all([...dirs.keys()].sort().map((id) => loadLab(dirs.get(id)!)));
}

/** Load one lab by id; an unknown id lists the known ones. */
export async function findLab(id: string, roots: LabRoots = defaultLabsRoot): Promise<LoadedLab> {
  const dirs = await labDirs(roots);
  const dir = dirs.get(id);
  if (!dir) {
    const ids = [...dirs.keys()].sort();
    throw new ContextError(`unknown lab "${id}"`, { fix: ids.length ? `known labs: ${ids.join(', ')}` : `no labs found under ${[roots].flat().join(', ')}`, kind: 'bad-input' });
  }
  return loadLab(dir);
}

export interface LoadedVariant<V = Variant> {
  name: string;
  dir: string;
  variant: V;
}

/** The known-wrong submissions under `wrong/`. */
export function loadVariants(loaded: LoadedLab): Promise<LoadedVariant<Variant>[]> {
  return loadVariantsOf(loaded, 'wrong', variantSchema, 'description, fails, message and steps');
}

/** The valid alternatives under `right/`, which the checks must accept. */
export function loadRightVariants(loaded: LoadedLab): Promise<LoadedVariant<RightVariant>[]> {
  return loadVariantsOf(loaded, 'right', rightVariantSchema, 'description, steps and optionally passes');
}

async function loadVariantsOf<V>(loaded: LoadedLab, folder: string, schema: ZodType<V, any, any>, fields: string): Promise<LoadedVariant<V>[]> {
  const root = join(loaded.dir, folder);
  if (!existsSync(root)) return [];
  const names = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = join(root, name, 'variant.yaml');
      if (!existsSync(file)) throw new ContextError(`${join(root, name)} has no variant.yaml`, { fix: `add variant.yaml with ${fields}` });
      return { name, dir: join(root, name), variant: parseOrExplain(schema, await readYamlFile(file), file) };
    }),
  );
}
