import { describe, expect, it } from 'vitest';
import { describeSelector, readSelector, selectorOf, selects } from './label-selector.ts';

const web = { app: 'web', tier: 'frontend' };

describe('readSelector and selects', () => {
  it('reads a Service map and a LabelSelector alike', () => {
    expect(selects(readSelector({ app: 'web' }), web)).toBe(true);
    expect(selects(readSelector({ matchLabels: { app: 'web' } }), web)).toBe(true);
    expect(selects(readSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] }), web)).toBe(true);
    expect(selects(readSelector({ matchLabels: { app: 'web' } }), { app: 'api' })).toBe(false);
  });

  it('applies every operator', () => {
    const sel = (operator: string, values?: string[]) => readSelector({ matchExpressions: [{ key: 'tier', operator, values }] });
    expect(selects(sel('In', ['frontend']), web)).toBe(true);
    expect(selects(sel('In', ['backend']), web)).toBe(false);
    expect(selects(sel('NotIn', ['backend']), web)).toBe(true);
    expect(selects(sel('NotIn', ['frontend']), web)).toBe(false);
    expect(selects(sel('NotIn', ['frontend']), { app: 'web' })).toBe(true);
    expect(selects(sel('Exists'), web)).toBe(true);
    expect(selects(sel('Exists'), { app: 'web' })).toBe(false);
    expect(selects(sel('DoesNotExist'), web)).toBe(false);
    expect(selects(sel('DoesNotExist'), { app: 'web' })).toBe(true);
  });

  it('combines matchLabels and matchExpressions with AND', () => {
    const s = readSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] });
    expect(selects(s, web)).toBe(false);
    expect(selects(s, { app: 'web', tier: 'backend' })).toBe(true);
  });
});

describe('selectorOf', () => {
  it('finds the selector by kind, with the kind’s reading of an empty one', () => {
    expect(selects(selectorOf({ kind: 'Service', spec: { selector: { app: 'web' } } })!, web)).toBe(true);
    expect(selectorOf({ kind: 'Service', spec: {} })).toBeNull();
    expect(selects(selectorOf({ kind: 'Service', spec: {} })!, web)).toBe(false);
    expect(selects(selectorOf({ kind: 'NetworkPolicy', spec: { podSelector: {} } })!, web)).toBe(true);
    expect(selects(selectorOf({ kind: 'Deployment', spec: { selector: { matchLabels: { app: 'web' } } } })!, web)).toBe(true);
    expect(selectorOf({ kind: 'ConfigMap' })).toBeUndefined();
  });
});

describe('describeSelector', () => {
  it('prints the selector as kubectl does', () => {
    expect(describeSelector(readSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['a', 'b'] }, { key: 'canary', operator: 'DoesNotExist' }, { key: 'x', operator: 'Exists' }] }))).toBe(
      'app=web,tier notin (a,b),!canary,x',
    );
    expect(describeSelector(null)).toBe('nothing (it has no selector)');
    expect(describeSelector([])).toBe('every Pod (its selector is empty)');
  });
});
