import { z } from 'zod';
import { patternField } from './pattern-field.ts';

/**
 * One expectation about a value found at `path` in an object (a Kubernetes
 * object as the API server returns it, `docker inspect` output, a parsed
 * compose file, a command's JSON output). Exactly one operator is given.
 *
 * Path syntax: dots between fields, `[0]` for an index, `[name=web]` to pick
 * the list item whose `name` is `web`, `["3000/tcp"]` for keys with dots or slashes.
 * A list of paths names one field spelled several ways (a ResourceQuota's
 * `requests.cpu` or its alias `cpu`): the first that is set is read.
 * @example { path: 'spec.template.spec.containers[name=web].image', matches: '^nginx:1\\.27' }
 */
/** Operators; a group's members combine (a range, a size range), different groups don't. */
const operatorGroups = [
  ['equals'], ['notEquals'], ['matches'], ['contains'], ['oneOf'], ['absent'], ['gte', 'lte'], ['minItems', 'maxItems'],
  // Semantic operators (checker/semantics/assertions.ts): what the object does, in any spelling.
  ['image'], ['selects', 'notSelects'], ['reachesPort'], ['routes'], ['presentsFiles'], ['scalesDownAtMost'], ['rollingUpdate'], ['mounts'], ['allows'], ['denies'], ['capabilities'], ['pid1'], ['env'],
];

const labels = z.record(z.string(), z.string());

/** A connection between Pods, judged against NetworkPolicies. */
const traffic = z
  .object({
    from: labels,
    fromNamespace: labels.optional(),
    to: labels,
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
  })
  .strict();

