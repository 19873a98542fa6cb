/**
 * The Docker side of a lab's mutations: its solution's Dockerfiles, .dockerignore files and
 * compose files (mutate-dockerfile.ts, mutate-compose.ts). Manifests, compose files included,
 * also get mutate.ts's field-by-field changes.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MutateConfig, Mutation } from './mutate.ts';
import { composeMutations } from './mutate-compose.ts';
import { dockerfileMutations, dockerignoreMutations } from './mutate-dockerfile.ts';

export const isDockerfile = (f: string) => /^(Dockerfile|Containerfile)(\.[\w-]+)?$|\.Dockerfile$/.test(f);
export const isDockerignore = (f: string) => f === '.dockerignore' || f.endsWith('.dockerignore');
export const isComposeFile = (f: string) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(f);

export async function dockerArtefactMutations(dir: string, config: MutateConfig): Promise<Mutation[]> {
  const files = (await readdir(dir)).sort();
  const out: Mutation[] = [];
  for (const f of files) {
    const text = () => readFile(join(dir, f), 'utf8');
    if (isDockerfile(f)) out.push(...dockerfileMutations(f, await text(), config));
    else if (isDockerignore(f)) out.push(...dockerignoreMutations(f, await text(), config));
    else if (isComposeFile(f)) out.push(...composeMutations(f, await text(), config));
  }
  return out;
}
