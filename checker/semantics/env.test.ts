import { describe, expect, it } from 'vitest';
import { effectiveEnv, expandEnvValue, judgeEnv, sourcesByName } from './env.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { assertionSchema } from '../schemas/assertion.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const sources = sourcesByName(
  [
    { metadata: { name: 'api-config' }, data: { DATABASE_HOST: 'postgres.internal', LOG_LEVEL: 'info' } },
    { metadata: { name: 'worker-config' }, data: { WORKER_MODE: 'batch' } },
    { metadata: { name: 'web-config' }, data: { DATABASE_HOST: 'postgres', REDIS_HOST: 'redis', 'not a name': 'x' } },
  ],
  [{ metadata: { name: 'db-credentials' }, data: { POSTGRES_PASSWORD: b64('s3cret-passw0rd'), POSTGRES_USER: b64('shop') } }],
);
const value = (container: any, name: string) => effectiveEnv(container, sources).vars.get(name)?.value;

describe('effectiveEnv', () => {
  it('reads envFrom with its prefix, Secret values decoded, and skips keys that are no variable name', () => {
    const env = effectiveEnv({ envFrom: [{ configMapRef: { name: 'web-config' } }, { prefix: 'DB_', secretRef: { name: 'db-credentials' } }] }, sources);
    expect(env.vars.get('REDIS_HOST')).toEqual({ name: 'REDIS_HOST', value: 'redis', origin: { kind: 'ConfigMap', name: 'web-config', key: 'REDIS_HOST', via: 'envFrom' } });
    expect(env.vars.get('DB_POSTGRES_USER')?.value).toBe('shop');
    expect(env.vars.has('not a name')).toBe(false);
  });

  it('lets env override envFrom and a later envFrom override an earlier one', () => {
    expect(value({ envFrom: [{ configMapRef: { name: 'api-config' } }, { configMapRef: { name: 'web-config' } }] }, 'DATABASE_HOST')).toBe('postgres');
    expect(value({ envFrom: [{ configMapRef: { name: 'web-config' } }], env: [{ name: 'DATABASE_HOST', value: 'db' }] }, 'DATABASE_HOST')).toBe('db');
  });

  it('resolves configMapKeyRef and secretKeyRef, and expands $(VAR) in a value against what is defined before it', () => {
    const c = {
      envFrom: [{ configMapRef: { name: 'web-config' } }],
      env: [
        { name: 'HOST', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'DATABASE_HOST' } } },
        { name: 'URL', value: 'postgres://$(HOST):5432/$(REDIS_HOST)?$(LATER)&$$(HOST)' },
        { name: 'LATER', value: 'x' },
      ],
    };
    expect(value(c, 'URL')).toBe('postgres://postgres.internal:5432/redis?$(LATER)&$(HOST)');
    expect(expandEnvValue('$(A)', new Map())).toEqual({ text: '$(A)', known: true });
  });

  it('names references that stop the container, and optional ones that leave the variable unset', () => {
    const env = effectiveEnv(
      {
        envFrom: [{ configMapRef: { name: 'gone' } }, { configMapRef: { name: 'gone-too', optional: true } }],
        env: [
          { name: 'DB_HOST', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'DB_HOST' } } },
          { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'api-config', key: 'DB_HOST', optional: true } } },
        ],
      },
      sources,
    );
    expect(env.blocking).toEqual([
      'envFrom refers to ConfigMap gone, which does not exist',
      'DB_HOST refers to key "DB_HOST" of ConfigMap api-config, which has no such key (its keys: DATABASE_HOST, LOG_LEVEL)',
    ]);
    expect(env.vars.has('OPT')).toBe(false);
    expect(env.skipped.map((s) => s.name)).toEqual([undefined, 'OPT']);
  });

  it('knows the source but not the value when the objects cannot be read', () => {
    const env = effectiveEnv({ env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'POSTGRES_PASSWORD' } } }] });
    expect(env.vars.get('P')).toEqual({ name: 'P', origin: { kind: 'Secret', name: 'db-credentials', key: 'POSTGRES_PASSWORD', via: 'env' } });
  });
});

