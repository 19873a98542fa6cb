import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { labPods } from './mutate-selectors.ts';
import { changedScalar, equivalentRewrites, mutateConfigSchema, mutationsOf, noMutateConfig, pathText, sampleMutations, type MutateConfig } from './mutate.ts';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 250m
`;

describe('changedScalar', () => {
  it('picks another valid value of the same kind', () => {
    expect(changedScalar(3, 'replicas')).toBe(4);
    expect(changedScalar(0, 'maxUnavailable')).toBe(1);
    expect(changedScalar(true, 'readOnly')).toBe(false);
    expect(changedScalar('Prefix', 'pathType')).toBe('Exact');
    expect(changedScalar('nginx:1.27-bookworm', 'image')).toBe('nginx:1.28-bookworm');
    expect(changedScalar('busybox', 'image')).toBe('busybox:other');
    expect(changedScalar('250m', 'cpu')).toBe('251m');
    expect(changedScalar('/healthz', 'path')).toBe('/healthz/other');
    expect(changedScalar('web', 'app')).toBe('web-x');
    expect(changedScalar(null, 'x')).toBeUndefined();
  });

  it("changes a reference's apiVersion to another group (the HPA controller reads only the group)", () => {
    expect(changedScalar('apps/v1', 'apiVersion')).toBe('extensions/v1beta1');
    expect(changedScalar('batch/v1', 'apiVersion')).toBe('batch.example.com/v1');
  });
});

describe('mutationsOf', () => {
  const all = mutationsOf('deployment.yaml', deployment);
  const where = (w: string) => all.filter((m) => m.where === `Deployment web: ${w}`).map((m) => m.description);

  it('changes and removes each scalar, removes each list item, leaves the identity alone', () => {
    expect(where('spec.replicas')).toEqual(['removed spec.replicas', 'spec.replicas: 3 → 4']);
    expect(where('spec.template.spec.containers[0].ports[0]')).toEqual(['removed item 0 of spec.template.spec.containers[0].ports']);
    expect(where('spec.template.spec.containers[0].image')).toEqual(['removed spec.template.spec.containers[0].image', 'spec.template.spec.containers[0].image: "nginx:1.27" → "nginx:1.28"', 'spec.template.spec.containers[0].image: "nginx:1.27" → "nginx" (no tag: latest)']);
    expect(all.some((m) => /metadata\.name|apiVersion|^Deployment web: kind/.test(m.where) && m.where.endsWith('metadata.name'))).toBe(false);
    expect(all.some((m) => m.where === 'Deployment web: kind' || m.where === 'Deployment web: apiVersion')).toBe(false);
  });

  it('writes each mutation as a whole, valid file', () => {
    const m = all.find((x) => x.description === 'spec.replicas: 3 → 4')!;
    expect(parse(m.text).spec.replicas).toBe(4);
    expect(parse(m.text).spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(m.kind).toBe('meaning');
  });

  it('skips fields a lab marks irrelevant', () => {
    const config = mutateConfigSchema.parse({ irrelevant: [{ kind: 'Deployment', path: 'spec.template.spec.containers[0].ports', reason: 'ports are documentation here' }] });
    const some = mutationsOf('deployment.yaml', deployment, config);
    expect(some.some((m) => m.where.includes('ports'))).toBe(false);
    expect(some.length).toBeLessThan(all.length);
  });

  it('rewrites no field a lab marks irrelevant into an equivalent form either', () => {
    const config = mutateConfigSchema.parse({ irrelevant: [{ kind: 'Deployment', path: 'spec.selector', reason: 'the setup created it; the API server keeps it immutable' }] });
    const rewrites = (c?: typeof config) => mutationsOf('deployment.yaml', deployment, c).filter((m) => m.kind === 'equivalent').map((m) => m.description);
    expect(rewrites()).toContain('spec.selector.matchLabels → matchExpressions (In)');
    expect(rewrites(config)).not.toContain('spec.selector.matchLabels → matchExpressions (In)');
    expect(rewrites(config)).toContain('spec.template.spec.containers[0].image: nginx:1.27 → docker.io/library/nginx:1.27');
  });

  it('counts a changed value the task bounds (within) as the same meaning, while it stays inside the bounds', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: report}\nspec:\n  containers:\n    - name: r\n      image: busybox:1.37\n      resources: {requests: {memory: 64Mi, cpu: 500m}}\n';
    const config = mutateConfigSchema.parse({
      within: [
        { kind: 'Pod', name: 'report', path: 'spec.containers[0].resources.requests.memory', lte: '256Mi', reason: 'at most 256Mi' },
        { kind: 'Pod', name: 'report', path: 'spec.containers[0].resources.requests.cpu', lte: '500m', reason: 'at most 500m' },
      ],
    });
    const byDescription = (c: MutateConfig) => Object.fromEntries(mutationsOf('report.yaml', pod, c).map((m) => [m.description.replace(/ \(.*\)$/, ''), m.kind]));
    expect(byDescription(config)).toMatchObject({
      'spec.containers[0].resources.requests.memory: "64Mi" → "65Mi"': 'equivalent',
      'spec.containers[0].resources.requests.cpu: "500m" → "501m"': 'meaning',
      'removed spec.containers[0].resources.requests.memory': 'meaning',
    });
    expect(byDescription(noMutateConfig)['spec.containers[0].resources.requests.memory: "64Mi" → "65Mi"']).toBe('meaning');
    expect(() => mutateConfigSchema.parse({ within: [{ path: 'spec.replicas', reason: 'no bounds given here' }] })).toThrow(/gte, lte or both/);
  });

  it('counts removing a rolling-update limit as the default when 25% gives the same Pod counts at the replicas', () => {
    const deployment = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: ${replicas}, strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 1, maxUnavailable: 0}}}\n`;
    const removal = (replicas: number, field: string) => mutationsOf('web.yaml', deployment(replicas), noMutateConfig).find((m) => m.description.startsWith(`removed spec.strategy.rollingUpdate.${field}`));
    expect(removal(3, 'maxUnavailable')).toMatchObject({ kind: 'equivalent', description: 'removed spec.strategy.rollingUpdate.maxUnavailable (the default 25% is the same 1 extra and 0 unavailable Pod(s) at 3 replicas)' });
    expect(removal(3, 'maxSurge')).toMatchObject({ kind: 'equivalent' });
    // At 8 replicas 25% lets 2 Pods go and adds 2: another rollout.
    expect(removal(8, 'maxUnavailable')).toMatchObject({ kind: 'meaning' });
    expect(removal(8, 'maxSurge')).toMatchObject({ kind: 'meaning' });
  });

  it("counts removing a named targetPort that is port's number on the selected Pods as the default", () => {
    const redis = 'kind: Deployment\nmetadata: {name: redis}\nspec: {template: {metadata: {labels: {app: redis}}, spec: {containers: [{name: r, image: redis:7, ports: [{name: redis, containerPort: 6379}]}]}}}\n';
    const service = (port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: redis}\nspec: {selector: {app: redis}, ports: [{port: ${port}, targetPort: redis}]}\n`;
    const removal = (port: number) => mutationsOf('svc.yaml', service(port), noMutateConfig, { pods: labPods([redis]) }).find((m) => m.description.startsWith('removed spec.ports[0].targetPort'));
    expect(removal(6379)).toMatchObject({ kind: 'equivalent', description: 'removed spec.ports[0].targetPort (targetPort redis is port 6379 on the Pods it selects: the default)' });
    expect(removal(80)?.kind).toBe('meaning');
  });

  it('narrows an irrelevant field to one object by name', () => {
    const two = `${deployment}---\n${deployment.replace('name: web', 'name: api')}`;
    const config = mutateConfigSchema.parse({ irrelevant: [{ kind: 'Deployment', name: 'api', path: 'spec.replicas', reason: 'api may run any number' }] });
    const replicas = mutationsOf('two.yaml', two, config).filter((m) => m.where.endsWith(': spec.replicas')).map((m) => m.where);
    expect(replicas).toEqual(['Deployment web: spec.replicas', 'Deployment web: spec.replicas']);
  });

  it('keeps the other documents of a file as they are', () => {
    const two = mutationsOf('two.yaml', `${deployment}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n`);
    const m = two.find((x) => x.where === 'Service web: spec.ports[0].port' && x.kind === 'meaning' && x.description.includes('→'))!;
    const docs = parseAllDocuments(m.text).map((d) => d.toJS());
    expect(docs[0].spec.replicas).toBe(3);
    expect(docs[1].spec.ports[0].port).toBe(81);
  });
});

describe('API defaults', () => {
  it('treats removing a field that holds its API default as an equivalent rewrite', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 2}}
  template:
    spec:
      containers:
        - {name: c, image: nginx:1.27, imagePullPolicy: IfNotPresent, ports: [{containerPort: 80, protocol: TCP}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {type: ClusterIP, ports: [{port: 80, targetPort: 80}, {port: 81, targetPort: 8081}]}
`;
    const removals = mutationsOf('a.yaml', text).filter((m) => m.description.startsWith('removed '));
    const kinds = Object.fromEntries(removals.map((m) => [`${m.where.split(':')[0]} ${m.description.split(' ')[1]}`, m.kind]));
    expect(kinds['Deployment web spec.strategy.type']).toBe('equivalent');
    expect(mutationsOf('one.yaml', 'kind: Deployment\nmetadata: {name: a}\nspec: {replicas: 1}\n')[0].kind).toBe('equivalent');
    expect(mutationsOf('three.yaml', 'kind: Deployment\nmetadata: {name: a}\nspec: {replicas: 3}\n')[0].kind).toBe('meaning');
    // maxSurge 2 at 1 replica: the default 25% adds 1 Pod, not 2.
    expect(kinds['Deployment web spec.strategy.rollingUpdate.maxSurge']).toBe('meaning');
    expect(kinds['Deployment web spec.template.spec.containers[0].imagePullPolicy']).toBe('equivalent');
    expect(kinds['Deployment web spec.template.spec.containers[0].ports[0].protocol']).toBe('equivalent');
    expect(kinds['Service web spec.type']).toBe('equivalent');
    expect(kinds['Service web spec.ports[0].targetPort']).toBe('equivalent');
    expect(kinds['Service web spec.ports[1].targetPort']).toBe('meaning');
    expect(removals.find((m) => m.description.startsWith('removed spec.type'))!.description).toBe('removed spec.type ("ClusterIP" is the API default)');
  });
});

