import { z } from 'zod';

/**
 * pass/fail are verdicts on the learner's work; `error` means the checker could
 * not decide (cluster down, timeout, malformed file) and is never shown as a fail;
 * `unsupported` means this cluster cannot show what the task asks (a behaviour
 * check where kubelets are simulated: "needs real nodes (kind)"), neither a pass nor a fail.
 */
export const statusSchema = z.enum(['pass', 'fail', 'error', 'unsupported']);
export type Status = z.infer<typeof statusSchema>;

export const checkOutcomeSchema = z.object({
  status: statusSchema,
  /** One line naming the object and field. */
  message: z.string(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** For errors: what to do. */
  fix: z.string().optional(),
});
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;

export const taskResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: statusSchema,
  message: z.string(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  fix: z.string().optional(),
  /** The next hint to show (by attempt count), if any. */
  hint: z.string().optional(),
  durationMs: z.number(),
});
export type TaskResult = z.infer<typeof taskResultSchema>;

export const labResultSchema = z.object({
  lab: z.string(),
  status: statusSchema,
  passed: z.number(),
  total: z.number(),
  tasks: z.array(taskResultSchema),
  checkedAt: z.string(),
  durationMs: z.number(),
});
export type LabResult = z.infer<typeof labResultSchema>;
