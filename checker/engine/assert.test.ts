import { describe, expect, it } from 'vitest';
import { assertionSchema, type Assertion } from '../schemas/assertion.ts';
import { containsValue, evaluateAssertion, holdsQuantity, looseEquals, show } from './assert.ts';

const cpu = 'spec.containers[0].resources.requests.cpu';
const memory = 'spec.containers[0].resources.limits.memory';

/** Assertions go through the schema first, as they do when a lab is loaded (path defaults to ''). */
const assertion = (a: Record<string, unknown>): Assertion => assertionSchema.parse(a);

// Shaped like the captured Pod "limited" (checker/checks/fixtures/pods.json): the server stored cpu "0.5" as "500m".
const pod = {
  kind: 'Pod',
  metadata: { name: 'limited', labels: { app: 'limited' }, annotations: {} as Record<string, string> },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.27',
        resources: { limits: { cpu: '1', memory: '1536Mi' }, requests: { cpu: '500m', memory: '1Gi' } },
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      },
    ],
    nodeSelector: null,
  },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }] },
};

describe('show', () => {
  it('quotes strings, prints other JSON, names undefined', () => {
    expect(show('web')).toBe('"web"');
    expect(show(3)).toBe('3');
    expect(show(null)).toBe('null');
    expect(show(true)).toBe('true');
    expect(show(undefined)).toBe('not set');
    expect(show({ a: 1 })).toBe('{"a":1}');
    expect(show([1, '2'])).toBe('[1,"2"]');
  });

  it('shortens long JSON to 117 characters and an ellipsis', () => {
    const long = { text: 'x'.repeat(200) };
    const shown = show(long);
    expect(shown).toHaveLength(118);
    expect(shown).toBe(`${JSON.stringify(long).slice(0, 117)}…`);
  });
});

describe('holdsQuantity', () => {
  it('knows the fields that hold Kubernetes quantities', () => {
    expect(holdsQuantity('spec.containers[0].resources.requests.cpu')).toBe(true);
    expect(holdsQuantity('spec.hard["requests.memory"]')).toBe(true);
    expect(holdsQuantity("spec.limits[type=Container].defaultRequest.cpu")).toBe(true);
    expect(holdsQuantity('spec.resources.requests.storage')).toBe(true);
    expect(holdsQuantity('status.capacity.storage')).toBe(true);
    expect(holdsQuantity('spec.replicas')).toBe(false);
    expect(holdsQuantity('data.CACHE_TTL')).toBe(false);
    expect(holdsQuantity('data.limits')).toBe(false);
    expect(holdsQuantity('')).toBe(false);
  });
});

