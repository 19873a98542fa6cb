import { describe, expect, it } from 'vitest';
import { checkInputSchema } from '../schemas/check.ts';
import { explainZodError } from '../schemas/parse.ts';
import { exitCodeOf } from '../environments/kube-exec.ts';
import { containerOf, httpStatusOf, k8sLogs, notRunning, podsFor, requestOf, requestProblem } from './kubernetes-behaviour.ts';
import { KubeHttpError } from '../environments/kube-api.ts';
import type { CheckContext } from '../engine/context.ts';
import { kubeletsSimulated, needsRealNodes } from './running-containers.ts';
import { needsRunningContainers } from './registry.ts';

const pod = (name: string, labels: Record<string, string>, created: string, status: any = {}) => ({
  metadata: { name, labels, creationTimestamp: created },
  spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
  status,
});

describe('behaviour check helpers', () => {
  it('finds Pods by name or selector, oldest first', () => {
    const pods = [pod('b', { app: 'web' }, '2026-01-02T00:00:00Z'), pod('a', { app: 'web' }, '2026-01-01T00:00:00Z'), pod('c', { app: 'db' }, '2026-01-01T00:00:00Z')];
    expect(podsFor(pods, { selector: 'app=web' }).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(podsFor(pods, { pod: 'c' }).map((p) => p.metadata.name)).toEqual(['c']);
    expect(podsFor(pods, { pod: 'x' })).toEqual([]);
  });

  it("uses the Pod's first container unless one is named, and names a missing one", () => {
    const p = pod('web', {}, '', { containerStatuses: [{ name: 'sidecar', restartCount: 2 }] });
    expect(containerOf(p, {})).toEqual({ name: 'app', status: undefined });
    expect(containerOf(p, { container: 'sidecar' })).toEqual({ name: 'sidecar', status: { name: 'sidecar', restartCount: 2 } });
    expect(containerOf(p, { container: 'log' })).toEqual({ problem: 'Pod web has no container "log" (it has app, sidecar)' });
  });

  it('finds the container running an image, wherever it stands and whatever its name', () => {
    const p = { metadata: { name: 'web' }, spec: { containers: [{ name: 'log-shipper', image: 'busybox:1.37' }, { name: 'web', image: 'docker.io/library/nginx:1.30' }] }, status: { containerStatuses: [{ name: 'web', restartCount: 0 }] } };
    expect(containerOf(p, { image: 'nginx' })).toEqual({ name: 'web', status: { name: 'web', restartCount: 0 } });
    expect(containerOf(p, {})).toMatchObject({ name: 'log-shipper' });
    expect(containerOf(p, { image: 'httpd' })).toEqual({ problem: 'Pod web runs no container with image httpd (log-shipper runs busybox:1.37, web runs docker.io/library/nginx:1.30)' });
  });

  it('says why a container cannot run a command', () => {
    const p = pod('web', {}, '', { phase: 'Pending' });
    expect(notRunning(p, 'app', { state: { running: {} } })).toBeUndefined();
    expect(notRunning(p, 'app', { state: { waiting: { reason: 'CrashLoopBackOff' } } })).toBe('container app of Pod web is not running (waiting: CrashLoopBackOff)');
    expect(notRunning(p, 'app', { state: { terminated: { reason: 'OOMKilled' } } })).toBe('container app of Pod web is not running (terminated: OOMKilled)');
    expect(notRunning(p, 'app', undefined)).toBe('container app of Pod web is not running (Pod phase Pending)');
  });

  it("reads the HTTP status busybox wget printed (the last one, after redirects), and why there was none", () => {
    expect(httpStatusOf('  HTTP/1.1 301 Moved Permanently\n  Location: /x/\n  HTTP/1.1 200 OK\n')).toBe(200);
    expect(httpStatusOf('  HTTP/1.1 404 Not Found\nwget: server returned error: HTTP/1.1 404 Not Found\n')).toBe(404);
    expect(httpStatusOf("wget: bad address 'nosuch'\n")).toBeUndefined();
    expect(requestProblem("wget: bad address 'nosuch'\n", 1)).toBe("bad address 'nosuch'");
    expect(requestProblem('wget: can\'t connect to remote host (10.96.0.9): Connection refused\n', 1)).toBe("can't connect to remote host (10.96.0.9): Connection refused");
    expect(requestProblem('', 143)).toBe('no answer within 5 s');
  });

  it("reads an exec's exit code from the API server's status", () => {
    expect(exitCodeOf({ status: 'Success' })).toBe(0);
    expect(exitCodeOf({ status: 'Failure', details: { causes: [{ reason: 'ExitCode', message: '3' }] } })).toBe(3);
    expect(exitCodeOf({ status: 'Failure' })).toBe(-1);
  });

  it('tells simulated kubelets (kwok) from real ones', () => {
    const kwok = { metadata: { annotations: { 'kwok.x-k8s.io/node': 'fake' } } };
    const kind = { metadata: { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock' } } };
    expect(kubeletsSimulated([kwok, kwok])).toBe(true);
    expect(kubeletsSimulated([kind, kwok])).toBe(false);
    expect(kubeletsSimulated([])).toBe(true);
  });

  it('knows which checks need running containers: behaviour checks, and others that declare it', () => {
    const parse = (v: object) => checkInputSchema.parse(v);
    expect(needsRunningContainers(parse({ type: 'k8s.logs', pod: 'web', contains: 'x' }))).toBe(true);
    expect(needsRunningContainers(parse({ type: 'k8s.event', reason: 'Killing' }))).toBe(false);
    expect(needsRunningContainers(parse({ type: 'k8s.event', reason: 'Killing', needs: ['running-containers'] }))).toBe(true);
    expect(needsRunningContainers(parse({ type: 'custom', module: 'checks/x.ts', needs: ['kubernetes'] }))).toBe(false);
  });

  it('says plainly that a behaviour check needs real nodes', () => {
    expect(needsRealNodes({ type: 'k8s.exec' } as never)).toEqual({
      status: 'unsupported',
      message: "needs real nodes (kind): it runs a command in a container (kubectl exec), and this cluster's kubelets are simulated (Pods show Running but no container runs)",
      fix: 'run this lab on kind: `npm run cluster:down`, then `npm run cluster:up -- --engine kind`',
    });
  });
});

describe('behaviour check schemas', () => {
  const problems = (v: unknown) => {
    const r = checkInputSchema.safeParse(v);
    return r.success ? [] : explainZodError(r.error);
  };
  it('take exactly one of pod or selector, and something to look for in a log', () => {
    expect(problems({ type: 'k8s.logs', pod: 'web', contains: 'ready' })).toEqual([]);
    expect(problems({ type: 'k8s.logs', pod: 'web', selector: 'app=web', contains: 'ready' })).toEqual(['(top level): give exactly one of pod or selector']);
    expect(problems({ type: 'k8s.logs', pod: 'web' })).toEqual(['(top level): give contains or matches']);
    expect(problems({ type: 'k8s.exec', selector: 'app=web', command: ['true'] })).toEqual([]);
    expect(problems({ type: 'k8s.request', from: { pod: 'client' }, url: 'http://web/' })).toEqual([]);
    expect(problems({ type: 'k8s.request', from: {}, url: "http://web/'; rm" })).toEqual(['from: give exactly one of pod or selector', 'url: an http:// URL without spaces or quotes']);
  });

  it('take request headers, one line each', () => {
    expect(problems({ type: 'k8s.request', from: { pod: 'client' }, url: 'http://traefik/', headers: { Host: 'shop.example.com' } })).toEqual([]);
    expect(problems({ type: 'k8s.request', from: { pod: 'client' }, url: 'http://traefik/', headers: { 'Host: x': 'y', Host: 'a\r\nX-Evil: 1' } })).toEqual([
      'headers.Host: x: a header name (letters, digits, -)',
      'headers.Host: a header value on one line',
    ]);
  });

  it("sends a request's headers with wget and names them in messages", () => {
    expect(requestOf({ url: 'http://traefik.kubecamp-ingress.svc.cluster.local/api/orders', headers: { Host: 'shop.example.com' } })).toEqual({
      command: ['timeout', '5', 'wget', '-q', '-S', '--header', 'Host: shop.example.com', '-O', '-', 'http://traefik.kubecamp-ingress.svc.cluster.local/api/orders'],
      shown: 'GET http://traefik.kubecamp-ingress.svc.cluster.local/api/orders (Host: shop.example.com)',
    });
    expect(requestOf({ url: 'http://web.it-a.svc.cluster.local/' })).toEqual({
      command: ['timeout', '5', 'wget', '-q', '-S', '-O', '-', 'http://web.it-a.svc.cluster.local/'],
      shown: 'GET http://web.it-a.svc.cluster.local/',
    });
  });

  it('reads the log of the next Pod when one listed a moment ago is gone (a rollout replaced it), and retries if none is left', async () => {
    const old = pod('worker-old', { app: 'worker' }, '2026-01-01T00:00:00Z', { containerStatuses: [{ name: 'app', restartCount: 0 }] });
    const fresh = pod('worker-new', { app: 'worker' }, '2026-01-02T00:00:00Z', { containerStatuses: [{ name: 'app', restartCount: 0 }] });
    const ctxWith = (pods: object[], logs: Record<string, string>) =>
      ({
        namespace: 'ns',
        kube: () => ({
          list: async () => pods,
          api: {
            getText: async (path: string) => {
              const name = path.split('/pods/')[1].split('/')[0];
              if (!(name in logs)) throw new KubeHttpError(404, 'NotFound', `pods "${name}" not found`);
              return logs[name];
            },
          },
        }),
      }) as unknown as CheckContext;
    const check = checkInputSchema.parse({ type: 'k8s.logs', selector: 'app=worker', contains: 'connected' }) as never;
    expect(await k8sLogs(check, ctxWith([old, fresh], { 'worker-new': 'connected to cache\n' }))).toMatchObject({ status: 'pass' });
    expect(await k8sLogs(check, ctxWith([old], {}))).toMatchObject({ status: 'fail', message: 'Pod worker-old was deleted while its log was read', retry: true });
  });
});

