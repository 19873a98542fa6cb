import { createChecker, type LoadedLab } from '../../checker/engine/engine.ts';
import { createKubeApi } from '../../checker/environments/kube-api.ts';
import type { Environment } from '../../checker/environments/environment.ts';
import { readClusterState } from '../../checker/lib/cluster-state.ts';
import type { Io } from '../../checker/lib/io.ts';
import { deleteNamespace, recreateNamespace } from '../../checker/labs/namespace.ts';
import { labSchema } from '../../checker/schemas/lab.ts';
import { formatRow, percentile } from './stats.ts';

/** A 10-task lab over 5 kinds, the shape of a real Kubernetes lab. */
const benchLab = labSchema.parse({
  id: 'bench',
  title: 'bench',
  lesson: 'kubernetes/deployments',
  environments: ['kubernetes'],
  minutes: 1,
  solution: [{ run: 'true' }],
  tasks: [
    ...Array.from({ length: 4 }, (_, i) => ({
      id: `deployment-${i}`,
      title: `Deployment web-${i}`,
      checks: [{ type: 'k8s.object', kind: 'Deployment', name: `web-${i}`, expect: [{ path: 'spec.replicas', equals: 2 }, { path: 'spec.template.spec.containers[0].image', matches: '^nginx:' }] }],
    })),
    ...Array.from({ length: 2 }, (_, i) => ({
      id: `service-${i}`,
      title: `Service web-${i}`,
      checks: [{ type: 'k8s.object', kind: 'Service', name: `web-${i}`, expect: [{ path: 'spec.type', equals: 'ClusterIP' }] }],
    })),
    { id: 'configmap', title: 'ConfigMap', checks: [{ type: 'k8s.object', kind: 'ConfigMap', name: 'settings', expect: [{ path: 'data.mode', equals: 'fast' }] }] },
    { id: 'secret', title: 'Secret', checks: [{ type: 'k8s.object', kind: 'Secret', name: 'creds', expect: [{ path: 'type', equals: 'Opaque' }] }] },
    { id: 'pods', title: 'Pods', checks: [{ type: 'k8s.object', kind: 'Pod', selector: 'app=web-0', minCount: 2 }] },
    { id: 'watched', title: 'Watched', checks: [{ type: 'k8s.object', kind: 'ConfigMap', name: 'late' }] },
  ],
});

async function apply(api: Awaited<ReturnType<typeof createKubeApi>>, ns: string) {
  for (let i = 0; i < 4; i++) {
    await api.send('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: `web-${i}` },
      spec: { replicas: 2, selector: { matchLabels: { app: `web-${i}` } }, template: { metadata: { labels: { app: `web-${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
  }
  for (let i = 0; i < 2; i++) await api.send('POST', `/api/v1/namespaces/${ns}/services`, { metadata: { name: `web-${i}` }, spec: { selector: { app: `web-${i}` }, ports: [{ port: 80 }] } });
  await api.send('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'settings' }, data: { mode: 'fast' } });
  await api.send('POST', `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: 'creds' }, stringData: { password: 'x' } });
}

/**
 * `labs check` on a 10-task lab: p95 latency (goal < 150 ms) and API requests
 * per run (goal ≤ distinct kinds); live-mode latency from a change to a new
 * result (goal < 1 s).
 */
export async function checkerBench(io: Io, runs = 40): Promise<void> {
  io.stdout.write('\n── checker (10-task Kubernetes lab, 5 kinds)\n');
  const state = await readClusterState(io.env);
  if (!state) throw new Error('no lab cluster is running: `npm run cluster:up` first');
  const api = await createKubeApi(state);
  const ns = 'bench-checker';
  await recreateNamespace(api, ns, 'bench');
  try {
    await apply(api, ns);
    const environment: Environment = { kubeApi: async () => api, docker: () => Promise.reject(new Error('unused')), sandbox: () => Promise.reject(new Error('unused')), close() {} };
    const checker = createChecker({ environment });
    const loaded: LoadedLab = { lab: benchLab, dir: process.cwd() };
    const options = { namespace: ns, workspace: process.cwd() };
    // Let the Pods appear before timing (the controllers are real).
    for (let i = 0; i < 60; i++) {
      const r = await checker.check(loaded, { ...options, taskIds: ['pods'] });
      if (r.status === 'pass') break;
      await new Promise((res) => setTimeout(res, 250));
    }
    const latencies: number[] = [];
    const requests: number[] = [];
    for (let i = 0; i < runs; i++) {
      const before = api.requests;
      const t0 = performance.now();
      const r = await checker.check(loaded, { ...options, noWait: true });
      latencies.push(performance.now() - t0);
      requests.push(api.requests - before);
      if (r.passed !== 9) throw new Error(`expected 9 of 10 tasks to pass, got ${r.passed}: ${r.tasks.filter((t) => t.status !== 'pass').map((t) => t.message).join('; ')}`);
    }
    const p95 = percentile(latencies, 95);
    const kinds = 5;
    const perRun = Math.max(...requests);
    io.stdout.write(`${formatRow(`labs check p95 over ${runs} runs`, `${p95.toFixed(1)} ms`, '< 150 ms', p95 < 150)}\n`);
    io.stdout.write(`${formatRow('labs check median', `${percentile(latencies, 50).toFixed(1)} ms`)}\n`);
    io.stdout.write(`${formatRow('API requests per run (max)', String(perRun), `≤ ${kinds} (distinct kinds)`, perRun <= kinds)}\n`);

    // Live mode: time from a write to the result that reflects it.
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      let resolveChange: (t: number) => void = () => {};
      let sawFail = false;
      const stop = await checker.watch(loaded, options, (r) => {
        const watched = r.tasks.find((t) => t.id === 'watched');
        if (watched?.status === 'fail') sawFail = true;
        if (sawFail && watched?.status === 'pass') resolveChange(performance.now());
      });
      const changed = new Promise<number>((res) => (resolveChange = res));
      const t0 = performance.now();
      await api.send('POST', `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: 'late' } });
      const t1 = await Promise.race([changed, new Promise<number>((_, rej) => setTimeout(() => rej(new Error('no live result within 10 s')), 10_000))]);
      samples.push(t1 - t0);
      stop();
      await api.send('DELETE', `/api/v1/namespaces/${ns}/configmaps/late`);
    }
    const worst = Math.max(...samples);
    io.stdout.write(`${formatRow('--watch: apply → changed task result (max of 5)', `${worst.toFixed(0)} ms`, '< 1 s', worst < 1000)}\n`);
  } finally {
    await deleteNamespace(api, ns).catch(() => {});
    api.close();
  }
}
