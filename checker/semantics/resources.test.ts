import { describe, expect, it } from 'vitest';
import { effectiveResources, withEffectiveResources } from './resources.ts';

describe('effectiveResources', () => {
  it('gives each limit without a request that limit as its request, as the API server does for Pods', () => {
    expect(effectiveResources({ limits: { cpu: '100m' } })).toEqual({ limits: { cpu: '100m' }, requests: { cpu: '100m' } });
    expect(effectiveResources({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '250m' } })).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '250m', memory: '256Mi' },
    });
    expect(effectiveResources({ requests: { cpu: '100m' } })).toEqual({ requests: { cpu: '100m' } });
    expect(effectiveResources(undefined)).toBeUndefined();
  });

  it('reads a Deployment\'s Pod template, a CronJob\'s and a Pod alike, leaving the object itself alone', () => {
    const deployment = { kind: 'Deployment', spec: { replicas: 1, template: { spec: { containers: [{ name: 'web', resources: { limits: { cpu: '100m' } } }] } } } };
    expect(withEffectiveResources(deployment).spec.template.spec.containers[0]!.resources).toEqual({ limits: { cpu: '100m' }, requests: { cpu: '100m' } });
    expect(deployment.spec.template.spec.containers[0]!.resources).toEqual({ limits: { cpu: '100m' } });
    const cron: any = { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { containers: [{ resources: { limits: { memory: '1Gi' } } }] } } } } } };
    expect(withEffectiveResources(cron).spec.jobTemplate.spec.template.spec.containers[0].resources.requests).toEqual({ memory: '1Gi' });
    const pod: any = { kind: 'Pod', spec: { initContainers: [{ resources: { limits: { cpu: '1' } } }], containers: [{ name: 'x' }] } };
    expect(withEffectiveResources(pod).spec.initContainers[0].resources.requests).toEqual({ cpu: '1' });
  });
});

describe('effective: true', () => {
  it('reads a limit-only container as having that request (autoscaling: kubectl set resources --limits=cpu=100m)', async () => {
    const { evaluateAssertion } = await import('../engine/assert.ts');
    const { assertionSchema } = await import('../schemas/assertion.ts');
    const web = { kind: 'Deployment', spec: { template: { spec: { containers: [{ name: 'nginx', resources: { limits: { cpu: '100m' } } }] } } } };
    const path = 'spec.template.spec.containers[0].resources.requests.cpu';
    expect(evaluateAssertion(web, assertionSchema.parse({ path, equals: '100m' })).ok).toBe(false);
    expect(evaluateAssertion(web, assertionSchema.parse({ path, effective: true, equals: '100m' })).ok).toBe(true);
    expect(evaluateAssertion(web, assertionSchema.parse({ path: path.replace('cpu', 'memory'), effective: true, absent: false })).message).toBe(
      'spec.template.spec.containers[0].resources.requests.memory is not set, expected set',
    );
  });
});
