import { z } from 'zod';
import { covers } from './covers.ts';
import { patternField } from './pattern-field.ts';
import { assertionSchema } from './assertion.ts';
import { outputExpect } from './command-output.ts';

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
  name: z.string().optional().describe('`<namespace>` in it stands for the lab namespace: a cluster-scoped object named per learner, e.g. `<namespace>-blue`.'),
  selector: z.string().optional().describe('Label selector, as for `kubectl get -l`, e.g. `app=web,tier!=db`.'),
  namespace: z.string().optional().describe('Default: the lab namespace. Ignored for cluster-scoped kinds.'),
};

/**
 * A check that reads what only running containers cause (a restart, a probe's
 * event, a Pod taken out of endpoints) says so, and is `unsupported` where
 * kubelets are simulated instead of failing there.
 */
const needs = z.array(z.enum(['running-containers'])).optional().describe('`[running-containers]`: what this check reads happens only on real nodes (kind).');

/** Objects exist and every one of them satisfies `expect`. */
export const k8sObjectCheck = z
  .object({
    type: z.literal('k8s.object'),
    needs,
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

/**
 * A Service selects ready Pods: its EndpointSlices hold at least `minEndpoints` ready addresses
 * (and at most `maxEndpoints`: Pods whose readiness probe fails are kept out of its traffic).
 */
export const k8sEndpointsCheck = z
  .object({
    type: z.literal('k8s.endpoints'),
    needs,
    covers,
    service: z.string(),
    namespace: z.string().optional(),
    minEndpoints: z.number().int().min(0).default(1),
    maxEndpoints: z.number().int().min(0).optional().describe('At most this many ready endpoints: the rest of the Pods it selects are kept out (not Ready).'),
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
 * With `verbs`, the full matrix: exactly these verbs are allowed, every other one denied.
 */
export const k8sCanCheck = z
  .object({
    type: z.literal('k8s.can'),
    covers,
    serviceAccount: z.string().optional().describe('`name` (in the lab namespace) or `namespace:name`.'),
    user: z.string().optional().describe('`<namespace>` in it stands for the lab namespace: an identity per learner, e.g. `<namespace>-jane`.'),
    groups: z.array(z.string()).optional(),
    verb: z.string().optional(),
    verbs: z
      .array(z.string().min(1))
      .optional()
      .describe('Least privilege: exactly these verbs are allowed and every other (get, list, watch, create, update, patch, delete, deletecollection) is denied; `[]` for none.'),
    resource: z.string().describe('Plural resource, e.g. `deployments`, `pods/log` for a subresource.'),
    group: z.string().default('').describe('API group: `apps` for deployments, empty for core.'),
    namespace: z.string().optional().describe('Default: the lab namespace; `*` for all namespaces (cluster-wide).'),
    name: z.string().optional(),
    allowed: z.boolean().default(true).describe('`false` checks that the action is denied.'),
    nothingElse: z
      .boolean()
      .optional()
      .describe('With `verbs`: besides this resource the subject holds none of the grants that matter (pods/exec, pods/log, Secrets, other workload kinds, RBAC writes… in checker/semantics/rbac-matrix.ts), in the namespace; a failure names each with what it lets the subject do.'),
    within: duration
      .default('5s')
      .describe('A new Role or binding reaches the API server\'s authorizer through a watch, a moment after it is written: a differing answer is asked again for up to this long.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    if (!!c.serviceAccount === !!c.user) problem('give exactly one of serviceAccount or user');
    if ((c.verb === undefined) === (c.verbs === undefined)) problem('give exactly one of verb or verbs');
    else if (c.verbs !== undefined && c.allowed !== true) problem('verbs lists what is allowed (everything else is denied): drop allowed');
    if (c.nothingElse && c.verbs === undefined) problem('nothingElse judges what is granted beside a least-privilege matrix: give verbs');
  });

/** An event with this `reason` (and optionally about this object) was recorded. */
export const k8sEventCheck = z
  .object({
    type: z.literal('k8s.event'),
    needs,
    covers,
    reason: z.string(),
    involvedKind: z.string().optional(),
    involvedName: z.string().optional(),
    namespace: z.string().optional(),
    messageMatches: patternField().optional(),
    within: duration.default('30s'),
  })
  .strict();

/**
 * Which container the behaviour checks below use: a Pod by `pod` name or the
 * first running Pod matching a label `selector` (for logs: any of them), and a
 * `container` by name or by the `image` it runs (default: the Pod's first container).
 */
const podRef = {
  pod: z.string().optional(),
  selector: z.string().optional().describe('Label selector, as for `kubectl get -l`, e.g. `app=web`.'),
  container: z.string().optional().describe("Default: the Pod's first container."),
  image: z
    .string()
    .optional()
    .describe('The container running this image, read as the runtime reads references (`nginx` is met by `docker.io/library/nginx:1.30`): for a task that names what a container runs, not what the learner called it or where it stands in the list.'),
  namespace: z.string().optional(),
};
const onePod = { message: 'give exactly one of pod or selector' };
const hasOnePod = (c: { pod?: string; selector?: string }) => !!c.pod !== !!c.selector;

/** What a container printed (`kubectl logs`), or printed before its last restart (`previous: true`). Needs running containers. */
export const k8sLogsCheck = z
  .object({
    type: z.literal('k8s.logs'),
    covers,
    ...podRef,
    previous: z.boolean().default(false).describe('The log of the previous, terminated instance of the container (`kubectl logs --previous`).'),
    contains: z.string().optional(),
    matches: patternField('m').optional().describe('Regular expression, multi-line (`^` and `$` match at each line).'),
    within: duration.default('30s'),
  })
  .strict()
  .refine(hasOnePod, onePod)
  .refine((c) => c.contains !== undefined || c.matches !== undefined, { message: 'give contains or matches' });

/** A command run in a container (`kubectl exec`): its exit code and output. Needs running containers. */
export const k8sExecCheck = z
  .object({
    type: z.literal('k8s.exec'),
    covers,
    ...podRef,
    command: z.array(z.string()).min(1),
    expect: outputExpect.default({ exitCode: 0 }),
    within: duration.default('10s'),
  })
  .strict()
  .refine(hasOnePod, onePod);

/**
 * An HTTP GET sent from inside the cluster: from a container (`from`, which
 * needs busybox's `wget`) to a Service's DNS name, ClusterIP or a Pod. Needs running containers.
 */
export const k8sRequestCheck = z
  .object({
    type: z.literal('k8s.request'),
    covers,
    from: z.object(podRef).strict().refine(hasOnePod, onePod),
    url: z.string().regex(/^http:\/\/[^\s'"]+$/, 'an http:// URL without spaces or quotes').describe('e.g. `http://web/`, `http://web.<namespace>.svc.cluster.local:8080/health`.'),
    /** Request headers, e.g. `{Host: shop.example.com}` to ask an ingress controller for a host's routes. */
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'a header name (letters, digits, -)'), z.string().regex(/^[^\r\n]*$/, 'a header value on one line'))
      .optional(),
    status: z.number().int().min(100).max(599).default(200),
    bodyContains: z.string().optional(),
    bodyMatches: patternField('m').optional().describe('`<namespace>` in it (and in `url`, `headers`, `bodyContains`) is the lab namespace, e.g. to tell this namespace\'s backend from another\'s.'),
    within: duration.default('20s'),
  })
  .strict();

/**
 * An HTTP GET sent from this machine (where the checker runs) to a Service's
 * node port on the cluster's nodes: every node's InternalIP, and 127.0.0.1
 * where kind maps that node port to the host. Needs running containers.
 */
export const k8sNodePortCheck = z
  .object({
    type: z.literal('k8s.node-port'),
    covers,
    service: z.string(),
    namespace: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional().describe("The Service's port (`spec.ports[].port`) whose node port to request; default its first."),
    path: z.string().regex(/^\/[^\s'"]*$/, 'a path starting with /, without spaces or quotes').default('/'),
    status: z.number().int().min(100).max(599).default(200),
    bodyContains: z.string().optional(),
    within: duration.default('20s'),
  })
  .strict();

export const kubernetesChecks = [k8sObjectCheck, k8sConditionCheck, k8sReadyCheck, k8sEndpointsCheck, k8sRolloutCheck, k8sCanCheck, k8sEventCheck, k8sLogsCheck, k8sExecCheck, k8sRequestCheck, k8sNodePortCheck] as const;
export { duration };
