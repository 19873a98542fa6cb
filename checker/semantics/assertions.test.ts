import { describe, expect, it } from 'vitest';
import { assertionSchema } from '../schemas/assertion.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { unsupportedAssertion } from '../checks/registry.ts';
import type { Related } from './assertions.ts';

const check = (subject: unknown, a: Record<string, unknown>, related?: Related) => evaluateAssertion(subject, assertionSchema.parse(a), related);

const deployment = {
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }] },
    template: {
      metadata: { labels: { app: 'web', tier: 'frontend' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'docker.io/library/nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 'web' } },
            startupProbe: { tcpSocket: { port: 8080 } },
          },
        ],
      },
    },
  },
};
const container = 'spec.template.spec.containers[name=web]';

describe('image', () => {
  it('accepts a fully-qualified spelling of the image', () => {
    expect(check(deployment, { path: `${container}.image`, image: 'nginx:1.27' })).toMatchObject({ ok: true, message: `${container}.image is "docker.io/library/nginx:1.27"` });
  });

  it('names the image a wrong reference runs', () => {
    expect(check(deployment, { path: `${container}.image`, image: 'nginx:1.28', label: 'the container image' })).toMatchObject({
      ok: false,
      message: 'the container image is "docker.io/library/nginx:1.27", which is not nginx:1.28',
    });
    expect(check({ spec: { image: 'nginx' } }, { path: 'spec.image', image: 'nginx:1.27' }).message).toBe('spec.image is "nginx" (docker.io/library/nginx:latest), which is not nginx:1.27');
  });
});

describe('selects and notSelects', () => {
  it('reads matchExpressions as well as matchLabels', () => {
    expect(check(deployment, { selects: { app: 'web', tier: 'frontend' } })).toMatchObject({ ok: true, message: 'selects Pods labelled app=web,tier=frontend (app=web)' });
  });

  it('says what a wrong selector selects', () => {
    const svc = { kind: 'Service', spec: { selector: { tier: 'frontend' } } };
    expect(check(svc, { selects: { app: 'web' } })).toMatchObject({ ok: false, verbPhrase: true, message: 'selects no Pods labelled app=web: it selects tier=frontend' });
    expect(check({ kind: 'Service', spec: {} }, { selects: { app: 'web' } }).message).toBe('selects no Pods labelled app=web: it selects nothing (it has no selector)');
    const both = { kind: 'Service', spec: { selector: { app: 'shop' } } };
    expect(check(both, { selects: { app: 'shop', version: 'green' }, notSelects: { app: 'shop', version: 'blue' } }).message).toBe(
      'also selects Pods labelled app=shop,version=blue: it selects app=shop',
    );
  });

  it('reads an empty NetworkPolicy podSelector as every Pod', () => {
    const policy = { kind: 'NetworkPolicy', spec: { podSelector: {} } };
    expect(check(policy, { selects: { app: 'web' } }).ok).toBe(true);
    expect(check(policy, { notSelects: { app: 'db' } }).message).toBe('also selects Pods labelled app=db: it selects every Pod (its selector is empty)');
  });

  it('reads a selector at a path', () => {
    const policy = { kind: 'NetworkPolicy', spec: { ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] } };
    expect(check(policy, { path: 'spec.ingress[0].from[0].podSelector', selects: { app: 'frontend' } }).ok).toBe(true);
    expect(check(policy, { path: 'spec.ingress[0].from[0].podSelector', selects: { app: 'web' } }).message).toBe('selects no Pods labelled app=web: it selects app=frontend');
  });

  it('is an author error on a kind without a selector', () => {
    expect(() => check({ kind: 'ConfigMap' }, { selects: { app: 'web' } })).toThrow('a ConfigMap has no Pod selector');
  });
});

