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

/** `docker run … --name X …` alone on a step. */
const dockerRun = /^\s*docker\s+(container\s+)?run\s[^;|&\n]*?--name[=\s]+(\S+)[^;|&\n]*$/;
/** `docker compose … up …` alone on a step. */
const composeUp = /^\s*docker[ -]compose\s[^;|&\n]*\bup\b[^;|&\n]*$/;

/**
 * The solution's Docker steps made tolerant the way tolerantWaits makes rollouts tolerant: a
 * container created whose process cannot start (`docker run` fails after creating it), or a
 * valid compose project whose services never get healthy, is a state a learner reaches, so the
 * checks judge it. A build that fails, a container never created, a compose file Compose
 * refuses stay failures (the mutation is rejected).
 */
export function tolerantDockerSteps<T extends object>(steps: T[]): T[] {
  return steps.map((step) => {
    if (!('run' in step) || typeof step.run !== 'string') return step;
    const run = dockerRun.exec(step.run);
    if (run) return { ...step, run: `${step.run.trim()} || docker container inspect ${run[2]} >/dev/null` };
    if (composeUp.test(step.run)) return { ...step, run: `${step.run.trim().replace(/\bup\b.*$/, 'config -q')} && { ${step.run.trim()} || true; }` };
    return step;
  });
}
