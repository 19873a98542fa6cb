import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { commandExists, exec } from '../../checker/lib/exec.ts';
import { timedStep, type Logger } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { imagesHome, tarRootfs } from '../images/rootfs.ts';
import { versions } from '../versions.ts';
import { ensureGoInstall, goBuildEnv, goInstallPaths, recordBuildTimes, timed, type BuildTimes, type GoInstall } from './kube-binaries.ts';
import { dockerImageExists, pullImage } from './docker-image.ts';

/**
 * What a kind cluster runs beyond kind's own parts, so the ingress and
 * autoscaling labs see real behaviour:
 * - Traefik, the ingress controller: one static Go binary that serves Ingress
 *   (IngressClass, Prefix/Exact paths, TLS from Secrets) with no other program
 *   beside it. ingress-nginx needs OpenResty and is retired upstream; Contour
 *   and Emissary need Envoy.
 * - metrics-server, so `kubectl top` and the HPA controller see real CPU.
 * Each is the published image where Docker has it or can pull it, else a
 * static image built here from its Go module; either way it is loaded into
 * the nodes like the lab images (`kind load docker-image`), so the node image
 * (published or built offline) stays kind's own.
 */

export const addonNamespace = { ingress: 'kubecamp-ingress', metrics: 'kube-system' } as const;

/** The IngressClass Traefik serves and the API server gives every Ingress that names none. */
export const defaultIngressClass = 'traefik';
/** The controller name Traefik's Kubernetes Ingress provider claims IngressClasses by. */
export const traefikController = 'traefik.io/ingress-controller';

export interface Addon {
  name: 'traefik' | 'metrics-server';
  /** The image built here: tag carries the version. */
  localImage: string;
  /** The published image, used where Docker can pull it. */
  publishedImage: string;
  /** The command in both images. */
  command: string;
}

export const traefikAddon: Addon = {
  name: 'traefik',
  localImage: `kubecamp-kind/traefik:v${versions.traefik}`,
  publishedImage: `docker.io/library/traefik:v${versions.traefik}`,
  command: '/usr/local/bin/traefik',
};

export const metricsServerAddon: Addon = {
  name: 'metrics-server',
  localImage: `kubecamp-kind/metrics-server:v${versions.metricsServer}`,
  publishedImage: `registry.k8s.io/metrics-server/metrics-server:v${versions.metricsServer}`,
  command: '/metrics-server',
};

export const addons = [traefikAddon, metricsServerAddon] as const;

/** metrics-server has no replace directives: `go install` builds it as its Makefile does (its version ldflags set client-go's version package). */
export const metricsServerInstall: GoInstall = {
  name: `metrics-server-v${versions.metricsServer}`,
  packages: ['sigs.k8s.io/metrics-server/cmd/metrics-server'],
  version: `v${versions.metricsServer}`,
  ldflags: `-s -w -X k8s.io/client-go/pkg/version.gitVersion=v${versions.metricsServer}`,
};

export const traefikModule = 'github.com/traefik/traefik/v3';

/**
 * The replace directives of a go.mod, as `old => new version` lines a wrapper
 * module can repeat (`go install pkg@version` refuses modules that have any).
 * A replace with a local path cannot be repeated outside the module's own
 * tree: that is an error naming it.
 */