describe('reachesPort', () => {
  it('resolves a probe’s named port through the container ports', () => {
    expect(check(deployment, { path: `${container}.readinessProbe`, reachesPort: 80, label: 'the readiness probe' })).toMatchObject({ ok: true, message: 'the readiness probe reaches port "http" (80)' });
    expect(check(deployment, { path: `${container}.readinessProbe.httpGet.port`, reachesPort: 80 }).ok).toBe(true);
  });

  it('says where a probe goes instead', () => {
    expect(check(deployment, { path: `${container}.livenessProbe`, reachesPort: 80, label: 'the liveness probe' }).message).toBe(
      'the liveness probe names port "web", which no container declares (declared: http=80)',
    );
    expect(check(deployment, { path: `${container}.startupProbe`, reachesPort: 80, label: 'the startup probe' }).message).toBe('the startup probe reaches port 8080, expected port 80');
    expect(check(deployment, { path: `${container}.missingProbe`, reachesPort: 80, label: 'the probe' }).message).toBe('the probe checks no port, expected port 80');
  });

  const pods: Related = { pods: [{ from: 'the Pod template of Deployment web', labels: { app: 'web' }, spec: deployment.spec.template.spec }] };
  const service = (targetPort: unknown, selector: Record<string, string> = { app: 'web' }) => ({ kind: 'Service', spec: { selector, ports: [{ port: 8080, targetPort }] } });

  it('follows a Service’s targetPort into the Pods it selects', () => {
    expect(check(service('http'), { reachesPort: 80 }, pods)).toMatchObject({ ok: true, message: 'sends port 8080 to port 80 of the Pod template of Deployment web' });
    expect(check(service(80), { path: 'spec.ports[port=8080]', reachesPort: 80 }, pods).ok).toBe(true);
  });

  it('says where a Service’s traffic goes instead', () => {
    expect(check(service('web'), { reachesPort: 80 }, pods).message).toBe(
      'sends port 8080 to targetPort "web", which reaches nothing in the Pod template of Deployment web: it names port "web", which no container declares (declared: http=80)',
    );
    expect(check(service(undefined), { reachesPort: 80 }, pods).message).toBe('sends port 8080 to port 8080 of the Pod template of Deployment web, expected port 80');
    expect(check(service(80, { app: 'api' }), { reachesPort: 80 }, pods).message).toBe('sends port 8080 nowhere: it selects app=api, which no Pod or Pod template here carries');
    expect(() => check(service(80), { reachesPort: 80 })).toThrow('reachesPort on a Service reads the Pods it selects');
  });
});

describe('routes', () => {
  const ingress = {
    kind: 'Ingress',
    spec: {
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/api/', pathType: 'Prefix', backend: { service: { name: 'api', port: { name: 'http' } } } },
            ],
          },
        },
      ],
    },
  };
  const services: Related = { services: [{ metadata: { name: 'api' }, spec: { ports: [{ name: 'http', port: 8080 }] } }] };

  it('follows the Kubernetes path rules and named Service ports', () => {
    expect(check(ingress, { routes: { host: 'shop.example.com', path: '/api', to: { service: 'api', port: 8080 } } }, services)).toMatchObject({
      ok: true,
      message: 'sends http://shop.example.com/api to Service api port http (8080) (host shop.example.com, Prefix /api/)',
    });
  });

  it('says where a request goes instead', () => {
    expect(check(ingress, { routes: { host: 'shop.example.com', path: '/apidocs', to: { service: 'api', port: 8080 } } }, services).message).toBe(
      'sends http://shop.example.com/apidocs to Service web port 80 (host shop.example.com, Prefix /), expected Service api port 8080',
    );
    expect(check(ingress, { routes: { host: 'other.example.com', to: { service: 'web', port: 80 } } }, services).message).toBe(
      'sends http://other.example.com/ nowhere: no rule matches it (its rules are for shop.example.com, not other.example.com) and there is no default backend, expected Service web port 80',
    );
    const nowhere = { routes: { host: 'other.example.com', path: '/', to: 'nowhere' } } as const;
    expect(check(ingress, nowhere, services)).toMatchObject({ ok: true, message: 'sends http://other.example.com/ nowhere' });
    const hostless = { kind: 'Ingress', spec: { rules: [{ http: ingress.spec.rules[0].http }] } };
    expect(check(hostless, nowhere, services).message).toBe(
      'also answers http://other.example.com/, sending it to Service web port 80 (any host, Prefix /): a rule without a host serves every host; expected only its own host',
    );
    const wildcard = { kind: 'Ingress', spec: { rules: [{ host: '*.example.com', http: ingress.spec.rules[0].http }] } };
    expect(check(wildcard, nowhere, services).message).toContain(': a wildcard host covers it;');
    const fallback = { kind: 'Ingress', spec: { ...ingress.spec, defaultBackend: { service: { name: 'web', port: { number: 80 } } } } };
    expect(check(fallback, nowhere, services).message).toContain(': a default backend answers whatever no rule matches;');
    const onlyApi = { kind: 'Ingress', spec: { rules: [{ host: 'shop.example.com', http: { paths: [ingress.spec.rules[0].http.paths[1]] } }] } };
    expect(check(onlyApi, { routes: { host: 'shop.example.com', path: '/', to: { service: 'web', port: 80 } } }, services).message).toBe(
      'sends http://shop.example.com/ nowhere: no rule matches it and there is no default backend, expected Service web port 80',
    );
  });
});