describe('RBAC API defaults', () => {
  it("treats removing a binding's roleRef.apiGroup, and a User or Group subject's apiGroup, as equivalent (the API server fills in rbac.authorization.k8s.io)", () => {
    const text = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b}
subjects:
  - {kind: User, apiGroup: rbac.authorization.k8s.io, name: jane}
  - {kind: ServiceAccount, apiGroup: "", name: deployer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
`;
    const kinds = Object.fromEntries(mutationsOf('b.yaml', text).filter((m) => m.description.startsWith('removed ')).map((m) => [m.description.split(' ')[1], m.kind]));
    expect(kinds['roleRef.apiGroup']).toBe('equivalent');
    expect(kinds['subjects[0].apiGroup']).toBe('equivalent');
    expect(kinds['roleRef.name']).toBe('meaning');
    expect(kinds['subjects[0].name']).toBe('meaning');
    // A ServiceAccount subject's group is "" (removing it is the default too, but not rbac.authorization.k8s.io).
    expect(mutationsOf('b.yaml', text.replace('apiGroup: "", ', 'apiGroup: rbac.authorization.k8s.io, ')).find((m) => m.description.startsWith('removed subjects[1].apiGroup'))!.kind).toBe('meaning');
  });
});

describe('objects the setup created', () => {
  it("rewrites no immutable selector of a workload the setup already created (the API refuses any change)", () => {
    const rewrites = (setupObjects?: Set<string>) => mutationsOf('deployment.yaml', deployment, undefined, { setupObjects }).filter((m) => m.kind === 'equivalent').map((m) => m.description);
    expect(rewrites()).toContain('spec.selector.matchLabels → matchExpressions (In)');
    expect(rewrites(new Set(['Deployment web']))).not.toContain('spec.selector.matchLabels → matchExpressions (In)');
    expect(rewrites(new Set(['Deployment web']))).toContain('spec.template.spec.containers[0].image: nginx:1.27 → docker.io/library/nginx:1.27');
    expect(rewrites(new Set(['Deployment api']))).toContain('spec.selector.matchLabels → matchExpressions (In)');
  });
});

describe('named ports', () => {
  it("rewrites a probe's port and a Service's targetPort to the container port's name", () => {
    const text = `${deployment.replace('          resources:', '          readinessProbe: {httpGet: {path: /, port: 80}}\n          resources:')}---
apiVersion: v1
kind: Service
metadata: {name: web}
spec: {selector: {app: web}, ports: [{port: 8080, targetPort: 80}]}
`;
    const named = mutationsOf('a.yaml', text).filter((m) => m.description.includes('named port'));
    expect(named.map((m) => `${m.kind} ${m.where}: ${m.description}`)).toEqual([
      'equivalent Deployment web: spec.template.spec.containers[0].readinessProbe.httpGet.port: 80 → the named port port-80',
      'equivalent Service web: spec.ports[0].targetPort: 80 → the named port port-80 of Deployment web',
    ]);
    const [deploy, svc] = parseAllDocuments(named[1].text).map((d) => d.toJS());
    expect(deploy.spec.template.spec.containers[0].ports[0]).toEqual({ containerPort: 80, name: 'port-80' });
    expect(svc.spec.ports[0].targetPort).toBe('port-80');
    expect(parse(named[0].text.split('---')[0]).spec.template.spec.containers[0].readinessProbe.httpGet.port).toBe('port-80');
  });
});

describe('equivalentRewrites', () => {
  it('lists RBAC verbs in another order', () => {
    const role = { kind: 'Role', rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] };
    expect(equivalentRewrites(role).map((r) => [r.description, r.doc.rules[0].verbs])).toEqual([['rules[0].verbs: get, list in reverse order', ['list', 'get']]]);
  });

  it('spells the image, selector and quantities another way', () => {
    const rewrites = equivalentRewrites(parse(deployment));
    expect(rewrites.map((r) => r.description)).toEqual([
      'spec.selector.matchLabels → matchExpressions (In)',
      'spec.template.spec.containers[0].image: nginx:1.27 → docker.io/library/nginx:1.27',
      'spec.template.spec.containers[0].resources.requests.cpu: 250m → 0.25',
    ]);
    expect(rewrites[0].doc.spec.selector).toEqual({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] });
  });

  it('adds a trailing slash to Prefix paths and encodes stringData', () => {
    const ingress = { kind: 'Ingress', spec: { rules: [{ http: { paths: [{ path: '/api', pathType: 'Prefix' }, { path: '/', pathType: 'Prefix' }] } }] } };
    expect(equivalentRewrites(ingress).map((r) => r.description)).toEqual(['spec.rules[0].http.paths[0].path: Prefix /api → /api/']);
    const secret = { kind: 'Secret', stringData: { password: 'pw' } };
    expect(equivalentRewrites(secret)[0].doc).toEqual({ kind: 'Secret', data: { password: 'cHc=' } });
  });
});

describe('sampleMutations and pathText', () => {
  it('keeps the equivalent rewrites and a stable sample of the rest', () => {
    const all = mutationsOf('deployment.yaml', deployment);
    const a = sampleMutations(all, 5);
    expect(a).toHaveLength(5);
    expect(a.slice(0, 3).every((m) => m.kind === 'equivalent')).toBe(true);
    expect(sampleMutations(all, 5).map((m) => m.id)).toEqual(a.map((m) => m.id));
    expect(sampleMutations(all, undefined)).toBe(all);
  });

  it('caps the equivalent rewrites when asked, so a small sample reaches meaning mutations', () => {
    const all = mutationsOf('deployment.yaml', deployment);
    const b = sampleMutations(all, 5, 1, 1);
    expect(b.map((m) => m.kind)).toEqual(['equivalent', 'meaning', 'meaning', 'meaning', 'meaning']);
    expect(sampleMutations(all, 5, 1, 1).map((m) => m.id)).toEqual(b.map((m) => m.id));
    // The meaning mutations are the same seeded sample whatever the cap.
    expect(b.slice(1).map((m) => m.id)).toEqual(sampleMutations(all, 4 + 3, 1).slice(3).map((m) => m.id));
  });

  it('prints paths as checks write them', () => {
    expect(pathText(['spec', 'containers', 0, 'image'])).toBe('spec.containers[0].image');
    expect(pathText(['metadata', 'labels', 'app.kubernetes.io/name'])).toBe('metadata.labels["app.kubernetes.io/name"]');
  });
});
