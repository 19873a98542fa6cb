import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { judgeConfigRefs } from './config-refs.ts';

/** The lab's own manifests (the fields read here are stored by the API server as written). */
function load(file: string) {
  const docs = parseAllDocuments(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8')).map((d) => d.toJSON());
  const deployment = docs.find((d) => d.kind === 'Deployment');
  const configMaps = new Map(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [d.metadata.name, d]));
  return { deployment, sources: { configMaps, secrets: new Map<string, any>() } };
}

const options = { deployment: 'api', env: ['DB_HOST', 'LOG_LEVEL'] };

describe('config-refs', () => {
  it('fails the starter: the key the env names is not in the ConfigMap, and says which keys are', () => {
    const { deployment, sources } = load('starter/api.yaml');
    expect(judgeConfigRefs(deployment, sources, options)).toEqual({
      status: 'fail',
      message: 'Deployment api: container api cannot start (CreateContainerConfigError): DB_HOST refers to key "DB_HOST" of ConfigMap api-config, which has no such key (its keys: DATABASE_HOST, LOG_LEVEL)',
      expected: 'every reference resolves',
      actual: 'DB_HOST refers to key "DB_HOST" of ConfigMap api-config, which has no such key (its keys: DATABASE_HOST, LOG_LEVEL)',
    });
  });

  it('passes the solution (reference corrected) and the other fix (key added to the ConfigMap)', () => {
    const solved = load('solution/api.yaml');
    expect(judgeConfigRefs(solved.deployment, solved.sources, options)).toMatchObject({ status: 'pass' });
    const starter = load('starter/api.yaml');
    starter.sources.configMaps.get('api-config').data.DB_HOST = 'postgres.internal';
    expect(judgeConfigRefs(starter.deployment, starter.sources, options)).toMatchObject({
      status: 'pass',
      message: 'Deployment api: every ConfigMap and Secret reference resolves and DB_HOST, LOG_LEVEL are set',
    });
  });

  it('accepts envFrom with the variables, and refuses one from a missing source', () => {
    const { deployment, sources } = load('starter/api.yaml');
    const container = deployment.spec.template.spec.containers[0];
    container.env = [];
    container.envFrom = [{ configMapRef: { name: 'api-config' } }];
    sources.configMaps.get('api-config').data.DB_HOST = 'postgres.internal';
    expect(judgeConfigRefs(deployment, sources, options).status).toBe('pass');
    container.envFrom = [{ configMapRef: { name: 'api-settings' } }];
    expect(judgeConfigRefs(deployment, sources, options).message).toBe(
      'Deployment api: container api cannot start (CreateContainerConfigError): envFrom refers to ConfigMap api-settings, which does not exist',
    );
  });

  it('fails the known-wrong fixes: optional reference, variable deleted, ConfigMap missing', () => {
    const optional = load('wrong/optional-ref/api.yaml');
    expect(judgeConfigRefs(optional.deployment, optional.sources, options).message).toContain('optional: true only hides the error');
    const removed = load('wrong/env-removed/api.yaml');
    expect(judgeConfigRefs(removed.deployment, removed.sources, options).message).toBe(
      'Deployment api: no container sets the environment variable DB_HOST (spec.template.spec.containers[].env); the app needs it',
    );
    const starter = load('starter/api.yaml');
    starter.sources.configMaps.clear();
    expect(judgeConfigRefs(starter.deployment, starter.sources, options).message).toBe(
      'Deployment api: container api cannot start (CreateContainerConfigError): DB_HOST refers to ConfigMap api-config, which does not exist; LOG_LEVEL refers to ConfigMap api-config, which does not exist',
    );
  });
});