describe('decoded', () => {
  const secret = { kind: 'Secret', data: { password: Buffer.from('1234567').toString('base64'), user: Buffer.from('app\n').toString('base64'), bad: 'app!' } };

  it('applies length rules to the decoded value', () => {
    expect(check(secret, { path: 'data.password', decoded: true, minItems: 8 })).toMatchObject({ ok: false, message: 'data.password (decoded) has 7 characters, expected at least 8' });
    expect(check(secret, { path: 'data.password', minItems: 8 }).ok).toBe(true);
  });

  it('shows stray whitespace', () => {
    expect(check(secret, { path: 'data.user', decoded: true, equals: 'app' }).message).toBe('data.user (decoded) is "app\\n", expected "app": your value ends in a newline — use echo -n or --from-literal');
  });

  it('fails on text that is not base64 or not set', () => {
    expect(check(secret, { path: 'data.bad', decoded: true, equals: 'app' }).message).toBe('data.bad: "app!" is not base64');
    expect(check(secret, { path: 'data.none', decoded: true, equals: 'app' }).message).toBe('data.none is not set: the Secret has keys [password, user, bad]; expected none');
  });
});

describe('schema and registry', () => {
  it('takes one semantic operator per assertion', () => {
    expect(() => assertionSchema.parse({ image: 'nginx:1.27', equals: 'x' })).toThrow('give one operator per assertion, not equals and image');
    expect(() => assertionSchema.parse({ routes: { host: 'h', path: 'api', to: { service: 'a', port: 1 } } })).toThrow();
  });

  it('refuses operators that need cluster objects outside k8s.object', () => {
    const file = { type: 'file', file: 'svc.yaml', expect: [assertionSchema.parse({ reachesPort: 80 })] } as any;
    expect(unsupportedAssertion(file)).toBe('file cannot evaluate "reachesPort": it reads pods beside the object, which only k8s.object checks fetch');
    expect(unsupportedAssertion({ ...file, type: 'k8s.object' })).toBeNull();
    expect(unsupportedAssertion({ ...file, expect: [assertionSchema.parse({ image: 'nginx' })] })).toBeNull();
  });
});

describe('presentsFiles', () => {
  const volume = (secret: unknown) => ({ spec: { volumes: [{ name: 'db', secret }] } });
  const at = { path: 'spec.volumes[name=db]', presentsFiles: ['username', 'password'], label: 'the volume db' };

  it('counts every key of the source when items picks none, or the items listed', () => {
    expect(check(volume({ secretName: 'db-credentials' }), at)).toMatchObject({ ok: true, message: 'the volume db presents every key of its source' });
    expect(check(volume({ secretName: 'db-credentials', items: [{ key: 'password', path: 'password' }, { key: 'username', path: 'username' }] }), at).ok).toBe(true);
  });

  it('names the files items leaves out', () => {
    expect(check(volume({ secretName: 'db-credentials', items: [{ key: 'username', path: 'username' }] }), at).message).toBe('the volume db presents only username: its items leave out password');
    expect(check({ spec: { volumes: [{ name: 'db', emptyDir: {} }] } }, at).message).toBe('the volume db takes its files from no Secret or ConfigMap, expected username, password');
    expect(check({ spec: { volumes: [{ name: 'db', projected: { sources: [{ secret: { name: 'x', items: [{ key: 'password', path: 'pw' }] } }] } }] } }, at).message).toBe(
      'the volume db presents only pw: its items leave out username, password',
    );
  });
});

