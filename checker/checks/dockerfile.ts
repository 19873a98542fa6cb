import { posix } from 'node:path';
import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { analyzeDockerfile } from './dockerfile-rules.ts';

/** BuildKit reads `<Dockerfile>.dockerignore` in preference to the context's `.dockerignore`. */
async function readDockerignore(file: string, ctx: CheckContext): Promise<string | null> {
  return (await ctx.files.read(`${file}.dockerignore`)) ?? (await ctx.files.read(posix.join(posix.dirname(file), '.dockerignore')));
}

const list = (items: readonly string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** Static rules on the learner's Dockerfile: fails with the first broken rule and how many more there are. */
export async function dockerfile(check: CheckOf<'dockerfile'>, ctx: CheckContext): Promise<Outcome> {
  const text = await ctx.files.read(check.file);
  if (text === null) return fail(`${check.file} not found in the workspace`, { expected: `${check.file} in the workspace`, actual: 'not found' });
  const { violations, notes } = analyzeDockerfile(text, {
    rules: check.rules,
    requiredLabels: check.requiredLabels,
    ignoreEntries: check.ignoreEntries,
    manifests: check.manifests,
    base: check.base,
    exposes: check.exposes,
    installs: check.installs,
    dockerignore: await readDockerignore(check.file, ctx),
  });
  const [first, ...rest] = violations;
  if (first) {
    const more = rest.length ? ` (+${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
    return fail(`${check.file}: ${first.message}${more}`, { ...(first.expected ? { expected: first.expected } : {}), ...(first.actual ? { actual: first.actual } : {}) });
  }
  const noted = notes.length ? `; note: ${notes.map((n) => n.message).join('; ')}` : '';
  const facts = [check.base ? `is built on ${check.base}` : '', check.exposes ? `declares port ${list(check.exposes.map(String))}` : '', check.installs ? `installs with ${check.installs}` : ''].filter(Boolean);
  return pass(`${check.file} follows ${list([...new Set(check.rules)])}${facts.length ? ` and ${list(facts)}` : ''}${noted}`);
}
