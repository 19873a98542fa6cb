import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findRepoRoot } from './repo-root.ts';

/** True when this code runs from the compiled CLI (dist-cli/, scripts/cli-build), not from its TypeScript sources. */
export const runningCompiled = !import.meta.url.endsWith('.ts');

/** Where the build puts a repository file's compiled module (dist-cli/ mirrors the tree), or null for a file outside the repository. */
export function compiledCounterpart(root: string, file: string): string | null {
  const rel = relative(root, file);
  if (rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return join(root, 'dist-cli', rel.replace(/\.ts$/, '.js'));
}

let tsxRegistered: Promise<void> | undefined;

/**
 * Imports a TypeScript module of the repository (a lab's own check): from
 * the compiled build when this code runs compiled and the build has it (so it
 * shares the build's modules), else the source, registering tsx first when
 * plain Node runs (it cannot load .ts files).
 */
export async function importTypeScript(file: string): Promise<Record<string, unknown>> {
  if (!runningCompiled) return import(pathToFileURL(file).href);
  const compiled = compiledCounterpart(findRepoRoot(import.meta.url), file);
  if (compiled && existsSync(compiled)) return import(pathToFileURL(compiled).href);
  tsxRegistered ??= import('tsx/esm/api').then(({ register }) => void register());
  await tsxRegistered;
  return import(pathToFileURL(file).href);
}
