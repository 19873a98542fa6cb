import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInputSchema } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { getAnswer, k8sNodePort, nodePortTargets, nodePortVerdict } from './node-port.ts';
import { needsRunningContainers } from './registry.ts';

const node = (name: string, ip?: string) => ({ metadata: { name }, status: { addresses: [{ type: 'Hostname', address: name }, ...(ip ? [{ type: 'InternalIP', address: ip }] : [])] } });
const mapping = { hostPort: 30080, containerPort: 30080, protocol: 'TCP' as const, what: 'a node port' };

describe('node port targets', () => {
  it("names each node's InternalIP, then kind's host mapping of that node port", () => {
    const nodes = [node('kubecamp-control-plane', '172.18.0.2'), node('kubecamp-worker', 'fd00::3'), node('no-address')];
    expect(nodePortTargets(nodes, 30080, '/', [mapping])).toEqual([
      { url: 'http://172.18.0.2:30080/', via: 'node kubecamp-control-plane' },
      { url: 'http://[fd00::3]:30080/', via: 'node kubecamp-worker' },
      { url: 'http://127.0.0.1:30080/', via: "kind's host port 30080" },
    ]);
    expect(nodePortTargets(nodes.slice(0, 1), 31234, '/x', [mapping])).toEqual([{ url: 'http://172.18.0.2:31234/x', via: 'node kubecamp-control-plane' }]);
  });
});

describe('the verdict on what the node port answered', () => {
  const t = (url: string) => ({ url, via: 'node n' });
  const expectOk = { status: 200, bodyContains: 'Welcome to nginx' };

  it('passes when an address answers as expected, whatever the unreachable ones did', () => {
    expect(nodePortVerdict('web', 31234, [{ target: t('http://10.0.0.1:31234/'), problem: 'no answer within 3 s' }, { target: t('http://10.0.0.2:31234/'), status: 200, body: '<h1>Welcome to nginx!</h1>' }], expectOk)).toEqual({
      status: 'pass',
      message: "Service web's node port 31234 from this machine: GET http://10.0.0.2:31234/ (node n) answered HTTP 200",
    });
  });

  it('fails when an address answers otherwise, naming it', () => {
    expect(nodePortVerdict('web', 31234, [{ target: t('http://10.0.0.1:31234/'), status: 200, body: 'Welcome to nginx' }, { target: t('http://10.0.0.2:31234/'), status: 200, body: 'hello' }], expectOk)).toEqual({
      status: 'fail',
      message: `Service web's node port 31234 from this machine: GET http://10.0.0.2:31234/ (node n) answered "hello", expected it to contain "Welcome to nginx"`,
      expected: 'HTTP 200',
      actual: 'HTTP 200',
      retry: true,
    });
    expect(nodePortVerdict('web', 31234, [{ target: t('http://10.0.0.1:31234/'), status: 503, body: '' }], expectOk).message).toBe(
      "Service web's node port 31234 from this machine: GET http://10.0.0.1:31234/ (node n) answered HTTP 503, expected 200",
    );
  });

  it('fails when nothing answers, with why for each address and the node ports kind maps', () => {
    expect(nodePortVerdict('web', 31234, [{ target: t('http://10.0.0.1:31234/'), problem: 'ECONNREFUSED' }], expectOk)).toEqual({
      status: 'fail',
      message:
        "Service web's node port 31234 does not answer from this machine: http://10.0.0.1:31234/ (node n): ECONNREFUSED (where nodes' addresses are out of reach, as on Docker Desktop, only node ports kind maps to the host answer: 30080 on 127.0.0.1:30080)",
      expected: 'HTTP 200',
      actual: 'no answer',
      retry: true,
    });
  });
});

describe('k8s.node-port', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => res.writeHead(req.url === '/' ? 200 : 404).end(req.url === '/' ? 'Welcome to nginx!' : 'not found'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const service = (spec: object) => ({ metadata: { name: 'web-nodeport' }, spec });
  const ctxWith = (services: any[]): CheckContext =>
    ({ namespace: 'lab', kube: () => ({ list: async (kind: string) => (kind === 'Service' ? services : kind === 'Node' ? [node('local', '127.0.0.1')] : []) }) }) as unknown as CheckContext;
  const check = (fields: object) => checkInputSchema.parse({ type: 'k8s.node-port', service: 'web-nodeport', ...fields }) as any;

  it('needs running containers', () => {
    expect(needsRunningContainers(check({}))).toBe(true);
  });

  it("requests the Service port's allocated node port on the nodes from this machine", async () => {
    const ctx = ctxWith([service({ type: 'NodePort', ports: [{ port: 8081, nodePort: 1 }, { port: 80, nodePort: port }] })]);
    expect(await k8sNodePort(check({ port: 80, bodyContains: 'Welcome' }), ctx)).toEqual({
      status: 'pass',
      message: `Service web-nodeport's node port ${port} from this machine: GET http://127.0.0.1:${port}/ (node local) answered HTTP 200`,
    });
    expect((await k8sNodePort(check({ port: 80, path: '/missing' }), ctx)).message).toBe(
      `Service web-nodeport's node port ${port} from this machine: GET http://127.0.0.1:${port}/missing (node local) answered HTTP 404, expected 200`,
    );
  });

  it('says what the Service lacks before sending anything', async () => {
    expect((await k8sNodePort(check({}), ctxWith([]))).message).toBe('Service "web-nodeport" in namespace lab not found');
    expect((await k8sNodePort(check({}), ctxWith([service({ type: 'ClusterIP', ports: [{ port: 80 }] })]))).message).toBe('Service web-nodeport is of type ClusterIP: it opens no port on the nodes');
    expect((await k8sNodePort(check({ port: 80 }), ctxWith([service({ type: 'NodePort', ports: [{ port: 30080, nodePort: 31000 }] })]))).message).toBe('Service web-nodeport has no port 80');
  });

  it('reports a refused connection as no answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await getAnswer({ url: `http://127.0.0.1:${free}/`, via: 'x' })).toEqual({ target: { url: `http://127.0.0.1:${free}/`, via: 'x' }, problem: 'ECONNREFUSED' });
  });
});
