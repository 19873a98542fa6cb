import { z } from 'zod';
import { covers } from './covers.ts';
import { patternField } from './pattern-field.ts';
import { assertionSchema } from './assertion.ts';
import { outputExpect } from './checks-docker.ts';
import { duration } from './checks-kubernetes.ts';

/** Run a shell command inside the Linux sandbox container and check its result. */
export const sandboxExecCheck = z
  .object({
    type: z.literal('sandbox.exec'),
    covers,
    command: z.string().describe('Run with `sh -c` in the sandbox.'),
    expect: outputExpect.default({ exitCode: 0 }),
    within: duration.default('5s'),
  })
  .strict();

/** A file in the sandbox (e.g. under /proc or /sys/fs/cgroup); the path may differ by cgroup version. */
export const sandboxFileCheck = z
  .object({
    type: z.literal('sandbox.file'),
    covers,
    path: z.string().optional(),
    cgroupV1: z.string().optional().describe('Path used when the sandbox has cgroup v1.'),
    cgroupV2: z.string().optional().describe('Path used when the sandbox has cgroup v2.'),
    expect: z.array(assertionSchema).min(1).describe('On the file\'s text (trimmed); path stays empty.'),
  })
  .strict()
  .refine((c) => !!c.path || (!!c.cgroupV1 && !!c.cgroupV2), { message: 'give path, or both cgroupV1 and cgroupV2' });

/** A typed answer to a conceptual question, matched by a regular expression (case-insensitive by default). */
export const answerCheck = z
  .object({
    type: z.literal('answer'),
    covers,
    pattern: patternField(),
    caseSensitive: z.boolean().default(false),
  })
  .strict();

/**
 * Escape hatch: a TypeScript module in the lab folder whose default export is
 * `(ctx) => CheckOutcome | Promise<CheckOutcome>`. Use only where no declarative check fits.
 */
export const customCheck = z
  .object({
    type: z.literal('custom'),
    covers,
    module: z.string().regex(/\.ts$/, 'a .ts file in the lab folder'),
    needs: z.array(z.enum(['kubernetes', 'docker', 'sandbox'])).default([]),
    options: z.record(z.unknown()).default({}),
  })
  .strict();

export const otherChecks = [sandboxExecCheck, sandboxFileCheck, answerCheck, customCheck] as const;