export const assertionSchema = z
  .object({
    path: z
      .union([z.string(), z.array(z.string().min(1)).min(2)])
      .default('')
      .describe('Where to look, e.g. `spec.replicas` or `spec.ports[0].nodePort`; empty for the value itself; a list for a field with several spellings (the first that is set is read).'),
    /** Deep equality of the text (`3` = `"3"`); in a field that holds a Kubernetes quantity (under resources, requests, limits, hard, used, capacity, allocatable) by amount (`0.5` = `500m`, `1Gi` = `1024Mi`). */
    equals: z.unknown().optional(),
    notEquals: z.unknown().optional(),
    /** Regular expression the value (as a string) must match. */
    matches: patternField().optional(),
    /** Substring of a string, an element of a list (objects match as subsets), or a subset of an object. */
    contains: z.unknown().optional(),
    /** Numeric bounds; Kubernetes quantities like `500m` and `256Mi` are understood. */
    gte: z.union([z.number(), z.string()]).optional(),
    lte: z.union([z.number(), z.string()]).optional(),
    /** Value is one of these. */
    oneOf: z.array(z.unknown()).optional(),
    /** `true`: the field must be missing (or null); `false`: it must be present. */
    absent: z.boolean().optional(),
    /** Length bounds for strings, lists and objects. */
    minItems: z.number().int().optional(),
    maxItems: z.number().int().optional(),
    /** Image reference read as the runtime does: `nginx:1.27` is met by `docker.io/library/nginx:1.27`, `nginx:1.27.3`, `nginx:1.27-bookworm`. */
    image: z.string().min(1).optional(),
    /** The object's Pod selector (or the selector at `path`), in any form, selects Pods with these labels. */
    selects: labels.optional(),
    /** …and does not select Pods with these labels. */
    notSelects: labels.optional(),
    /** A probe or port at `path` (named ports resolved through the containers), or a Service's port entry (default the first) through the Pods it selects, reaches this container port. */
    reachesPort: z.number().int().min(1).max(65535).optional(),
    /** An Ingress sends a request for `host` + `path` to this backend, by the Kubernetes Prefix/Exact rules; `to: nowhere`: to no backend (e.g. another learner's host). */
    routes: z
      .object({
        host: z.string().min(1),
        path: z.string().startsWith('/').default('/'),
        to: z.union([z.object({ service: z.string().min(1), port: z.union([z.number().int(), z.string().min(1)]) }).strict(), z.literal('nowhere')]),
      })
      .strict()
      .optional(),
    /** A Secret/ConfigMap/projected volume at `path` puts these files in its mount (all keys, or the `items` it picks). */
    presentsFiles: z.array(z.string().min(1)).min(1).optional(),
    /** A HorizontalPodAutoscaler removes at most this many Pods per this many seconds (at maxReplicas), as the controller combines its scaleDown policies and selectPolicy; Disabled fails (it never scales down). */
    scalesDownAtMost: z.object({ pods: z.number().int().min(1), perSeconds: z.number().int().min(1) }).strict().optional(),
    /** A Deployment (at `path`, default the object) rolls out adding exactly `maxSurge` extra Pods and letting exactly `maxUnavailable` Pods go: the Pod counts the controller resolves from int-or-percent limits and `spec.replicas` (surge rounded up, unavailable down, 25% when left out). */
    rollingUpdate: z.object({ maxSurge: z.number().int().min(0).optional(), maxUnavailable: z.number().int().min(0).optional() }).strict().optional(),
    /** The container at `path` mounts, at this mount path (trailing slash or not), a volume whose source contains `from` (e.g. `{persistentVolumeClaim: {claimName: data}}`; a projected volume's Secret or ConfigMap source counts as that Secret or ConfigMap), whole (a subPath of a Secret or ConfigMap fails); read-only or writable as `readOnly` says (the mount's readOnly, a read-only source, a claim's readOnly); with `sameVolumeAs`, the same folder of the same volume the container at `sameVolumeAs.container` (a path in the object) mounts at `sameVolumeAs.path`. */
    mounts: z
      .object({
        path: z.string().startsWith('/'),
        from: z.record(z.string(), z.unknown()),
        readOnly: z.boolean().optional(),
        sameVolumeAs: z.object({ container: z.string().min(1), path: z.string().startsWith('/') }).strict().optional(),
      })
      .strict()
      .optional(),
    /** The namespace's NetworkPolicies, all together, let Pods labelled `from` (in a namespace labelled `fromNamespace`, default this one) open a connection to Pods labelled `to` on this port (named ports resolved). */
    allows: traffic.optional(),
    /** …do not let it through. */
    denies: traffic.optional(),
    /** Every container at `path` (a container, or a Pod spec: all its containers) ends up with exactly these Linux capabilities, as the runtime computes them from its default set, privileged, add and drop (`[]`: none); with `privilegeEscalation`, whether it can gain privileges. */
    capabilities: z.object({ exactly: z.array(z.string().min(1)), privilegeEscalation: z.boolean().optional() }).strict().optional(),
    /** An image's or container's config (at `path`, default the whole inspect output) starts this program as PID 1 (ENTRYPOINT + CMD, through exec wrappers such as docker-entrypoint.sh and `sh -c "exec …"`; an init forwarding to it counts). */
    pid1: z.string().min(1).optional(),
    /** The container at `path` gets this environment variable, as the kubelet builds it (envFrom, then env overriding it, `$(VAR)` expanded, ConfigMap and Secret values read from the namespace): its value `equals` this text or `matches` this pattern, and/or it comes `from` this ConfigMap or Secret (and key). A reference that keeps the container from starting fails. */
    env: z
      .object({
        name: z.string().min(1),
        equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
        matches: patternField().optional(),
        from: z
          .union([z.object({ configMap: z.string().min(1), key: z.string().min(1).optional() }).strict(), z.object({ secret: z.string().min(1), key: z.string().min(1).optional() }).strict()])
          .optional(),
      })
      .strict()
      .refine((e) => !(e.equals !== undefined && e.matches !== undefined), 'give equals or matches, not both')
      .optional(),
    /** Read a Pod, or a workload's Pod template, as its Pods get it from the API server: a container's request left out takes its limit. */
    effective: z.boolean().optional(),
    /** Read the value as base64 (a Secret's `data`) and apply the operator to the decoded text. */
    decoded: z.boolean().optional(),
    /** Name of the field in messages, when the path alone would confuse a learner. */
    label: z.string().optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    const present = operatorGroups.filter((group) => group.some((k) => k in a)).map((g) => g.join('/'));
    if (present.length === 0) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'give an operator: equals, notEquals, matches, contains, gte, lte, oneOf, absent, minItems, maxItems, image, selects, notSelects, reachesPort, routes, presentsFiles, scalesDownAtMost, rollingUpdate, mounts, allows, denies, capabilities, pid1 or env' });
    } else if (present.length > 1) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `give one operator per assertion, not ${present.join(' and ')}: split it into ${present.length} assertions with the same path` });
    }
  });
export type Assertion = z.infer<typeof assertionSchema>;
