import { describe, expect, it } from 'vitest';
import { matchesSelector, parseSelector, selectorFromMap } from './labels.ts';

// Labels as the API server returned them for the captured Pods (checker/checks/fixtures/pods.json).
const webPod = { app: 'web', 'pod-template-hash': '7d876db474' };
const dbPod = { app: 'db', 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'db-66fb6fdc54', 'statefulset.kubernetes.io/pod-name': 'db-0' };
const limitedPod = { app: 'limited' };

describe('parseSelector', () => {
  it('reads equality in its three spellings', () => {
    expect(parseSelector('app=web')).toEqual([{ key: 'app', op: 'in', values: ['web'] }]);
    expect(parseSelector('app==web')).toEqual([{ key: 'app', op: 'in', values: ['web'] }]);
    expect(parseSelector('app = web')).toEqual([{ key: 'app', op: 'in', values: ['web'] }]);
  });

  it('reads inequality', () => {
    expect(parseSelector('tier!=db')).toEqual([{ key: 'tier', op: 'notin', values: ['db'] }]);
    expect(parseSelector('tier != db')).toEqual([{ key: 'tier', op: 'notin', values: ['db'] }]);
  });

  it('reads set requirements, trimming values', () => {
    expect(parseSelector('env in (prod, staging)')).toEqual([{ key: 'env', op: 'in', values: ['prod', 'staging'] }]);
    expect(parseSelector('env notin (dev)')).toEqual([{ key: 'env', op: 'notin', values: ['dev'] }]);
    expect(parseSelector('env in ()')).toEqual([{ key: 'env', op: 'in', values: [] }]);
  });

  it('reads existence and absence', () => {
    expect(parseSelector('release')).toEqual([{ key: 'release', op: 'exists' }]);
    expect(parseSelector('!canary')).toEqual([{ key: 'canary', op: 'absent' }]);
  });

  it('splits on commas outside parentheses only', () => {
    expect(parseSelector('app=web,env in (a,b),!canary, release')).toEqual([
      { key: 'app', op: 'in', values: ['web'] },
      { key: 'env', op: 'in', values: ['a', 'b'] },
      { key: 'canary', op: 'absent' },
      { key: 'release', op: 'exists' },
    ]);
  });

  it('keeps prefixed keys', () => {
    expect(parseSelector('app.kubernetes.io/name=web')).toEqual([{ key: 'app.kubernetes.io/name', op: 'in', values: ['web'] }]);
  });

  it('reads an empty selector as no requirements and ignores a trailing comma', () => {
    expect(parseSelector('')).toEqual([]);
    expect(parseSelector('app=web,')).toEqual([{ key: 'app', op: 'in', values: ['web'] }]);
  });

  it('rejects what it cannot read, naming the selector and the part', () => {
    expect(() => parseSelector('app web')).toThrow('cannot read label selector "app web" at "app web"');
    expect(() => parseSelector('app=web,,tier=db')).toThrow('cannot read label selector "app=web,,tier=db" at ""');
    expect(() => parseSelector('env in (a')).toThrow('cannot read label selector "env in (a" at "env in (a"');
  });
});

describe('matchesSelector', () => {
  it('matches equality', () => {
    expect(matchesSelector(webPod, 'app=web')).toBe(true);
    expect(matchesSelector(dbPod, 'app=web')).toBe(false);
    expect(matchesSelector(webPod, 'app=Web')).toBe(false);
    expect(matchesSelector(webPod, 'app==web,pod-template-hash=7d876db474')).toBe(true);
  });

  it('requires every requirement (AND)', () => {
    expect(matchesSelector(webPod, 'app=web,pod-template-hash=other')).toBe(false);
  });

  it('matches != also when the key is missing, as Kubernetes does', () => {
    expect(matchesSelector(webPod, 'app!=db')).toBe(true);
    expect(matchesSelector(dbPod, 'app!=db')).toBe(false);
    expect(matchesSelector(limitedPod, 'tier!=db')).toBe(true);
  });

  it('matches in and notin', () => {
    expect(matchesSelector(webPod, 'app in (web,db)')).toBe(true);
    expect(matchesSelector(dbPod, 'app in (web, db)')).toBe(true);
    expect(matchesSelector(limitedPod, 'app in (web,db)')).toBe(false);
    expect(matchesSelector(limitedPod, 'tier in (web)')).toBe(false);
    expect(matchesSelector(webPod, 'app notin (db,limited)')).toBe(true);
    expect(matchesSelector(dbPod, 'app notin (db,limited)')).toBe(false);
    expect(matchesSelector(webPod, 'tier notin (frontend)')).toBe(true);
    expect(matchesSelector(webPod, 'app in ()')).toBe(false);
  });

  it('matches existence and absence', () => {
    expect(matchesSelector(dbPod, 'statefulset.kubernetes.io/pod-name')).toBe(true);
    expect(matchesSelector(webPod, 'statefulset.kubernetes.io/pod-name')).toBe(false);
    expect(matchesSelector(webPod, '!statefulset.kubernetes.io/pod-name')).toBe(true);
    expect(matchesSelector(dbPod, '!statefulset.kubernetes.io/pod-name')).toBe(false);
    expect(matchesSelector(webPod, 'app,!canary')).toBe(true);
  });

  it('matches an empty label value only when asked for it', () => {
    expect(matchesSelector({ tier: '' }, 'tier=')).toBe(true);
    expect(matchesSelector({ tier: 'db' }, 'tier=')).toBe(false);
    expect(matchesSelector({}, 'tier=')).toBe(false);
  });

  it('treats missing labels as no labels', () => {
    expect(matchesSelector(undefined, 'app=web')).toBe(false);
    expect(matchesSelector(undefined, '!app')).toBe(true);
    expect(matchesSelector(undefined, 'app notin (web)')).toBe(true);
  });

  it('matches everything with an empty selector', () => {
    expect(matchesSelector(webPod, '')).toBe(true);
    expect(matchesSelector(undefined, '')).toBe(true);
  });

  it('does not match inherited properties as labels', () => {
    expect(matchesSelector({}, 'toString')).toBe(false);
    expect(matchesSelector({}, '!constructor')).toBe(true);
  });

  it('throws for an unreadable selector instead of matching nothing', () => {
    expect(() => matchesSelector(webPod, 'app web')).toThrow('cannot read label selector "app web" at "app web"');
  });
});

describe('selectorFromMap', () => {
  it('writes a Service-style selector map as a selector', () => {
    expect(selectorFromMap({ app: 'web' })).toBe('app=web');
    expect(selectorFromMap({ app: 'web', tier: 'frontend' })).toBe('app=web,tier=frontend');
    expect(matchesSelector(webPod, selectorFromMap({ app: 'web', 'pod-template-hash': '7d876db474' }))).toBe(true);
  });

  it('writes an empty or missing map as the empty selector', () => {
    expect(selectorFromMap(undefined)).toBe('');
    expect(selectorFromMap({})).toBe('');
  });
});
