import { describe, expect, it } from 'vitest';
import { labSchema } from '../../checker/schemas/lab.ts';
import { buildKubernetesSchema, kindsInChecks, kindsInManifests, openApiPath, uniqueKinds, type OpenApiDocument } from './kube-schema.ts';

/** The shape of the API server's /openapi/v3/apis/apps/v1, cut down to what matters. */
const apps: OpenApiDocument = {
  components: {
    schemas: {
      'io.k8s.api.apps.v1.Deployment': {
        type: 'object',
        properties: {
          apiVersion: { type: 'string', description: 'APIVersion defines…' },
          kind: { type: 'string' },
          metadata: { default: {}, allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }] },
          spec: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }] },
        },
        'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
      },
      'io.k8s.api.apps.v1.DeploymentSpec': {
        type: 'object',
        required: ['selector'],
        properties: {
          replicas: { type: 'integer', format: 'int32' },
          strategy: { properties: { maxSurge: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString' }] } }, type: 'object' },
          selector: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { matchLabels: { type: 'object', additionalProperties: { type: 'string' } } } },
        },
      },
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions': {
        type: 'object',
        'x-kubernetes-group-version-kind': [
          { group: 'apps', kind: 'DeleteOptions', version: 'v1' },
          { group: '', kind: 'DeleteOptions', version: 'v1' },
        ],
      },
      'io.k8s.api.apps.v1.Unused': { type: 'object' },
    },
  },
};

describe('buildKubernetesSchema', () => {
  const { schema, missing } = buildKubernetesSchema([apps], [{ apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'v1', kind: 'Pod' }]);

  it('is a oneOf over the kinds found by x-kubernetes-group-version-kind, with what they reference', () => {
    expect(schema.oneOf).toEqual([{ $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' }]);
    expect(Object.keys(schema.definitions).sort()).toEqual([
      'io.k8s.api.apps.v1.Deployment',
      'io.k8s.api.apps.v1.DeploymentSpec',
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
    ]);
    expect(missing).toEqual([{ apiVersion: 'v1', kind: 'Pod' }]);
  });

  it('pins apiVersion and kind, and requires them', () => {
    const d = schema.definitions['io.k8s.api.apps.v1.Deployment'];
    expect(d.properties.apiVersion).toEqual({ type: 'string', description: 'APIVersion defines…', enum: ['apps/v1'] });
    expect(d.properties.kind).toEqual({ type: 'string', enum: ['Deployment'] });
    expect(d.required).toEqual(['apiVersion', 'kind']);
  });

  it('rewrites $refs into definitions and refuses unknown fields unless the API keeps them', () => {
    const spec = schema.definitions['io.k8s.api.apps.v1.DeploymentSpec'];
    expect(spec.additionalProperties).toBe(false);
    expect(spec.properties.strategy.additionalProperties).toBe(false);
    expect(spec.properties.strategy.properties.maxSurge.allOf[0].$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString');
    expect(spec.properties.selector.additionalProperties).toBeUndefined();
    expect(spec.properties.selector.properties.matchLabels.additionalProperties).toEqual({ type: 'string' });
    expect(JSON.stringify(schema)).not.toContain('#/components/');
  });

  it('does not change the documents it read', () => {
    expect(apps.components!.schemas!['io.k8s.api.apps.v1.Deployment'].properties.kind).toEqual({ type: 'string' });
  });
});

describe('kinds in use', () => {
  it('reads apiVersion and kind of every document, skipping broken ones', () => {
    const texts = ['apiVersion: apps/v1\nkind: Deployment\n---\napiVersion: v1\nkind: Service\n', 'kind: [unclosed', 'just: a map\n', 'apiVersion: v1\nkind: Service\n'];
    expect(kindsInManifests(texts)).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'v1', kind: 'Service' },
    ]);
  });

  it('reads the kinds a lab checks', () => {
    const lab = labSchema.parse({
      id: 'x',
      title: 'x',
      lesson: 'kubernetes/x',
      environments: ['kubernetes'],
      minutes: 1,
      solution: [{ run: 'true' }],
      tasks: [
        { id: 'a', title: 'a', checks: [{ type: 'k8s.object', kind: 'ConfigMap', name: 'c' }, { type: 'k8s.rollout', deployment: 'web' }] },
        { id: 'b', title: 'b', checks: [{ type: 'k8s.object', kind: 'Widget', apiVersion: 'example.com/v1', name: 'w' }, { type: 'k8s.object', kind: 'Mystery', name: 'm' }] },
      ],
    });
    expect(kindsInChecks(lab)).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'example.com/v1', kind: 'Widget' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    ]);
  });

  it('knows where each group version lives in /openapi/v3', () => {
    expect(openApiPath('v1')).toBe('api/v1');
    expect(openApiPath('networking.k8s.io/v1')).toBe('apis/networking.k8s.io/v1');
    expect(uniqueKinds([{ apiVersion: 'v1', kind: 'Pod' }, { apiVersion: 'v1', kind: 'Pod' }])).toHaveLength(1);
  });
});