describe('scalesDownAtMost', () => {
  const hpa = (scaleDown: unknown) => ({ kind: 'HorizontalPodAutoscaler', spec: { maxReplicas: 8, behavior: { scaleDown } } });
  const want = { scalesDownAtMost: { pods: 1, perSeconds: 60 } };

  it('passes one Pod per minute', () => {
    expect(check(hpa({ policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }), want)).toMatchObject({ ok: true, message: 'scales down by up to 1 Pod(s) per 60 s at 8 replicas (Pods 1 per 60 s)' });
  });

  it('names the policy that lets it scale down faster', () => {
    expect(check(hpa({ policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }, { type: 'Percent', value: 100, periodSeconds: 15 }] }), want).message).toBe(
      'scales down by up to 8 Pod(s) per 60 s at 8 replicas (Percent 100 % per 15 s, chosen by selectPolicy Max), expected at most 1 Pod(s) per 60 s',
    );
    expect(check(hpa({ selectPolicy: 'Disabled' }), want).message).toBe('never scales down (selectPolicy Disabled), expected at most 1 Pod(s) per 60 s');
  });
});

describe('rollingUpdate', () => {
  const web = (rollingUpdate: Record<string, unknown>, replicas = 3) => ({ kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, strategy: { type: 'RollingUpdate', rollingUpdate } } });
  const want = { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };

  it('reads percentages as the Pod counts the controller resolves', () => {
    expect(check(web({ maxSurge: 1, maxUnavailable: 0 }), want)).toMatchObject({ ok: true, message: 'adds up to 1 Pod beyond the replicas (maxSurge 1) and lets no Pods go unavailable (maxUnavailable 0) during a rollout' });
    expect(check(web({ maxSurge: '33%', maxUnavailable: '0%' }), want).ok).toBe(true);
    expect(check(web({ maxSurge: '25%', maxUnavailable: '25%' }), want).ok).toBe(true);
  });

  it('names the Pods a limit lets go or adds', () => {
    expect(check(web({ maxSurge: 1, maxUnavailable: '34%' }), want)).toMatchObject({
      ok: false,
      verbPhrase: true,
      message: 'lets 1 of 3 Pods go unavailable (maxUnavailable "34%" of 3 replicas, rounded down) during a rollout: the task allows none',
    });
    expect(check(web({ maxSurge: '50%', maxUnavailable: 0 }), want).message).toBe('adds up to 2 Pods beyond the replicas (maxSurge "50%" of 3 replicas, rounded up) during a rollout, expected up to 1');
    expect(check(web({ maxUnavailable: 0 }, 8), want).message).toBe('adds up to 2 Pods beyond the replicas (maxSurge "25%" (the default) of 8 replicas, rounded up) during a rollout, expected up to 1');
  });

  it('fails Recreate, which stops every Pod first', () => {
    expect(check({ kind: 'Deployment', spec: { replicas: 3, strategy: { type: 'Recreate' } } }, want).message).toBe(
      'replaces its Pods with strategy Recreate: it stops all 3 old Pods before starting new ones, expected a rolling update with up to 1 extra Pod(s) and 0 Pod(s) unavailable',
    );
  });
});

