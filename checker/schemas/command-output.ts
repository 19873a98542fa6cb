import { z } from 'zod';
import { assertionSchema } from './assertion.ts';
import { patternField } from './pattern-field.ts';

/** What a command run in a container must have done (docker.exec, sandbox.exec, k8s.exec). */
export const outputExpect = z
  .object({
    exitCode: z.number().int().optional(),
    stdoutMatches: patternField('m').optional(),
    stdoutContains: z.string().optional(),
    /** Parse stdout as JSON and check these. */
    json: z.array(assertionSchema).optional(),
  })
  .strict();
