import { describe, expect, it } from 'vitest';
import { assertionSchema, type Assertion } from '../schemas/assertion.ts';
import { evaluateAssertion } from './assert.ts';

const parse = (a: Record<string, unknown>) => assertionSchema.parse(a);
const check = (subject: unknown, a: Record<string, unknown>, siblings: Record<string, unknown>[] = []) => {
  const all: Assertion[] = [parse(a), ...siblings.map(parse)];
  return evaluateAssertion(subject, all[0]!, undefined, all).message;
};
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('messages name the likely cause', () => {
  it('a ConfigMap made with --from-file: its one key holds the whole file', () => {
    const cm = { kind: 'ConfigMap', metadata: { name: 'app-config' }, data: { 'app.env': 'LOG_LEVEL=info\nCACHE_TTL=300\n' } };
    expect(check(cm, { path: 'data.LOG_LEVEL', equals: 'info' }, [{ path: 'data.CACHE_TTL', equals: '300' }])).toBe(
      'data.LOG_LEVEL is not set, expected "info": the ConfigMap has keys [app.env]; expected LOG_LEVEL, CACHE_TTL — use --from-env-file (--from-file stores the whole file under one key)',
    );
  });

  it('a ConfigMap with no data at all, or a misspelt key', () => {
    expect(check({ kind: 'ConfigMap' }, { path: 'data.LOG_LEVEL', equals: 'info' })).toBe('data.LOG_LEVEL is not set, expected "info": the ConfigMap has no keys; expected LOG_LEVEL');
    expect(check({ kind: 'ConfigMap', data: { LOG_LEVLE: 'info' } }, { path: 'data.LOG_LEVEL', equals: 'info' })).toBe(
      'data.LOG_LEVEL is not set, expected "info": the ConfigMap has keys [LOG_LEVLE]; expected LOG_LEVEL — LOG_LEVLE looks like a misspelling of LOG_LEVEL',
    );
  });

  it('a Secret made from a file: the decoded file holds the expected keys', () => {
    const secret = { kind: 'Secret', data: { 'db.env': b64('username=app\npassword=x\n') } };
    expect(check(secret, { path: 'data.username', decoded: true, equals: 'app' }, [{ path: 'data.password', decoded: true, equals: 'x' }])).toBe(
      'data.username is not set: the Secret has keys [db.env]; expected username, password — use --from-env-file (--from-file stores the whole file under one key)',
    );
  });

  it('a Secret value encoded with echo | base64 shows its newline and says why', () => {
    const secret = { kind: 'Secret', data: { username: b64('app\n') } };
    expect(check(secret, { path: 'data.username', decoded: true, equals: 'app' })).toBe(
      'data.username (decoded) is "app\\n", expected "app": your value ends in a newline — use echo -n or --from-literal',
    );
    expect(check({ kind: 'Secret', data: { username: b64('app ') } }, { path: 'data.username', decoded: true, equals: 'app' })).toBe(
      'data.username (decoded) is "app ", expected "app": your value ends in a space — remove it (quote the value in YAML)',
    );
  });

  it('a value base64-encoded twice (stringData given base64)', () => {
    expect(check({ kind: 'Secret', data: { password: b64(b64('S3cure-Pa55')) } }, { path: 'data.password', decoded: true, equals: 'S3cure-Pa55' })).toBe(
      `data.password (decoded) is "${b64('S3cure-Pa55')}", expected "S3cure-Pa55": the value is base64-encoded twice — under stringData: write plain text, under data: encode once`,
    );
  });

  it('says one unit in the singular (1G is 1 gigabyte)', () => {
    const claim = { spec: { resources: { requests: { storage: '1G' } } } };
    expect(check(claim, { path: 'spec.resources.requests.storage', equals: '1Gi' })).toBe(
      'spec.resources.requests.storage is "1G", expected "1Gi": 1G is 1 gigabyte (1,000,000,000 bytes); 1Gi is 1 gibibyte (1,073,741,824 bytes) — write Gi, not G',
    );
  });

  it('memory in megabytes where mebibytes were asked, CPU without the m', () => {
    const pod = { spec: { containers: [{ resources: { limits: { memory: '128M', cpu: '500' } } }] } };
    expect(check(pod, { path: 'spec.containers[0].resources.limits.memory', equals: '128Mi' })).toBe(
      'spec.containers[0].resources.limits.memory is "128M", expected "128Mi": 128M is 128 megabytes (128,000,000 bytes); 128Mi is 128 mebibytes (134,217,728 bytes) — write Mi, not M',
    );
    expect(check(pod, { path: 'spec.containers[0].resources.limits.cpu', equals: '500m' })).toBe(
      'spec.containers[0].resources.limits.cpu is "500", expected "500m": 500 is 500 whole CPUs; 500m is 0.5 of a CPU — add the m',
    );
  });

  it('decimal bytes where binary ones were asked', () => {
    expect(check({ max: '64000000' }, { path: 'max', equals: 67108864 })).toBe(
      'max is "64000000", expected 67108864: 64,000,000 bytes is 64 megabytes; 64 mebibytes is 64 × 1,048,576 = 67,108,864 bytes',
    );
  });

  it('an image without its tag', () => {
    expect(check({ image: 'nginx' }, { path: 'image', equals: 'nginx:1.27' })).toBe('image is "nginx", expected "nginx:1.27": an image without a tag means :latest — write nginx:1.27');
    expect(check({ image: 'nginx:1.26' }, { path: 'image', equals: 'nginx:1.27' })).toBe('image is "nginx:1.26", expected "nginx:1.27"');
  });

  it('a label key misspelt, or a value in the wrong case', () => {
    const d = { metadata: { labels: { apps: 'web' } } };
    expect(check(d, { path: 'metadata.labels.app', equals: 'web' })).toBe('metadata.labels.app is not set, expected "web": metadata.labels has apps: "web" — keys are matched exactly; expected app');
    expect(check({ metadata: { labels: { app: 'Web' } } }, { path: 'metadata.labels.app', equals: 'web' })).toBe('metadata.labels.app is "Web", expected "web": values are case-sensitive');
  });

  it('the right value under another key', () => {
    expect(check({ metadata: { labels: { app: 'web', role: 'frontend' } } }, { path: 'metadata.labels.tier', equals: 'frontend' })).toBe(
      'metadata.labels.tier is not set, expected "frontend": metadata.labels has role: "frontend" — the value is right, the key should be tier',
    );
  });

  it('a port name where a number was asked', () => {
    expect(check({ spec: { ports: [{ targetPort: 'http' }] } }, { path: 'spec.ports[0].targetPort', equals: 8080 })).toBe(
      'spec.ports[0].targetPort is "http", expected 8080: "http" is a port name, not a number — write the number 8080',
    );
  });

  it('says nothing when no cause is known', () => {
    expect(check({ spec: { replicas: 2 } }, { path: 'spec.replicas', equals: 3 })).toBe('spec.replicas is 2, expected 3');
    expect(check({ metadata: { labels: { team: 'red' } } }, { path: 'metadata.labels.tier', equals: 'frontend' })).toBe('metadata.labels.tier is not set, expected "frontend"');
  });
});
