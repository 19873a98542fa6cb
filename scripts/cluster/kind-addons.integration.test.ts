import { AppsV1Api, AutoscalingV2Api, CoreV1Api, CustomObjectsApi, KubeConfig, NetworkingV1Api, type V1Deployment, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addonNamespace, defaultIngressClass } from './kind-addons.ts';
import { kindLabImages } from './kind-engine.ts';
import { kindTestClusterName, kindTestEnv, kindTestNamespace } from './kind-test-cluster.ts';

/**
 * What `cluster up --engine kind` installs beyond kind itself, on the kind
 * project's shared test cluster (kind-test-cluster.ts): Traefik routes a
 * request by host and path to the right Service, and metrics-server serves
 * node and Pod usage that an HPA reads.
 */
const env = kindTestEnv(inject('kindTestHome'));
let kc: KubeConfig;
const ns = `it-kind-addons-${process.pid}`;
const image = 'busybox:1.37';
const nginxImage = kindLabImages.find((ref) => ref.startsWith('nginx:'))!;

beforeAll(async () => {
  kc = await kindTestNamespace(env, ns);
}, 3_600_000);

afterAll(async () => {
  // The cluster is the kind project's (deleted by its global teardown); only this file's namespace goes.
  await kc?.makeApiClient(CoreV1Api).deleteNamespace({ name: ns }).catch(() => {});
}, 300_000);

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const got = await fn().catch(() => undefined);
    if (got) return got;
    await new Promise((r) => setTimeout(r, 2_000));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function clientPod(name: string, script: string): V1Pod {
  return { metadata: { name }, spec: { restartPolicy: 'Never', containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', command: ['sh', '-c', script] }] } };
}

/** A Deployment of the pinned nginx that answers every request with "<name> <path>", with a CPU request (for the HPA). */
function echoBackend(name: string): { deployment: V1Deployment; conf: string } {
  return {
    conf: `server { listen 80; default_type text/plain; location / { return 200 "${name} $request_uri\\n"; } }\n`,
    deployment: {
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{
              name: 'nginx', image: nginxImage, imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu: '10m' } },
              volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d' }],
            }],
            volumes: [{ name: 'conf', configMap: { name: `${name}-conf` } }],
          },
        },
      },
    },
  };
}

describe('kind add-ons: Traefik routes Ingresses, metrics-server serves the metrics API', () => {
  it('Traefik sends a request to the Service its host and path name (an Ingress with no class gets the default class)', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const apps = kc.makeApiClient(AppsV1Api);
    for (const name of ['storefront', 'api']) {
      const b = echoBackend(name);
      await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: `${name}-conf` }, data: { 'default.conf': b.conf } } });
      await apps.createNamespacedDeployment({ namespace: ns, body: b.deployment });
      await core.createNamespacedService({ namespace: ns, body: { metadata: { name }, spec: { selector: { app: name }, ports: [{ port: name === 'api' ? 8080 : 80, targetPort: 80 }] } } });
    }
    const backend = (name: string, port: number) => ({ service: { name, port: { number: port } } });
    const created = await kc.makeApiClient(NetworkingV1Api).createNamespacedIngress({
      namespace: ns,
      body: {
        metadata: { name: 'shop' },
        spec: {
          rules: [{
            host: 'shop.test',
            http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('storefront', 80) }, { path: '/api', pathType: 'Prefix', backend: backend('api', 8080) }] },
          }],
        },
      },
    });
    expect(created.spec?.ingressClassName).toBe(defaultIngressClass);
    const url = `http://traefik.${addonNamespace.ingress}.svc.cluster.local`;
    // Traefik adds a route once its Service has ready endpoints: until then `/api/orders` falls through to
    // the `/` route. Each request is retried (≤ 90 s) until the expected backend answers; the last answer is printed,
    // so a request routed to the wrong backend for good fails the comparison below.
    const expected: Record<string, string> = { '/api/orders': 'api', '/apidocs': 'storefront', '/': 'storefront' };
    const script = [
      ...Object.entries(expected).map(([path, service]) => `for i in $(seq 90); do wget -qO- --header 'Host: shop.test' ${url}${path} > /tmp/out 2>/dev/null && grep -q '^${service} ' /tmp/out && break; sleep 1; done; cat /tmp/out`),
      // An unknown host: Traefik's own 404 (retried too: the controller may be restarting, e.g. its Pod sandbox re-created right after the cluster came up).
      `for i in $(seq 90); do wget -qO- --header 'Host: other.test' ${url}/ > /tmp/out 2>&1; grep -q '404 Not Found' /tmp/out && break; sleep 1; done; grep -o '404 Not Found' /tmp/out`,
    ].join('\n');
    await core.createNamespacedPod({ namespace: ns, body: clientPod('ingress-client', script) });
    const logs = await until('the client to get its answers through Traefik', async () => {
      const p = await core.readNamespacedPod({ namespace: ns, name: 'ingress-client' });
      return p.status?.phase === 'Succeeded' ? core.readNamespacedPodLog({ namespace: ns, name: 'ingress-client' }) : undefined;
    }, 240_000);
    expect(logs.trim().split('\n')).toEqual(['api /api/orders', 'storefront /apidocs', 'storefront /', '404 Not Found']);
  });

  it('metrics-server serves node and Pod usage, and an HPA sees current CPU utilization', async () => {
    const metrics = kc.makeApiClient(CustomObjectsApi);
    const nodes = await until('node metrics for both nodes', async () => {
      const list = (await metrics.listClusterCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', plural: 'nodes' })) as { items: { metadata: { name: string }; usage: { cpu: string; memory: string } }[] };
      return list.items.length === 2 ? list.items : undefined;
    }, 240_000);
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual([`${kindTestClusterName}-control-plane`, `${kindTestClusterName}-worker`]);
    for (const n of nodes) expect(n.usage.cpu).toMatch(/^\d+(n|u|m)?$/);
    await kc.makeApiClient(AutoscalingV2Api).createNamespacedHorizontalPodAutoscaler({
      namespace: ns,
      body: {
        metadata: { name: 'storefront' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'storefront' },
          minReplicas: 1, maxReplicas: 2,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
      },
    });
    const podMetrics = await until('Pod metrics for the storefront Pod', async () => {
      const list = (await metrics.listNamespacedCustomObject({ group: 'metrics.k8s.io', version: 'v1beta1', namespace: ns, plural: 'pods', labelSelector: 'app=storefront' })) as { items: { containers: { name: string; usage: { cpu: string } }[] }[] };
      return list.items.length ? list.items : undefined;
    }, 240_000);
    expect(podMetrics[0].containers.map((c) => c.name)).toEqual(['nginx']);
    const current = await until('the HPA to report current CPU utilization', async () => {
      const hpa = await kc.makeApiClient(AutoscalingV2Api).readNamespacedHorizontalPodAutoscaler({ namespace: ns, name: 'storefront' });
      return hpa.status?.currentMetrics?.[0]?.resource?.current;
    }, 240_000);
    expect(typeof current.averageUtilization).toBe('number');
  });
});
