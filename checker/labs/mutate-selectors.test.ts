import { describe, expect, it } from 'vitest';
import { labPods, sameSelection, sameTargetPort } from './mutate-selectors.ts';
import { mutationsOf } from './mutate.ts';

const blue = `kind: Deployment
metadata: {name: shop-blue}
spec:
  selector: {matchLabels: {app: shop, version: blue}}
  template:
    metadata: {labels: {app: shop, version: blue}}
    spec: {containers: [{name: nginx, image: nginx:1.30}]}
---
kind: Deployment
metadata: {name: api-stable}
spec:
  selector: {matchLabels: {app: api, track: stable}}
  template:
    metadata: {labels: {app: api, track: stable}}
    spec: {containers: [{name: nginx, image: nginx:1.30}]}
---
kind: Service
metadata: {name: shop}
spec: {selector: {app: shop, version: blue}, ports: [{port: 80}]}
`;
const green = `kind: Deployment
metadata: {name: shop-green}
spec:
  selector: {matchLabels: {app: shop, version: green}}
  template:
    metadata: {labels: {app: shop, version: green}}
    spec: {containers: [{name: nginx, image: nginx:1.31}]}
`;
const service = `kind: Service
metadata: {name: shop}
spec: {selector: {app: shop, version: green}, ports: [{port: 80}]}
`;

describe('labPods', () => {
  it("reads every Pod template, a later object replacing an earlier one of the same name", () => {
    const pods = labPods([blue, green, 'kind: Deployment\nmetadata: {name: shop-blue}\nspec: {template: {metadata: {labels: {app: old}}, spec: {containers: []}}}\n']);
    expect(pods.map(({ namedPorts: _, ...p }) => p)).toEqual([
      { owner: 'Deployment shop-blue', labels: { app: 'old' } },
      { owner: 'Deployment api-stable', labels: { app: 'api', track: 'stable' } },
      { owner: 'Deployment shop-green', labels: { app: 'shop', version: 'green' } },
    ]);
    expect(labPods(['kind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {metadata: {labels: {job: c}}, spec: {containers: []}}}}}\n', 'kind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n'])).toEqual([
      { owner: 'CronJob c', labels: { job: 'c' }, namedPorts: {} },
      { owner: 'Pod p', labels: {}, namedPorts: {} },
    ]);
  });

  it("knows the containers' named ports, so removing a named targetPort equal to port is the default", () => {
    const redis = 'kind: Deployment\nmetadata: {name: redis}\nspec: {template: {metadata: {labels: {app: redis}}, spec: {containers: [{name: r, ports: [{name: redis, containerPort: 6379}]}]}}}\n';
    const pods = labPods([redis]);
    expect(pods[0]!.namedPorts).toEqual({ redis: 6379 });
    const service = (port: number, targetPort: string) => ({ kind: 'Service', spec: { selector: { app: 'redis' }, ports: [{ port, targetPort }] } });
    expect(sameTargetPort(service(6379, 'redis'), 0, pods)).toBe('targetPort redis is port 6379 on the Pods it selects: the default');
    expect(sameTargetPort(service(80, 'redis'), 0, pods)).toBeUndefined();
    expect(sameTargetPort(service(6379, 'other'), 0, pods)).toBeUndefined();
    expect(sameTargetPort({ ...service(6379, 'redis'), spec: { selector: { app: 'none' }, ports: [{ port: 6379, targetPort: 'redis' }] } }, 0, pods)).toBeUndefined();
  });
});

describe('sameSelection', () => {
  const pods = labPods([blue, green]);
  const svc = (selector: unknown) => ({ kind: 'Service', metadata: { name: 'shop' }, spec: { selector, ports: [{ port: 80 }] } });

  it('is equivalent when the changed selector selects exactly the same Pods', () => {
    expect(sameSelection(svc({ app: 'shop', version: 'green' }), svc({ version: 'green' }), pods)).toBe('selects the same Pods: Deployment shop-green (app=shop,version=green)');
  });

  it('is a meaning change when the set grows, shrinks, or was empty among the known Pods', () => {
    expect(sameSelection(svc({ app: 'shop', version: 'green' }), svc({ app: 'shop' }), pods)).toBeUndefined();
    expect(sameSelection(svc({ app: 'shop', version: 'green' }), svc({ app: 'shop', version: 'green-x' }), pods)).toBeUndefined();
    expect(sameSelection(svc({ app: 'shop', version: 'green' }), svc({}), pods)).toBeUndefined();
    expect(sameSelection(svc({ app: 'web' }), svc({}), pods)).toBeUndefined();
  });

  it('leaves mutations of anything but the selector alone', () => {
    const a = svc({ app: 'shop', version: 'green' });
    expect(sameSelection(a, { ...a, spec: { ...a.spec, ports: [{ port: 81 }] } }, pods)).toBeUndefined();
    expect(sameSelection({ kind: 'ConfigMap', data: { a: '1' } }, { kind: 'ConfigMap', data: {} }, pods)).toBeUndefined();
  });

  it("judges a workload's selector with its own template in the set", () => {
    const d = { kind: 'Deployment', metadata: { name: 'shop-green' }, spec: { selector: { matchLabels: { app: 'shop', version: 'green' } }, template: { metadata: { labels: { app: 'shop', version: 'green' } }, spec: { containers: [] } } } };
    const only = (matchLabels: object) => ({ ...d, spec: { ...d.spec, selector: { matchLabels } } });
    expect(sameSelection(d, only({ version: 'green' }), pods)).toBe('selects the same Pods: Deployment shop-green (app=shop,version=green)');
    // {app: shop} also selects shop-blue's Pods: overlapping Deployments.
    expect(sameSelection(d, only({ app: 'shop' }), pods)).toBeUndefined();
  });

  it('reads set-based selectors: a value no Pod carries removed from In changes nothing', () => {
    const np = (values: string[]) => ({ kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: { podSelector: { matchExpressions: [{ key: 'version', operator: 'In', values }] } } });
    expect(sameSelection(np(['green', 'red']), np(['green']), pods)).toBe('selects the same Pods: Deployment shop-green (app=shop,version=green)');
    expect(sameSelection(np(['green', 'blue']), np(['green']), pods)).toBeUndefined();
  });
});

describe('mutationsOf with the lab Pods', () => {
  it("classifies the Service's selector mutations by the Pods they select", () => {
    const kinds = (pods?: ReturnType<typeof labPods>) =>
      mutationsOf('shop-service.yaml', service, undefined, { pods })
        .filter((m) => m.where.startsWith('Service shop: spec.selector'))
        .map((m) => `${m.kind} ${m.description}`);
    expect(kinds(labPods([blue, green, service]))).toEqual([
      'equivalent removed spec.selector.app (selects the same Pods: Deployment shop-green (app=shop,version=green))',
      'meaning spec.selector.app: "shop" → "shop-x"',
      'meaning removed spec.selector.version',
      'meaning spec.selector.version: "green" → "green-x"',
    ]);
    // Without the lab's Pods (shop-blue is the setup's), nothing is judged equivalent.
    expect(kinds(undefined).every((k) => k.startsWith('meaning'))).toBe(true);
  });
});