describe('looseEquals', () => {
  it('compares numbers with their text', () => {
    expect(looseEquals(3, '3')).toBe(true);
    expect(looseEquals('3', 3)).toBe(true);
    expect(looseEquals('3.0', 3, cpu)).toBe(true);
    expect(looseEquals('3', '3.0', cpu)).toBe(true);
    expect(looseEquals(3, '4')).toBe(false);
    expect(looseEquals(3, 'three')).toBe(false);
    expect(looseEquals('', 0)).toBe(false);
  });

  it('compares Kubernetes quantities by amount in a field that holds one', () => {
    expect(looseEquals('500m', 0.5, cpu)).toBe(true);
    expect(looseEquals('500m', '0.5', cpu)).toBe(true);
    expect(looseEquals(0.5, '500m', cpu)).toBe(true);
    expect(looseEquals('1', 1, cpu)).toBe(true);
    expect(looseEquals('1000m', 1, cpu)).toBe(true);
    expect(looseEquals('1Gi', '1024Mi', memory)).toBe(true);
    expect(looseEquals('1536Mi', '1.5Gi', memory)).toBe(true);
    expect(looseEquals('100m', 0.1, cpu)).toBe(true);
    expect(looseEquals('0m', 0, cpu)).toBe(true);
  });

  it('compares the text of any other field: an app reads "0300" as written', () => {
    for (const spelled of ['3e2', '0300', '+300', '300.0', '0.3k']) expect(looseEquals(spelled, '300', 'data.CACHE_TTL')).toBe(false);
    expect(looseEquals('500m', 0.5)).toBe(false);
    expect(looseEquals('3.0', 3, 'spec.replicas')).toBe(false);
    expect(looseEquals('300', '300', 'data.CACHE_TTL')).toBe(true);
  });

  it('keeps decimal and binary units apart', () => {
    expect(looseEquals('1Gi', '1G', memory)).toBe(false);
    expect(looseEquals('1Gi', 1e9, memory)).toBe(false);
    expect(looseEquals('1Ki', '1k', memory)).toBe(false);
    expect(looseEquals('500m', '0.50001', cpu)).toBe(false);
  });

  it('compares plain strings exactly', () => {
    expect(looseEquals('web', 'web')).toBe(true);
    expect(looseEquals('web', 'Web')).toBe(false);
    expect(looseEquals('25%', '25%')).toBe(true);
    expect(looseEquals('25%', 25)).toBe(false);
    expect(looseEquals('25%', 1)).toBe(false);
  });

  it('compares booleans with their text', () => {
    expect(looseEquals(true, true)).toBe(true);
    expect(looseEquals('true', true)).toBe(true);
    expect(looseEquals(true, 'true')).toBe(true);
    expect(looseEquals(false, 'true')).toBe(false);
    expect(looseEquals(1, true)).toBe(false);
    expect(looseEquals(0, false)).toBe(false);
  });

  it('tells null and undefined from everything else', () => {
    expect(looseEquals(null, null)).toBe(true);
    expect(looseEquals(undefined, undefined)).toBe(true);
    expect(looseEquals(null, undefined)).toBe(false);
    expect(looseEquals(undefined, 0)).toBe(false);
    expect(looseEquals(null, 'null')).toBe(false);
    expect(looseEquals(0, null)).toBe(false);
  });

  it('compares lists in order and by length', () => {
    expect(looseEquals([1, '2', '500m'], ['1', 2, 0.5], cpu)).toBe(true);
    expect(looseEquals([1, '2', '500m'], ['1', 2, 0.5])).toBe(false);
    expect(looseEquals([1, 2], [2, 1])).toBe(false);
    expect(looseEquals([1, 2, 3], [1, 2])).toBe(false);
    expect(looseEquals('1,2', [1, 2])).toBe(false);
  });

  it('compares objects deeply with the same keys', () => {
    expect(looseEquals({ cpu: '500m', memory: '1Gi' }, { memory: '1024Mi', cpu: 0.5 }, 'spec.containers[0].resources.limits')).toBe(true);
    expect(looseEquals({ requests: { cpu: '500m' } }, { requests: { cpu: 0.5 } }, 'spec.containers[0].resources')).toBe(true);
    expect(looseEquals({ limits: { cpu: '500m' } }, { limits: { cpu: 0.5 } }, 'spec.containers[0]')).toBe(true);
    expect(looseEquals({ TTL: '0300' }, { TTL: '300' }, 'data')).toBe(false);
    expect(looseEquals({ cpu: '500m', memory: '1Gi' }, { cpu: 0.5 })).toBe(false);
    expect(looseEquals({ cpu: '500m' }, { cpu: 0.5, memory: '1Gi' })).toBe(false);
    expect(looseEquals({ a: { b: [1] } }, { a: { b: ['1'] } })).toBe(true);
    expect(looseEquals({}, [])).toBe(false);
    expect(looseEquals({ a: 1 }, 'a')).toBe(false);
    expect(looseEquals(3, { a: 3 })).toBe(false);
  });
});

