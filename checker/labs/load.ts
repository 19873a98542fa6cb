import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
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

export async function labIds(root = defaultLabsRoot): Promise<string[]> {
  if (!existsSync(root)) return [];
  const entries = await readdir(root, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory() && existsSync(join(root, e.name, 'lab.yaml'))).map((e) => e.name).sort();
}

export async function loadAllLabs(root = defaultLabsRoot): Promise<LoadedLab[]> {
  return Promise.all((await labIds(root)).map((id) => loadLab(join(root, id))));
}

/** Load one lab by id; an unknown id lists the known ones. */
export async function findLab(id: string, root = defaultLabsRoot): Promise<LoadedLab> {
  const ids = await labIds(root);
  if (!ids.includes(id)) {
    throw new ContextError(`unknown lab "${id}"`, { fix: ids.length ? `known labs: ${ids.join(', ')}` : `no labs found under ${root}`, kind: 'bad-input' });
  }
  return loadLab(join(root, id));
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