describe('mounts', () => {
  const pg = (volumes: unknown[], volumeMounts: unknown[]) => ({ kind: 'Deployment', spec: { template: { spec: { volumes, containers: [{ name: 'pg', volumeMounts }] } } } });
  const want = { path: 'spec.template.spec.containers[0]', mounts: { path: '/var/lib/postgresql/data', from: { persistentVolumeClaim: { claimName: 'postgres-data' } } }, label: 'the postgres container' };
  const claim = { name: 'data', persistentVolumeClaim: { claimName: 'postgres-data' } };

  it('follows the mount to its volume', () => {
    expect(check(pg([claim], [{ name: 'data', mountPath: '/var/lib/postgresql/data' }]), want)).toMatchObject({ ok: true, message: 'the postgres container mounts the claim postgres-data at /var/lib/postgresql/data' });
  });

  it('says what is mounted there instead', () => {
    expect(check(pg([claim, { name: 'scratch', emptyDir: {} }], [{ name: 'scratch', mountPath: '/var/lib/postgresql/data' }]), want).message).toBe(
      'the postgres container mounts an emptyDir at /var/lib/postgresql/data, expected the claim postgres-data',
    );
    expect(check(pg([claim], [{ name: 'data', mountPath: '/data' }]), want).message).toBe(
      'the postgres container mounts nothing at /var/lib/postgresql/data (it mounts data at /data), expected the claim postgres-data there',
    );
  });

  it('checks the mode when asked', () => {
    const ro = { ...want, mounts: { ...want.mounts, readOnly: true } };
    expect(check(pg([claim], [{ name: 'data', mountPath: '/var/lib/postgresql/data' }]), ro).message).toBe(
      'the postgres container mounts the claim postgres-data at /var/lib/postgresql/data writable (readOnly is not true), expected it read-only',
    );
    expect(check(pg([claim], [{ name: 'data', mountPath: '/var/lib/postgresql/data', readOnly: true }]), ro).ok).toBe(true);
  });

  it('reads a claim the volume makes read-only as read-only', () => {
    const rw = { ...want, mounts: { ...want.mounts, readOnly: false } };
    const roClaim = { name: 'data', persistentVolumeClaim: { claimName: 'postgres-data', readOnly: true } };
    expect(check(pg([roClaim], [{ name: 'data', mountPath: '/var/lib/postgresql/data' }]), rw).message).toBe(
      "the postgres container mounts the claim postgres-data at /var/lib/postgresql/data read-only (the volume's persistentVolumeClaim.readOnly is true), expected it writable",
    );
  });

  it('takes a projected Secret source and a trailing slash as the Secret mounted there', () => {
    const db = { ...want, mounts: { path: '/etc/db', from: { secret: { secretName: 'db-credentials' } } }, label: 'the container' };
    const projected = { name: 'db', projected: { sources: [{ secret: { name: 'db-credentials' } }] } };
    expect(check(pg([projected], [{ name: 'db', mountPath: '/etc/db/' }]), db)).toMatchObject({ ok: true, message: 'the container mounts a projected volume of the Secret db-credentials, read-only at /etc/db' });
    expect(check(pg([{ name: 'db', projected: { sources: [{ secret: { name: 'other' } }] } }], [{ name: 'db', mountPath: '/etc/db' }]), db).ok).toBe(false);
  });

  it('fails a subPath of a Secret, which puts one file at the mount path', () => {
    const db = { ...want, mounts: { path: '/etc/db', from: { secret: { secretName: 'db-credentials' } } }, label: 'the container' };
    expect(check(pg([{ name: 'db', secret: { secretName: 'db-credentials' } }], [{ name: 'db', mountPath: '/etc/db', subPath: 'password' }]), db).message).toBe(
      'the container mounts only "password" of the Secret db-credentials at /etc/db (subPath): /etc/db is then that one file, not a folder holding every file of the Secret db-credentials',
    );
    expect(check(pg([claim], [{ name: 'data', mountPath: '/var/lib/postgresql/data', subPath: 'pgdata' }]), want).ok).toBe(true);
  });

  it('asks that two containers share the same folder of the same volume', () => {
    const pod = (shipperMount: Record<string, unknown>, volumes: unknown[] = [{ name: 'logs', emptyDir: {} }]) => ({
      kind: 'Pod',
      spec: {
        volumes,
        containers: [
          { name: 'log-shipper', image: 'busybox:1.37', volumeMounts: [shipperMount] },
          { name: 'web', image: 'nginx:1.30', volumeMounts: [{ name: 'logs', mountPath: '/var/log/nginx' }] },
        ],
      },
    });
    const shared = { path: 'spec.containers[name=log-shipper]', mounts: { path: '/logs', from: { emptyDir: {} }, sameVolumeAs: { container: 'spec.containers[image=nginx]', path: '/var/log/nginx' } }, label: 'the log-shipper container' };
    expect(check(pod({ name: 'logs', mountPath: '/logs' }), shared).ok).toBe(true);
    expect(check(pod({ name: 'own', mountPath: '/logs' }, [{ name: 'logs', emptyDir: {} }, { name: 'own', emptyDir: {} }]), shared).message).toBe(
      'the log-shipper container mounts volume own at /logs, but container web mounts volume logs at /var/log/nginx: they see different files, so what web writes there never reaches the log-shipper container',
    );
    expect(check(pod({ name: 'logs', mountPath: '/logs', subPath: 'shipper' }), shared).message).toContain('mounts volume logs (subPath shipper) at /logs, but container web mounts volume logs at /var/log/nginx');
  });
});

