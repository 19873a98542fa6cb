import { dockerfileCheck, type DockerfileRule } from '../schemas/checks-files.ts';
import { buildModel, type LintOptions, type Note, type RuleFn, type RuleOptions, type Violation } from './dockerfile-rules/model.ts';
import { multiStage, namedStages, parses, pinnedBase } from './dockerfile-rules/base-image-rules.ts';
import { labels, noSecrets, nonRootUser } from './dockerfile-rules/user-and-secret-rules.ts';
import { cacheOrder, copyOverAdd, dockerignore, installsWith } from './dockerfile-rules/build-cache-rules.ts';
import { noCurlPipe, singleRunForPackages } from './dockerfile-rules/run-rules.ts';
import { baseIs, exposesPorts } from './dockerfile-rules/image-config-rules.ts';

export type { LintOptions, Note, Violation } from './dockerfile-rules/model.ts';
export { dockerignoreExcludes } from './dockerfile-rules/build-cache-rules.ts';
export { looksSecret } from './dockerfile-rules/user-and-secret-rules.ts';

// ---------- entry points ----------

const ruleFns: Record<DockerfileRule, RuleFn> = {
  parses,
  'pinned-base': pinnedBase,
  'non-root-user': nonRootUser,
  'multi-stage': multiStage,
  'named-stages': namedStages,
  'cache-order': cacheOrder,
  dockerignore,
  'copy-over-add': copyOverAdd,
  'no-secrets': noSecrets,
  labels,
  'single-run-for-packages': singleRunForPackages,
  'no-curl-pipe': noCurlPipe,
};

/**
 * Run the requested rules. Violations come in the order of `rules`, by line within a rule.
 * A file with no FROM at all is reported once (as `parses`) whatever the rules, since no
 * other verdict about it would mean anything.
 */
export function analyzeDockerfile(text: string, options: LintOptions): { violations: Violation[]; notes: Note[] } {
  const o: RuleOptions = {
    rules: options.rules,
    requiredLabels: options.requiredLabels ?? [],
    ignoreEntries: options.ignoreEntries ?? dockerfileCheck.shape.ignoreEntries.parse(undefined),
    manifests: options.manifests ?? dockerfileCheck.shape.manifests.parse(undefined),
    dockerignore: options.dockerignore,
  };
  const { base, exposes, installs } = options;
  const m = buildModel(text);
  if (m.stages.length === 0) return { violations: parses(m, o).violations.slice(0, 1), notes: [] };
  const violations: Violation[] = [];
  const notes: Note[] = [];
  for (const rule of [...new Set(o.rules)]) {
    const r = ruleFns[rule](m, o);
    violations.push(...r.violations);
    notes.push(...(r.notes ?? []));
  }
  if (base) violations.push(...baseIs(m, base));
  if (exposes) violations.push(...exposesPorts(m, exposes));
  if (installs) violations.push(...installsWith(m, installs));
  return { violations, notes };
}

export function lintDockerfile(text: string, options: LintOptions): Violation[] {
  return analyzeDockerfile(text, options).violations;
}
