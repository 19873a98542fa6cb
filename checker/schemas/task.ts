import { z } from 'zod';
import { checkInputSchema } from './check.ts';

/** Something the learner has to do, verified by all of its checks passing in order. */
export const taskSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case, e.g. `create-deployment`'),
    title: z.string().min(1),
    /** Markdown shown under the title: what exactly to do. */
    description: z.string().default(''),
    /** Staged hints, least revealing first; the next one is shown after each failed check. */
    hints: z.array(z.string()).default([]),
    /** For answer tasks: the question shown to the learner. */
    question: z.string().optional(),
    checks: z.array(checkInputSchema).min(1),
  })
  .strict();
export type Task = z.infer<typeof taskSchema>;