describe('allows and denies', () => {
  const policy = {
    kind: 'NetworkPolicy',
    metadata: { name: 'web-allow-frontend' },
    spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 'http' }] }] },
  };
  const related: Related = {
    networkPolicies: [policy],
    namespaceLabels: { 'kubernetes.io/metadata.name': 'lab' },
    pods: [{ from: 'the Pod template of Deployment web', labels: { app: 'web' }, spec: deployment.spec.template.spec }],
  };

  it('judges every policy of the namespace, named ports through the destination Pods', () => {
    expect(check(policy, { allows: { from: { app: 'frontend' }, to: { app: 'web' }, port: 80 } }, related)).toMatchObject({
      ok: true,
      message: `lets Pods labelled app=frontend reach Pods labelled app=web on TCP port 80: web-allow-frontend's ingress[0] admits Pods app=frontend of its own namespace on TCP port "http"`,
    });
    expect(check(policy, { denies: { from: { app: 'other' }, to: { app: 'web' }, port: 80 } }, related).ok).toBe(true);
  });

  it('says what the policies do when the verdict is wrong', () => {
    expect(check(policy, { allows: { from: { app: 'frontend' }, to: { app: 'web' }, port: 8080 } }, related)).toMatchObject({
      ok: false,
      expected: 'allowed',
      actual: 'denied',
      message: `does not let Pods labelled app=frontend reach Pods labelled app=web on TCP port 8080: web-allow-frontend's ingress[0] admits Pods app=frontend of its own namespace on TCP port "http", expected it to`,
    });
    expect(check(policy, { denies: { from: { app: 'frontend' }, fromNamespace: { 'kubernetes.io/metadata.name': 'lab' }, to: { app: 'web' }, port: 80 } }, related).message).toBe(
      `lets Pods labelled app=frontend reach Pods labelled app=web on TCP port 80: web-allow-frontend's ingress[0] admits Pods app=frontend of its own namespace on TCP port "http", expected it not to`,
    );
  });

  it('is refused by checks that do not read the namespace', () => {
    expect(unsupportedAssertion({ type: 'compose', file: 'compose.yaml', expect: [{ path: '', allows: { from: {}, to: {}, port: 1 } }] } as any)).toBe(
      'compose cannot evaluate "allows": it reads pods and networkPolicies and namespaceLabels beside the object, which only k8s.object checks fetch',
    );
  });
});

describe('capabilities', () => {
  const pod = (securityContext: unknown) => ({ kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'web', securityContext }] } } } });
  const none = { path: 'spec.template.spec', capabilities: { exactly: [], privilegeEscalation: false } };

  it('passes a container that drops ALL and cannot gain privileges', () => {
    expect(check(pod({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }), none)).toMatchObject({ ok: true, message: 'container(s) web have no capabilities and cannot gain privileges' });
  });

  it('says which capabilities the container still has, and how', () => {
    expect(check(pod({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } }), none).message).toBe('container web has NET_ADMIN: it drops ALL, then adds NET_ADMIN back, expected no capabilities');
    expect(check(pod({ allowPrivilegeEscalation: false, capabilities: { drop: ['NET_RAW'] } }), none).message).toBe(
      'container web has AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT: it drops NET_RAW, expected no capabilities',
    );
    expect(check(pod({ privileged: true, capabilities: { drop: ['ALL'] } }), none).message).toBe('container web has every capability: it runs privileged, expected no capabilities');
    expect(check(pod({ capabilities: { drop: ['ALL'] } }), none).message).toBe('container web can gain privileges: allowPrivilegeEscalation is not set (it defaults to true)');
  });
});

describe('pid1', () => {
  const image = (Entrypoint: unknown, Cmd: unknown) => ({ Config: { Entrypoint, Cmd } });

  it('passes node behind the official entrypoint, and says what PID 1 is otherwise', () => {
    expect(check(image(['docker-entrypoint.sh'], ['node', 'server.js']), { pid1: 'node' })).toMatchObject({ ok: true, message: 'runs node as PID 1 (docker-entrypoint.sh execs its arguments, node runs directly)' });
    expect(check(image(['docker-entrypoint.sh'], ['npm', 'start']), { pid1: 'node' }).message).toBe(
      `runs npm as PID 1, not node: docker-entrypoint.sh execs its arguments, npm runs "start" through a shell, so the app is its grandchild; node does not get docker stop's SIGTERM`,
    );
    expect(check(image(null, ['/bin/sh', '-c', 'node server.js']), { pid1: 'node' }).message).toBe(
      `runs sh as PID 1, not node: a shell (/bin/sh -c) runs "node server.js" as its child; node does not get docker stop's SIGTERM`,
    );
  });
});