describe('containsValue', () => {
  it('finds substrings of strings', () => {
    expect(containsValue('nginx:1.27', 'nginx')).toBe(true);
    expect(containsValue('nginx:1.27', 1.27)).toBe(true);
    expect(containsValue('nginx:1.27', 'httpd')).toBe(false);
    expect(containsValue('nginx:1.27', { name: 'nginx' })).toBe(false);
  });

  it('finds elements of lists, loosely', () => {
    expect(containsValue(['get', 'list', 'watch'], 'list')).toBe(true);
    expect(containsValue(['get', 'list', 'watch'], 'delete')).toBe(false);
    expect(containsValue([80, 443], '443')).toBe(true);
    expect(containsValue(['500m'], 0.5, 'status.used')).toBe(true);
    expect(containsValue(['500m'], 0.5)).toBe(false);
    expect(containsValue([], 'x')).toBe(false);
  });

  it('finds list elements that have the given fields (subset match)', () => {
    const conditions = pod.status.conditions;
    expect(containsValue(conditions, { type: 'Ready', status: 'True' })).toBe(true);
    expect(containsValue(conditions, { type: 'Ready' })).toBe(true);
    expect(containsValue(conditions, { type: 'Ready', status: 'False' })).toBe(false);
    expect(containsValue(conditions, { type: 'Initialized' })).toBe(false);
  });

  it('reads a string against an object as a key', () => {
    expect(containsValue(pod.metadata.labels, 'app')).toBe(true);
    expect(containsValue(pod.metadata.labels, 'limited')).toBe(false);
    expect(containsValue({}, 'toString')).toBe(false);
  });

  it('reads an object against an object as a subset, recursively', () => {
    expect(containsValue(pod.metadata.labels, { app: 'limited' })).toBe(true);
    expect(containsValue(pod.metadata.labels, { app: 'web' })).toBe(false);
    expect(containsValue(pod.spec.containers[0], { resources: { requests: { cpu: 0.5 } } })).toBe(true);
    expect(containsValue(pod.spec.containers[0], { resources: { requests: { cpu: 1 } } })).toBe(false);
    expect(containsValue(pod.spec, { containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] })).toBe(true);
    expect(containsValue(pod.spec, { containers: [{ name: 'sidecar' }] })).toBe(false);
  });

  it('finds nothing in missing values and scalars', () => {
    expect(containsValue(undefined, 'x')).toBe(false);
    expect(containsValue(null, 'x')).toBe(false);
    expect(containsValue(123, 2)).toBe(false);
    expect(containsValue(pod.metadata.labels, 3)).toBe(false);
  });
});

