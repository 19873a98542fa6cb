import { z } from 'zod';
import { covers } from './covers.ts';
import { patternField } from './pattern-field.ts';
import { assertionSchema } from './assertion.ts';

const duration = z
  .string()
  .regex(/^\d+(ms|s|m)$/, 'a duration like 500ms, 30s or 2m')
  .describe('How long to keep re-checking before failing, e.g. `30s`.');

/**
 * Which objects a check looks at: by `kind` (and `apiVersion` for kinds outside
 * the built-in groups), then `name` or a label `selector`. Namespaced kinds are
 * looked up in the lab namespace unless `namespace` is given. `kind: Namespace`
 * with neither `name` nor `selector` is the lab namespace itself (e.g. to check its labels).
 */
const objectRef = {
  kind: z.string().describe('Kind as in a manifest: `Deployment`, `Service`, `Ingress`…'),
  apiVersion: z.string().optional().describe('Needed only for kinds the checker does not know, e.g. `monitoring.coreos.com/v1`.'),
  name: z.string().optional(),
  selector: z.string().optional().describe('Label selector, as for `kubectl get -l`, e.g. `app=web,tier!=db`.'),
  namespace: z.string().optional().describe('Default: the lab namespace. Ignored for cluster-scoped kinds.'),
};

/** Objects exist and every one of them satisfies `expect`. */
export const k8sObjectCheck = z
  .object({
    type: z.literal('k8s.object'),
    covers,
    ...objectRef,
    /** How many objects must match (default: at least one). */
    count: z.number().int().min(0).optional(),
    minCount: z.number().int().min(0).optional(),
    expect: z.array(assertionSchema).default([]),
    within: duration.optional(),
  })
  .strict();

/** Status condition of an object, e.g. a Deployment's `Available` = `True`. */
export const k8sConditionCheck = z
  .object({
    type: z.literal('k8s.condition'),
    covers,
    ...objectRef,
    condition: z.string(),
    status: z.enum(['True', 'False', 'Unknown']).default('True'),
    reason: z.string().optional(),
    within: duration.default('30s'),
  })
  .strict();

/** A Deployment, StatefulSet, ReplicaSet or DaemonSet has all its replicas ready (or a Pod is Ready). */
export const k8sReadyCheck = z
  .object({
    type: z.literal('k8s.ready'),
    covers,
    ...objectRef,
    within: duration.default('60s'),
  })
  .strict();

/** A Service selects ready Pods: its EndpointSlices hold at least `minEndpoints` ready addresses. */
export const k8sEndpointsCheck = z
  .object({
    type: z.literal('k8s.endpoints'),
    covers,
    service: z.string(),
    namespace: z.string().optional(),
    minEndpoints: z.number().int().min(0).default(1),
    within: duration.default('30s'),
  })
  .strict();

/** A Deployment's rollout history: revisions (from its ReplicaSets) and the image now rolled out. */
export const k8sRolloutCheck = z
  .object({
    type: z.literal('k8s.rollout'),
    covers,
    deployment: z.string(),
    namespace: z.string().optional(),
    /** The current revision number (it grows with every rollout and every undo) is at least this. */
    minRevision: z.number().int().min(1).optional(),
    /** Image of the named container (default: the first) in the current revision, as a regular expression; it also matches the short spelling of a fully-qualified reference (`^nginx:1\.27` matches `docker.io/library/nginx:1.27`). */
    image: patternField().optional(),
    container: z.string().optional(),
    /** Image that some revision, current or earlier, ran (proves a rollout happened), regular expression. */
    historyImage: patternField().optional(),
    within: duration.default('30s'),
  })
  .strict();

/**
 * RBAC, asked of the API server with a SubjectAccessReview:
 * can `serviceAccount` (or `user`) `verb` `resource` in `namespace`?
 */
export const k8sCanCheck = z
  .object({
    type: z.literal('k8s.can'),
    covers,
    serviceAccount: z.string().optional().describe('`name` (in the lab namespace) or `namespace:name`.'),
    user: z.string().optional(),
    groups: z.array(z.string()).optional(),
    verb: z.string(),
    resource: z.string().describe('Plural resource, e.g. `deployments`, `pods/log` for a subresource.'),
    group: z.string().default('').describe('API group: `apps` for deployments, empty for core.'),
    namespace: z.string().optional().describe('Default: the lab namespace; `*` for all namespaces (cluster-wide).'),
    name: z.string().optional(),
    allowed: z.boolean().default(true).describe('`false` checks that the action is denied.'),
  })
  .strict()
  .refine((c) => !!c.serviceAccount !== !!c.user, { message: 'give exactly one of serviceAccount or user' });

/** An event with this `reason` (and optionally about this object) was recorded. */
export const k8sEventCheck = z
  .object({
    type: z.literal('k8s.event'),
    covers,
    reason: z.string(),
    involvedKind: z.string().optional(),
    involvedName: z.string().optional(),
    namespace: z.string().optional(),
    messageMatches: patternField().optional(),
    within: duration.default('30s'),
  })
  .strict();

export const kubernetesChecks = [k8sObjectCheck, k8sConditionCheck, k8sReadyCheck, k8sEndpointsCheck, k8sRolloutCheck, k8sCanCheck, k8sEventCheck] as const;
export { duration };