export function moduleReplaces(goMod: string): string[] {
  const lines: string[] = [];
  const block = /^replace\s*\(([\s\S]*?)^\)/gm;
  const bodies = [...goMod.matchAll(block)].map((m) => m[1]);
  for (const m of goMod.matchAll(/^replace\s+([^(\s].*)$/gm)) bodies.push(m[1]);
  for (const body of bodies) {
    for (const raw of body.split('\n')) {
      const line = raw.replace(/\/\/.*$/, '').trim();
      if (!line) continue;
      const m = /^(\S+)(?:\s+\S+)?\s+=>\s+(\S+)(?:\s+(\S+))?$/.exec(line);
      if (!m) throw new Error(`cannot read the replace directive "${line}"`);
      const [, from, to, version] = m;
      if (!version || to.startsWith('.') || to.startsWith('/')) throw new Error(`the replace directive "${line}" points at a local path, which a wrapper module cannot reach`);
      lines.push(`${from} => ${to} ${version}`);
    }
  }
  return lines;
}

/** The wrapper module that builds Traefik: its own replace directives repeated, and its main package as a tool import. */
export function traefikWrapperGoMod(traefikGoMod: string, version: string): string {
  const replaces = moduleReplaces(traefikGoMod);
  const goLine = /^go\s+(\S+)/m.exec(traefikGoMod)?.[1] ?? '1.26.0';
  return [
    'module kubecamp.local/traefik-build',
    '',
    `go ${goLine}`,
    '',
    `require ${traefikModule} v${version}`,
    '',
    ...(replaces.length ? ['replace (', ...replaces.map((r) => `\t${r}`), ')', ''] : []),
  ].join('\n');
}

export function traefikBinaryPath(env: NodeJS.ProcessEnv): string {
  return join(paths(env).bin, `traefik-v${versions.traefik}`, 'traefik');
}

/** Traefik from its Go module (a wrapper module: its go.mod has replace directives), cached in the bin folder. */
export async function ensureTraefik({ env, logger }: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<string> {
  const out = traefikBinaryPath(env);
  if (existsSync(out)) return out;
  if (!(await commandExists('go', env))) {
    throw new ContextError(`Traefik v${versions.traefik} is not built yet, and Go is not installed`, { fix: 'install Go 1.26 or newer (https://go.dev/doc/install) and run the command again' });
  }
  const v = versions.traefik;
  const dir = join(paths(env).build, `traefik-v${v}`);
  const goEnv = goBuildEnv(env);
  const times: BuildTimes = {};
  await timed(times, `traefik-v${v}`, () => withContext(`building Traefik v${v} from ${traefikModule}`, async () => {
    await timedStep(logger, `building Traefik v${v} from its Go module (first time only)`, async (step) => {
      await mkdir(dir, { recursive: true });
      const dl = await exec('go', ['mod', 'download', '-json', `${traefikModule}@v${v}`], { cwd: paths(env).home, env: goEnv, timeoutMs: 600_000 });
      const traefikGoMod = await readFile(JSON.parse(dl.stdout).GoMod, 'utf8');
      await writeFile(join(dir, 'go.mod'), traefikWrapperGoMod(traefikGoMod, v));
      await writeFile(join(dir, 'tools.go'), `//go:build tools\n\npackage tools\n\nimport _ "${traefikModule}/cmd/traefik"\n`);
      step.progress('go mod tidy (downloads its modules)');
      await exec('go', ['mod', 'tidy'], { cwd: dir, env: goEnv, timeoutMs: 30 * 60_000 });
      step.progress('go build');
      await mkdir(join(out, '..'), { recursive: true });
      const ldflags = `-s -w -X ${traefikModule}/pkg/version.Version=v${v}`;
      await exec('nice', ['-n', '10', 'go', 'build', '-trimpath', '-ldflags', ldflags, '-o', `${out}.tmp`, `${traefikModule}/cmd/traefik`], { cwd: dir, env: goEnv, timeoutMs: 60 * 60_000 });
      await rename(`${out}.tmp`, out);
    });
  }));
  await recordBuildTimes(env, times);
  return out;
}

/** A static image holding one binary at `command` (and /etc/passwd, /tmp), imported into Docker: nothing pulled. */
async function buildStaticImage(addon: Addon, binary: string, env: NodeJS.ProcessEnv, logger: Logger): Promise<void> {
  await timedStep(logger, `building the image ${addon.localImage}`, async () => {
    const dir = join(imagesHome(env).work, `kubecamp-kind-${addon.name}`);
    const tarball = `${dir}.tar`;
    await rm(dir, { recursive: true, force: true });
    try {
      for (const d of ['etc', 'tmp', 'usr/local/bin']) await mkdir(join(dir, d), { recursive: true });
      await chmod(join(dir, 'tmp'), 0o1777);
      await writeFile(join(dir, 'etc/passwd'), 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n');
      await writeFile(join(dir, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
      await copyFile(binary, join(dir, addon.command));
      await chmod(join(dir, addon.command), 0o755);
      await tarRootfs(dir, tarball, env);
      const changes = [`ENTRYPOINT ["${addon.command}"]`, `LABEL org.kubecamp.kind=addon org.kubecamp.source="${addon.name} built from its Go module"`];
      await exec('docker', ['import', ...changes.flatMap((c) => ['--change', c]), tarball, addon.localImage], { env, timeoutMs: 600_000 });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await rm(tarball, { force: true });
    }
  });
}

/** Build (or find in Docker) the local image of `addon` from its Go module. */
export async function ensureLocalAddonImage(addon: Addon, ctx: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<string> {
  if (await dockerImageExists(addon.localImage, ctx.env)) return addon.localImage;
  const binary = addon === traefikAddon ? await ensureTraefik(ctx) : (await ensureGoInstall(metricsServerInstall, ctx))[0];
  await buildStaticImage(addon, binary, ctx.env, ctx.logger);
  return addon.localImage;
}

/**
 * The image a cluster runs for `addon`: the local build when Docker has it
 * (the offline path, `cluster:build --engine kind`), else the published image
 * if Docker has it or can pull it, else the local build made now.
 */
export async function addonImage(addon: Addon, ctx: { env: NodeJS.ProcessEnv; logger: Logger; offline?: boolean }): Promise<string> {
  const { env, logger } = ctx;
  if (await dockerImageExists(addon.localImage, env)) return addon.localImage;
  if (!ctx.offline) {
    if (await dockerImageExists(addon.publishedImage, env)) return addon.publishedImage;
    const refused = await pullImage(addon.publishedImage, { env, logger, timeoutMs: 10 * 60_000 });
    if (refused === undefined) return addon.publishedImage;
    logger.info(`${addon.publishedImage} cannot be pulled (${refused}); building ${addon.name} from its Go module`);
  }
  return ensureLocalAddonImage(addon, ctx);
}

type Manifest = Record<string, unknown>;

const addonLabels = (name: string) => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/managed-by': 'kubecamp' });

/**
 * Traefik on the `ingress-ready` control-plane node, its entry points on the
 * node's ports 80 and 443 (hostPort), which kind maps to the host (18080,
 * 18443 on 127.0.0.1); a ClusterIP Service for clients inside the cluster;
 * and the default IngressClass.
 */
export function traefikManifests(image: string): Manifest[] {
  const ns = addonNamespace.ingress;
  const labels = addonLabels('traefik');
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'traefik', namespace: ns, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'kubecamp-traefik', labels },
      rules: [
        { apiGroups: [''], resources: ['services', 'secrets', 'nodes'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['networking.k8s.io'], resources: ['ingresses/status'], verbs: ['update'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'kubecamp-traefik', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubecamp-traefik' },
      subjects: [{ kind: 'ServiceAccount', name: 'traefik', namespace: ns }],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: defaultIngressClass, labels, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: traefikController },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'traefik', namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
        // hostPorts: the new Pod cannot start on the node until the old one has gone.
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'traefik',
            nodeSelector: { 'ingress-ready': 'true' },
            tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'traefik',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: [traefikAddon.command],
                args: [
                  '--entryPoints.web.address=:80',
                  '--entryPoints.websecure.address=:443',
                  '--entryPoints.websecure.http.tls=true',
                  '--entryPoints.traefik.address=:9000',
                  '--ping=true',
                  '--providers.kubernetesingress=true',
                  // pathType Prefix as Kubernetes defines it (whole path elements: /api matches /api/orders, not
                  // /apidocs); Traefik's own PathPrefix compares characters.
                  '--providers.kubernetesingress.strictPrefixMatching=true',
                  // The address `kubectl get ingress` shows: the host port mapping listens on 127.0.0.1.
                  '--providers.kubernetesingress.ingressendpoint.ip=127.0.0.1',
                  // Offline: no update check, no usage report.
                  '--global.checkNewVersion=false',
                  '--global.sendAnonymousUsage=false',
                  '--log.level=INFO',
                ],
                ports: [
                  { name: 'web', containerPort: 80, hostPort: 80, protocol: 'TCP' },
                  { name: 'websecure', containerPort: 443, hostPort: 443, protocol: 'TCP' },
                  { name: 'admin', containerPort: 9000, protocol: 'TCP' },
                ],
                readinessProbe: { httpGet: { path: '/ping', port: 'admin' }, periodSeconds: 5 },
                livenessProbe: { httpGet: { path: '/ping', port: 'admin' }, periodSeconds: 10, failureThreshold: 6 },
                resources: { requests: { cpu: '20m', memory: '64Mi' } },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'traefik', namespace: ns, labels },
      spec: {
        selector: { 'app.kubernetes.io/name': 'traefik' },
        ports: [
          { name: 'web', port: 80, targetPort: 'web' },
          { name: 'websecure', port: 443, targetPort: 'websecure' },
        ],
      },
    },
  ];
}

/**
 * metrics-server as its own manifests/base describes it (RBAC, Service,
 * APIService v1beta1.metrics.k8s.io), plus `--kubelet-insecure-tls`: kind's
 * kubelets serve self-signed certificates, as every kind setup notes.
 */
export function metricsServerManifests(image: string): Manifest[] {
  const ns = addonNamespace.metrics;
  const labels = { 'k8s-app': 'metrics-server', ...addonLabels('metrics-server') };
  const sa = { kind: 'ServiceAccount', name: 'metrics-server', namespace: ns };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'metrics-server', namespace: ns, labels } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {
        name: 'system:aggregated-metrics-reader',
        labels: { ...labels, 'rbac.authorization.k8s.io/aggregate-to-view': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true', 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' },
      },
      rules: [{ apiGroups: ['metrics.k8s.io'], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:metrics-server', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'metrics-server-auth-reader', namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'extension-apiserver-authentication-reader' },
      subjects: [sa],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'metrics-server:system:auth-delegator', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:auth-delegator' },
      subjects: [sa],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:metrics-server', labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:metrics-server' },
      subjects: [sa],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'metrics-server', namespace: ns, labels },
      spec: { selector: { 'k8s-app': 'metrics-server' }, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https', appProtocol: 'https' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'metrics-server', namespace: ns, labels },
      spec: {
        selector: { matchLabels: { 'k8s-app': 'metrics-server' } },
        strategy: { rollingUpdate: { maxUnavailable: 0 } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'metrics-server',
            priorityClassName: 'system-cluster-critical',
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            volumes: [{ name: 'tmp-dir', emptyDir: {} }],
            containers: [
              {
                name: 'metrics-server',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: [metricsServerAddon.command],
                args: [
                  '--cert-dir=/tmp',
                  '--secure-port=10250',
                  '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
                  '--kubelet-use-node-status-port',
                  '--kubelet-insecure-tls',
                  '--metric-resolution=15s',
                ],
                ports: [{ name: 'https', containerPort: 10250, protocol: 'TCP' }],
                readinessProbe: { httpGet: { path: '/readyz', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, failureThreshold: 3, initialDelaySeconds: 20 },
                livenessProbe: { httpGet: { path: '/livez', port: 'https', scheme: 'HTTPS' }, periodSeconds: 10, failureThreshold: 3 },
                resources: { requests: { cpu: '50m', memory: '64Mi' } },
                securityContext: {
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  runAsUser: 1000,
                  allowPrivilegeEscalation: false,
                  seccompProfile: { type: 'RuntimeDefault' },
                  capabilities: { drop: ['ALL'] },
                },
                volumeMounts: [{ name: 'tmp-dir', mountPath: '/tmp' }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: 'v1beta1.metrics.k8s.io', labels },
      spec: {
        service: { name: 'metrics-server', namespace: ns },
        group: 'metrics.k8s.io',
        version: 'v1beta1',
        insecureSkipTLSVerify: true,
        groupPriorityMinimum: 100,
        versionPriority: 100,
      },
    },
  ];
}

export function manifestsYaml(manifests: Manifest[]): string {
  return manifests.map((m) => stringify(m)).join('---\n');
}

/** `kubectl apply` inside the control-plane node of kind cluster `cluster` (its admin kubeconfig; no kubectl needed on the host). */
export function nodeApplyArgs(cluster: string): string[] {
  return ['exec', '-i', `${cluster}-control-plane`, 'kubectl', '--kubeconfig=/etc/kubernetes/admin.conf', 'apply', '-f', '-'];
}

/**
 * Load Traefik and metrics-server into the nodes and apply their manifests
 * (idempotent: a second `cluster:up` re-applies the same objects). `load`
 * is the engine's `kind load docker-image` (both images in one archive).
 */
export async function installAddons(ctx: { env: NodeJS.ProcessEnv; logger: Logger; cluster: string; offline?: boolean; load: (refs: string[]) => Promise<unknown> }): Promise<void> {
  const { env, logger } = ctx;
  const traefik = await addonImage(traefikAddon, ctx);
  const metrics = await addonImage(metricsServerAddon, ctx);
  await timedStep(logger, `installing Traefik v${versions.traefik} (ingress controller, IngressClass "${defaultIngressClass}") and metrics-server v${versions.metricsServer}`, async (step) => {
    step.progress(`loading ${traefik} and ${metrics} into the nodes`);
    await ctx.load([traefik, metrics]);
    step.progress('applying their manifests');
    await withContext('applying the Traefik and metrics-server manifests in the kind cluster', () =>
      exec('docker', nodeApplyArgs(ctx.cluster), { env, input: manifestsYaml([...traefikManifests(traefik), ...metricsServerManifests(metrics)]), timeoutMs: 120_000 }),
    );
  });
}

/** Where `cluster:build --engine kind` left each add-on image, for its summary. */
export async function ensureAddonImages(ctx: { env: NodeJS.ProcessEnv; logger: Logger }): Promise<string[]> {
  const out: string[] = [];
  for (const addon of addons) out.push(await ensureLocalAddonImage(addon, ctx));
  return out;
}

/** For tests: where the metrics-server binary lands. */
export function metricsServerBinaryPath(env: NodeJS.ProcessEnv): string {
  return goInstallPaths(metricsServerInstall, env)[0];
}