describe('evaluateAssertion', () => {
  it('equals: passes and fails with the field, the actual and the expected value', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', equals: 'nginx:1.27' }))).toEqual({
      ok: true,
      expected: '"nginx:1.27"',
      actual: '"nginx:1.27"',
      message: 'spec.containers[0].image is "nginx:1.27"',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', equals: 'nginx:1.28' }))).toEqual({
      ok: false,
      expected: '"nginx:1.28"',
      actual: '"nginx:1.27"',
      message: 'spec.containers[0].image is "nginx:1.27", expected "nginx:1.28"',
    });
  });

  it('equals: a quantity the server normalised still equals what the learner wrote', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', equals: 0.5 })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', equals: '0.5' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.memory', equals: '1024Mi' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.limits.cpu', equals: 1 })).ok).toBe(true);
    const wrong = evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', equals: '250m' }));
    expect(wrong.message).toBe('spec.containers[0].resources.requests.cpu is "500m", expected "250m"');
  });

  it('a list of paths reads the first spelling that is set, and names them all when none is', () => {
    const quota = { spec: { hard: { cpu: '1', 'limits.cpu': '2' } } };
    const both = ['spec.hard["requests.cpu"]', 'spec.hard.cpu'];
    expect(evaluateAssertion(quota, assertion({ path: both, equals: 1 }))).toMatchObject({ ok: true, message: 'spec.hard.cpu is "1"' });
    expect(evaluateAssertion({ spec: { hard: { 'requests.cpu': '1', cpu: '3' } } }, assertion({ path: both, equals: 1 })).ok).toBe(true);
    expect(evaluateAssertion(quota, assertion({ path: both, equals: 2 })).message).toBe('spec.hard.cpu is "1", expected 2');
    expect(evaluateAssertion({ spec: { hard: {} } }, assertion({ path: both, equals: 1 })).message).toBe(
      'spec.hard["requests.cpu"] or spec.hard.cpu is not set, expected 1',
    );
    expect(() => assertion({ path: ['spec.hard.cpu'], equals: 1 })).toThrow();
  });

  it('equals: a missing field is "not set"', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.replicas', equals: 3 }))).toEqual({
      ok: false,
      expected: '3',
      actual: 'not set',
      message: 'spec.replicas is not set, expected 3',
    });
  });

  it('equals null matches a null field only', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.nodeSelector', equals: null })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.affinity', equals: null })).ok).toBe(false);
  });

  it('uses the label instead of the path in messages', () => {
    const r = evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', equals: 'nginx:1.28', label: 'the container image' }));
    expect(r.message).toBe('the container image is "nginx:1.27", expected "nginx:1.28"');
  });

  it('names the value itself "value" when there is no path', () => {
    expect(evaluateAssertion('hello', assertion({ equals: 'bye' })).message).toBe('value is "hello", expected "bye"');
    expect(evaluateAssertion(42, assertion({ gte: 40 })).message).toBe('value is 42');
  });

  it('notEquals: fails on an equal or a missing value', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'status.phase', notEquals: 'Pending' }))).toEqual({
      ok: true,
      expected: 'anything but "Pending"',
      actual: '"Running"',
      message: 'status.phase is "Running"',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'status.phase', notEquals: 'Running' })).message).toBe(
      'status.phase is "Running", expected anything but "Running"',
    );
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', notEquals: 0.5 })).ok).toBe(false);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.hostNetwork', notEquals: true })).message).toBe(
      'spec.hostNetwork is not set, expected anything but true',
    );
  });

  it('matches: tests the text, and JSON for non-strings', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', matches: '^nginx:1\\.27' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', matches: '^nginx:1\\.28' }))).toEqual({
      ok: false,
      expected: 'to match /^nginx:1\\.28/',
      actual: '"nginx:1.27"',
      message: 'spec.containers[0].image is "nginx:1.27", expected to match /^nginx:1\\.28/',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].ports[0].containerPort', matches: '^80$' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.labels', matches: '"app":"limited"' })).ok).toBe(true);
  });

  it('matches: fails on missing and null values rather than matching "undefined"', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.missing', matches: 'undefined' })).ok).toBe(false);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.nodeSelector', matches: 'null' })).ok).toBe(false);
  });

  it('contains: on strings, lists and objects', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].image', contains: 'nginx' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'status.conditions', contains: { type: 'Ready', status: 'True' } })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.labels', contains: 'app' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.labels', contains: { app: 'limited' } })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.labels', contains: { tier: 'web' } }))).toEqual({
      ok: false,
      expected: 'to contain {"tier":"web"}',
      actual: '{"app":"limited"}',
      message: 'metadata.labels is {"app":"limited"}, expected to contain {"tier":"web"}',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.annotations', contains: 'note' })).message).toBe(
      'metadata.annotations is {}, expected to contain "note"',
    );
    expect(evaluateAssertion(pod, assertion({ path: 'spec.volumes', contains: 'data' })).message).toBe('spec.volumes is not set, expected to contain "data"');
  });

  it('absent: true wants the field missing or null', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.hostNetwork', absent: true }))).toEqual({
      ok: true,
      expected: 'not set',
      actual: 'not set',
      message: 'spec.hostNetwork is not set',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'spec.nodeSelector', absent: true })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.limits', absent: true }))).toEqual({
      ok: false,
      expected: 'not set',
      actual: '{"cpu":"1","memory":"1536Mi"}',
      message: 'spec.containers[0].resources.limits is {"cpu":"1","memory":"1536Mi"}, expected not set',
    });
  });

  it('absent: false wants the field present, even if empty or falsy', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.annotations', absent: false })).ok).toBe(true);
    expect(evaluateAssertion({ replicas: 0 }, assertion({ path: 'replicas', absent: false })).ok).toBe(true);
    expect(evaluateAssertion({ flag: false }, assertion({ path: 'flag', absent: false })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.securityContext', absent: false }))).toEqual({
      ok: false,
      expected: 'set',
      actual: 'not set',
      message: 'spec.securityContext is not set, expected set',
    });
  });

  it('oneOf: any of the values, loosely', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'status.phase', oneOf: ['Running', 'Succeeded'] })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', oneOf: [0.25, 0.5] })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'status.phase', oneOf: ['Pending', 'Failed'] }))).toEqual({
      ok: false,
      expected: 'one of "Pending", "Failed"',
      actual: '"Running"',
      message: 'status.phase is "Running", expected one of "Pending", "Failed"',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'spec.priority', oneOf: [0, 1] })).ok).toBe(false);
  });

  it('gte / lte: numbers and quantities, inclusive', () => {
    const cpu = 'spec.containers[0].resources.requests.cpu';
    const memLimit = 'spec.containers[0].resources.limits.memory';
    expect(evaluateAssertion(pod, assertion({ path: cpu, gte: '250m' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: cpu, gte: 0.5 })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: cpu, lte: '500m' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: cpu, gte: '100m', lte: 1 }))).toEqual({
      ok: true,
      expected: '≥ 100m and ≤ 1',
      actual: '"500m"',
      message: `${cpu} is "500m"`,
    });
    expect(evaluateAssertion(pod, assertion({ path: cpu, gte: 1 }))).toEqual({
      ok: false,
      expected: '≥ 1',
      actual: '"500m"',
      message: `${cpu} is "500m", expected ≥ 1`,
    });
    expect(evaluateAssertion(pod, assertion({ path: memLimit, lte: '1Gi' })).message).toBe(`${memLimit} is "1536Mi", expected ≤ 1Gi`);
    expect(evaluateAssertion(pod, assertion({ path: memLimit, gte: '1Gi', lte: '2Gi' })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: memLimit, lte: '1.5Gi' })).ok).toBe(true);
    expect(evaluateAssertion({ replicas: 3 }, assertion({ path: 'replicas', gte: 2, lte: 5 })).ok).toBe(true);
    expect(evaluateAssertion({ replicas: '3' }, assertion({ path: 'replicas', gte: '4' })).message).toBe('replicas is "3", expected ≥ 4');
  });

  it('gte / lte: fail on a value that is no number', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'status.phase', gte: 1 })).message).toBe('status.phase is "Running", expected ≥ 1');
    expect(evaluateAssertion(pod, assertion({ path: 'spec.replicas', lte: 1 })).message).toBe('spec.replicas is not set, expected ≤ 1');
    expect(evaluateAssertion({ surge: '25%' }, assertion({ path: 'surge', gte: 0 })).ok).toBe(false);
  });

  it('gte / lte: a bound that is no number is the author\'s mistake, not a pass', () => {
    expect(() => evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', gte: '1 Gi' }))).toThrow(
      'spec.containers[0].resources.requests.cpu: gte "1 Gi" is not a number or quantity',
    );
    expect(() => evaluateAssertion(pod, assertion({ path: 'spec.containers[0].resources.requests.cpu', lte: 'lots' }))).toThrow(
      'spec.containers[0].resources.requests.cpu: lte "lots" is not a number or quantity',
    );
  });

  it('minItems / maxItems: lengths of lists, strings and objects', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'status.conditions', minItems: 2 }))).toEqual({
      ok: true,
      expected: 'at least 2 entries',
      actual: '[{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}]',
      message: 'status.conditions has 2 entries',
    });
    expect(evaluateAssertion(pod, assertion({ path: 'status.conditions', minItems: 3 })).message).toBe(
      'status.conditions has 2 entries, expected at least 3',
    );
    expect(evaluateAssertion(pod, assertion({ path: 'spec.containers', minItems: 1, maxItems: 1 })).ok).toBe(true);
    expect(evaluateAssertion(pod, assertion({ path: 'status.conditions', minItems: 1, maxItems: 1 })).message).toBe(
      'status.conditions has 2 entries, expected at least 1 and at most 1',
    );
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.labels', maxItems: 0 })).message).toBe('metadata.labels has 1 entries, expected at most 0');
    expect(evaluateAssertion(pod, assertion({ path: 'metadata.annotations', maxItems: 0 })).ok).toBe(true);
    expect(evaluateAssertion('abc', assertion({ minItems: 3 })).ok).toBe(true);
  });

  it('minItems: a missing list has no entries', () => {
    expect(evaluateAssertion(pod, assertion({ path: 'spec.volumes', minItems: 1 }))).toEqual({
      ok: false,
      expected: 'at least 1 entries',
      actual: 'not set',
      message: 'spec.volumes has no entries, expected at least 1',
    });
    expect(evaluateAssertion({ n: 5 }, assertion({ path: 'n', maxItems: 10 })).ok).toBe(false);
  });

  it('throws a clear error for a bad path', () => {
    expect(() => evaluateAssertion(pod, assertion({ path: 'spec.containers[app].image', equals: 'x' }))).toThrow(
      'bad path segment [app] in "spec.containers[app].image": use [0], [name=value] or ["key"]',
    );
  });
});
