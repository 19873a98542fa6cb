import { describe, expect, it } from 'vitest';
import type { Check } from '../schemas/check.ts';
import { checkTypes } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { checkDefinitions, environmentsNeeded, evaluateCheck, isIsolated, liveMode } from './registry.ts';

const c = (check: object) => check as Check;

describe('the check registry', () => {
  it('has one row per check type the schemas accept', () => {
    expect(Object.keys(checkDefinitions).sort()).toEqual([...checkTypes].sort());
  });

  it('says how live results notice a change', () => {
    expect(liveMode(c({ type: 'k8s.object' }))).toBe('watch');
    expect(liveMode(c({ type: 'k8s.can' }))).toBe('poll');
    expect(liveMode(c({ type: 'docker.container' }))).toBe('events');
    expect(liveMode(c({ type: 'file' }))).toBe('poll');
    expect(liveMode(c({ type: 'answer' }))).toBe('answer');
    expect(liveMode(c({ type: 'custom', needs: ['kubernetes'] }))).toBe('watch');
    expect(liveMode(c({ type: 'custom', needs: ['kubernetes', 'sandbox'] }))).toBe('poll');
    expect(liveMode(c({ type: 'custom', needs: ['docker'] }))).toBe('events');
    expect(liveMode(c({ type: 'custom', needs: [] }))).toBe('poll');
  });

  it('isolates the checks that parse learner text, and only those', () => {
    expect(checkTypes.filter((type) => isIsolated(c({ type })))).toEqual(['dockerfile', 'file', 'compose', 'answer']);
  });

  it('collects the environments checks read, custom checks by their declaration', () => {
    expect([...environmentsNeeded([c({ type: 'k8s.object' }), c({ type: 'file' }), c({ type: 'custom', needs: ['sandbox'] })])]).toEqual(['kubernetes', 'sandbox']);
  });

  it('fills <namespace> anywhere in a check before it runs: in the object name and in expected values', async () => {
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop-it-a', namespace: 'it-a' }, spec: { rules: [{ host: 'shop.it-a.example.com' }] } };
    const ctx = {
      namespace: 'it-a',
      kube: () => ({ resource: async () => ({ plural: 'ingresses', namespaced: true }), list: async () => [ingress] }),
    } as unknown as CheckContext;
    const check = (host: string) => c({ type: 'k8s.object', kind: 'Ingress', name: 'shop-<namespace>', expect: [{ path: 'spec.rules[0].host', equals: host }] });
    expect(await evaluateCheck(check('shop.<namespace>.example.com'), ctx)).toMatchObject({ status: 'pass' });
    expect(await evaluateCheck(check('shop.<namespace>.example.org'), { ...ctx, namespace: 'it-b' })).toMatchObject({ status: 'fail' });
  });
});
