import { z } from 'zod';
import { covers } from './covers.ts';
import { patternField } from './pattern-field.ts';
import { assertionSchema } from './assertion.ts';
import { duration } from './checks-kubernetes.ts';

/** Static Dockerfile rules; each failure names the line. */
export const dockerfileRules = [
  'parses',
  'pinned-base',
  'non-root-user',
  'multi-stage',
  'named-stages',
  'cache-order',
  'dockerignore',
  'copy-over-add',
  'no-secrets',
  'labels',
  'single-run-for-packages',
  'no-curl-pipe',
] as const;
export type DockerfileRule = (typeof dockerfileRules)[number];

export const dockerfileCheck = z
  .object({
    type: z.literal('dockerfile'),
    covers,
    file: z.string().default('Dockerfile').describe('Path in the learner workspace.'),
    rules: z.array(z.enum(dockerfileRules)).min(1),
    /** For `labels`: the label keys that must be set. */
    requiredLabels: z.array(z.string()).optional(),
    /** For `dockerignore`: entries the .dockerignore must contain. */
    ignoreEntries: z.array(z.string()).default(['node_modules', '.git']),
    /** For `cache-order`: dependency manifests that must be copied before the sources. */
    manifests: z.array(z.string()).default(['package.json', 'package-lock.json', 'go.mod', 'go.sum', 'requirements.txt', 'pom.xml', 'Cargo.toml']),
    /** The image the final stage is built on, read as `image:` reads it (any spelling, ARGs resolved, a patch release). */
    base: z.string().min(1).optional(),
    /** Ports the final stage declares with EXPOSE (`3000`, `53/udp`), ENV and ARG values resolved. */
    exposes: z.array(z.union([z.number().int().positive(), z.string().regex(/^\d+(\/(tcp|udp|sctp))?$/)])).min(1).optional(),
    /** The install command some RUN uses (`npm ci`; its aliases such as `npm clean-install` count). */
    installs: z.string().min(1).optional(),
  })
  .strict();

/** A file in the workspace exists and (optionally) its text or parsed YAML/JSON satisfies the expectations. */
export const fileCheck = z
  .object({
    type: z.literal('file'),
    covers,
    file: z.string(),
    /** A regular expression over the whole file, line by line (the m flag). */
    matches: patternField('m').optional(),
    /** Parse as YAML (first document) or JSON and check these. */
    expect: z.array(assertionSchema).optional(),
  })
  .strict();

/**
 * A compose file: valid (by `docker compose config` where available, else the
 * checker's own reading), with expectations on the normalised model, e.g.
 * `services.app.depends_on.db.condition` equals `service_healthy`.
 */
export const composeCheck = z
  .object({
    type: z.literal('compose'),
    covers,
    file: z.string().default('compose.yaml'),
    expect: z.array(assertionSchema).default([]),
  })
  .strict();

/** Live: the compose project's services are running, and those with a healthcheck are healthy. */
export const composeLiveCheck = z
  .object({
    type: z.literal('compose.live'),
    covers,
    project: z.string().describe('Compose project name (`name:` in the file or the folder name).'),
    services: z.array(z.string()).min(1),
    within: duration.default('60s'),
  })
  .strict();

export const fileChecks = [dockerfileCheck, fileCheck, composeCheck, composeLiveCheck] as const;