describe('judgeEnv', () => {
  const worker = (env: any) => ({ name: 'worker', ...env });

  it('accepts WORKER_MODE from a ConfigMap as well as a plain value (fix-crashloop)', () => {
    const want = { name: 'WORKER_MODE', equals: 'batch' };
    expect(judgeEnv(worker({ env: [{ name: 'WORKER_MODE', valueFrom: { configMapKeyRef: { name: 'worker-config', key: 'WORKER_MODE' } } }] }), want, sources)).toMatchObject({
      ok: true,
      message: 'container worker sets WORKER_MODE to "batch" from key WORKER_MODE of ConfigMap worker-config',
    });
    expect(judgeEnv(worker({ env: [{ name: 'WORKER_MODE', value: 'batch' }] }), want, sources).ok).toBe(true);
    expect(judgeEnv(worker({ env: [{ name: 'WORKER_MODE', value: 'stream' }] }), want, sources).message).toBe(
      'container worker sets WORKER_MODE to "stream" from a value written in the manifest (env[].value), expected "batch"',
    );
    expect(judgeEnv(worker({}), want, sources).message).toBe('container worker does not set WORKER_MODE (neither env nor envFrom defines it), expected "batch"');
  });

  it('accepts DATABASE_HOST through envFrom (capstone web)', () => {
    const c = worker({ envFrom: [{ configMapRef: { name: 'web-config' } }] });
    expect(judgeEnv(c, { name: 'DATABASE_HOST', matches: /^postgres(\..+)?$/ }, sources).ok).toBe(true);
  });

  it('requires DB_HOST from the ConfigMap, with the database host (fix-config-ref)', () => {
    const want = { name: 'DB_HOST', equals: 'postgres.internal', from: { configMap: 'api-config' } };
    const ref = (key: string) => worker({ name: 'api', env: [{ name: 'DB_HOST', valueFrom: { configMapKeyRef: { name: 'api-config', key } } }] });
    expect(judgeEnv(ref('DATABASE_HOST'), want, sources).ok).toBe(true);
    expect(judgeEnv(ref('LOG_LEVEL'), want, sources).message).toBe('container api sets DB_HOST to "info" from key LOG_LEVEL of ConfigMap api-config, expected "postgres.internal"');
    expect(judgeEnv(worker({ name: 'api', env: [{ name: 'DB_HOST', value: 'localhost' }] }), want, sources).message).toBe(
      'container api sets DB_HOST to "localhost" from a value written in the manifest (env[].value), expected it from ConfigMap api-config',
    );
    expect(judgeEnv(worker({ name: 'api', env: [{ name: 'DB_HOST', value: '' }] }), want, sources).ok).toBe(false);
    expect(judgeEnv(ref('DB_HOST'), want, sources).message).toBe(
      'container api cannot start (CreateContainerConfigError): DB_HOST refers to key "DB_HOST" of ConfigMap api-config, which has no such key (its keys: DATABASE_HOST, LOG_LEVEL)',
    );
  });

  it('never prints a value that comes from a Secret', () => {
    const c = worker({ env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'POSTGRES_USER' } } }] });
    const r = judgeEnv(c, { name: 'PW', from: { secret: 'db-credentials', key: 'POSTGRES_PASSWORD' } }, sources);
    expect(r.message).toBe('container worker sets PW to a Secret value from key POSTGRES_USER of Secret db-credentials, expected it from key POSTGRES_PASSWORD of Secret db-credentials');
  });
});

describe('the env assertion operator', () => {
  const deployment = {
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { template: { spec: { containers: [{ name: 'web', envFrom: [{ configMapRef: { name: 'web-config' } }] }] } } },
  };
  const check = (a: Record<string, unknown>) => evaluateAssertion(deployment, assertionSchema.parse(a), { envSources: sources });

  it('reads the variable through envFrom and names where it comes from', () => {
    expect(check({ path: 'spec.template.spec.containers[0]', env: { name: 'REDIS_HOST', matches: '^redis(\\..+)?$' } })).toMatchObject({
      ok: true,
      message: 'container web sets REDIS_HOST to "redis" from key REDIS_HOST of ConfigMap web-config (envFrom)',
    });
    expect(check({ path: 'spec.template.spec.containers[0]', label: 'the web container', env: { name: 'DATABASE_HOST', equals: 'db', from: { configMap: 'web-config' } } }).message).toBe(
      'the web container sets DATABASE_HOST to "postgres" from key DATABASE_HOST of ConfigMap web-config (envFrom), expected "db"',
    );
  });

  it('is refused without a value, source or a ConfigMap and a Secret at once', () => {
    expect(() => assertionSchema.parse({ env: { name: 'A', from: { configMap: 'a', secret: 'b' } } })).toThrow();
    expect(() => assertionSchema.parse({ env: { name: 'A', equals: 'a', matches: 'a' } })).toThrow();
    expect(() => evaluateAssertion(deployment, assertionSchema.parse({ path: 'spec.template.spec.containers[0]', env: { name: 'A' } }))).toThrow(/k8s.object/);
  });
});
