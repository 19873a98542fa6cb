import { z } from 'zod';
import { stepSchema } from './step.ts';
import { taskSchema } from './task.ts';

export const environmentNames = ['kubernetes', 'docker', 'sandbox'] as const;
export type EnvironmentName = (typeof environmentNames)[number];

/**
 * What a Kubernetes lab needs beyond an API server, and why (the reason is
 * what `labs check` says where the cluster lacks it):
 * - `running-containers`: kubelets that run containers, i.e. the kind engine.
 *   Declare it when a task reads what containers really do — `kubectl logs`,
 *   `kubectl exec`, probes that fail, restarts, CrashLoopBackOff/OOMKilled,
 *   Service traffic or DNS — and not for tasks that check objects only, which
 *   the Docker-free control plane (kwok, simulated kubelets) checks for real.
 */
export const labNeeds = {
  'running-containers':
    "its tasks use what running containers do (logs, exec, probes, restarts), and this cluster's kubelets are simulated: Pods show Running but no container runs",
} as const;
export type LabNeed = keyof typeof labNeeds;
export const labNeedNames = Object.keys(labNeeds) as [LabNeed, ...LabNeed[]];

/** `labs/<id>/lab.yaml`: everything the site, the CLI and the harness need to run a lab. */
export const labSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case, the same as the folder name'),
    title: z.string().min(1),
    /** Lesson slug this lab belongs to, e.g. `kubernetes/deployments` (lessons/kubernetes/deployments.mdx). */
    lesson: z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/),
    /** What the lab runs against; files-only labs (static Dockerfile checks) list none. */
    environments: z.array(z.enum(environmentNames)).default([]),
    /** What the lab's cluster must provide (see `labNeeds`); none: every engine can check it. */
    needs: z.array(z.enum(labNeedNames)).default([]),
    minutes: z.number().int().positive().describe('Estimated time for a learner.'),
    /** Image references the lab uses; `npm run images` makes them available offline. */
    images: z.array(z.string()).default([]),
    /** Files opened in the editor, from `starter/` (default: all of them). */
    starter: z.array(z.string()).optional(),
    /** Run after reset, before the learner starts (in the workspace, with the lab's environment). */
    setup: z.array(stepSchema).default([]),
    /** Extra clean-up on reset, beyond recreating the lab namespace and workspace. */
    reset: z.array(stepSchema).default([]),
    /** How `labs solve` applies `solution/` (its files are first copied into the workspace). */
    solution: z.array(stepSchema).min(1),
    tasks: z.array(taskSchema).min(1),
  })
  .strict()
  .superRefine((lab, ctx) => {
    const seen = new Set<string>();
    lab.tasks.forEach((t, i) => {
      if (seen.has(t.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['tasks', i, 'id'], message: `duplicate task id "${t.id}"` });
      seen.add(t.id);
    });
  });
export type Lab = z.infer<typeof labSchema>;

/** `labs/<id>/wrong/<variant>/variant.yaml`: a known-wrong submission and the failure it must produce. */
export const variantSchema = z
  .object({
    description: z.string().min(1),
    /** The task that must fail. */
    fails: z.string(),
    /** A fragment of the failure message the learner must see (case-insensitive); `<namespace>` in it is the lab namespace. */
    message: z.string().min(1),
    /** The hint of the failing task that fits this mistake, counted from 1; the lab pane points at it. */
    hint: z.number().int().min(1).optional(),
    /** Applied like a solution: the variant's files are copied over the starter files first. */
    steps: z.array(stepSchema).min(1),
  })
  .strict();
export type Variant = z.infer<typeof variantSchema>;

/**
 * `labs/<id>/right/<variant>/variant.yaml`: a valid alternative to the reference
 * solution (imperative `kubectl create`, another field order, extra labels,
 * equivalent units…) that the checks must accept.
 */
export const rightVariantSchema = z
  .object({
    description: z.string().min(1),
    /** The tasks that must pass (default: every task). */
    passes: z.array(z.string()).min(1).optional(),
    /** Applied like a solution: the variant's files are copied over the starter files first. */
    steps: z.array(stepSchema).min(1),
  })
  .strict();
export type RightVariant = z.infer<typeof rightVariantSchema>;
