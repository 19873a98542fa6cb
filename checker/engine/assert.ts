import type { Assertion } from '../schemas/assertion.ts';
import { getPath, parsePath } from './path.ts';
import { parseQuantity } from './quantity.ts';
import { pattern } from './pattern.ts';
import { likelyCause } from './likely-cause.ts';
import { decodeForAssertion, evaluateSemantic, semanticOperatorOf, type Related } from '../semantics/assertions.ts';
import { withEffectiveResources } from '../semantics/resources.ts';

export interface AssertionOutcome {
  ok: boolean;
  /** e.g. `spec.replicas is 2, expected 3` — the caller prefixes the object. */
  message: string;
  expected: string;
  actual: string;
  /** The message continues the object's name ("Service web selects …") rather than following a colon. */
  verbPhrase?: boolean;
}

export function show(value: unknown): string {
  if (value === undefined) return 'not set';
  if (typeof value === 'string') return JSON.stringify(value);
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}

/**
 * Fields that hold Kubernetes quantities (`500m` = `0.5`, `1Gi` = `1024Mi`): a container's
 * `resources` (`requests`, `limits`), a ResourceQuota's `hard`/`used`, a LimitRange's `limits`,
 * a volume's or Node's `capacity`/`allocatable`, an HPA target's `averageValue`. Anywhere else a
 * value is text an app or a tool reads as written: a ConfigMap's `CACHE_TTL: "0300"` is not `"300"`.
 * A ConfigMap's or Secret's `data` is always text, whatever its keys are called.
 */
const quantityFields = new Set(['resources', 'requests', 'limits', 'hard', 'used', 'capacity', 'allocatable', 'averageValue']);
const textPayloads = new Set(['data', 'stringData', 'binaryData']);

/** Whether the field at `path` (any of its keys) holds a Kubernetes quantity. */
export function holdsQuantity(path: string): boolean {
  const keys = parsePath(path).flatMap((s) => ('key' in s ? [s.key] : []));
  if (textPayloads.has(keys[0] ?? '')) return false;
  return keys.some((k) => quantityFields.has(k));
}

/**
 * Loose equality: deep; scalars equal when their text is equal (`3` = `"3"`), and, in a field that
 * holds a quantity (see `holdsQuantity`; `path` is where `actual` was read), when their amounts are
 * (`0.5` = `500m`, `1Gi` = `1024Mi`, never `1G`).
 */
export function looseEquals(actual: unknown, expected: unknown, path = ''): boolean {
  return equalsAt(actual, expected, holdsQuantity(path));
}

function equalsAt(actual: unknown, expected: unknown, quantity: boolean): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || actual === undefined || expected === undefined) return false;
  if (typeof actual !== 'object' && typeof expected !== 'object') {
    if (String(actual) === String(expected)) return true;
    if (!quantity || typeof actual === 'boolean' || typeof expected === 'boolean') return false;
    const a = parseQuantity(actual);
    const e = parseQuantity(expected);
    return a !== null && e !== null && Math.abs(a - e) <= Math.abs(e) * 1e-9;
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => equalsAt(actual[i], e, quantity));
  }
  if (typeof expected === 'object' && typeof actual === 'object') {
    const ek = Object.keys(expected as object);
    const ak = Object.keys(actual as object);
    return ek.length === ak.length && ek.every((k) => equalsAt((actual as any)[k], (expected as any)[k], quantity || quantityFields.has(k)));
  }
  return false;
}

/** `expected` is a subset of `actual`: object keys recursively, list elements each found somewhere (`path`: where `actual` was read). */
export function containsValue(actual: unknown, expected: unknown, path = ''): boolean {
  const quantity = holdsQuantity(path);
  if (typeof actual === 'string') return typeof expected !== 'object' && actual.includes(String(expected));
  if (Array.isArray(actual)) {
    return actual.some((item) => (expected && typeof expected === 'object' ? isSubset(item, expected, quantity) : equalsAt(item, expected, quantity)));
  }
  if (actual && typeof actual === 'object') {
    if (typeof expected === 'string') return Object.prototype.hasOwnProperty.call(actual, expected);
    return isSubset(actual, expected, quantity);
  }
  return false;
}

function isSubset(actual: unknown, expected: unknown, quantity: boolean): boolean {
  if (expected === null || typeof expected !== 'object') return equalsAt(actual, expected, quantity);
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e) => actual.some((a) => isSubset(a, e, quantity)));
  if (!actual || typeof actual !== 'object') return false;
  return Object.entries(expected).every(([k, v]) => isSubset((actual as any)[k], v, quantity || quantityFields.has(k)));
}

function sizeOf(v: unknown): number | null {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return null;
}

/**
 * `siblings`: the other assertions of the same check, so a failure can name what
 * else was expected (a ConfigMap's keys). A failed comparison's message ends with
 * its likely cause when one is known (checker/engine/likely-cause.ts).
 */
export function evaluateAssertion(given: unknown, a: Assertion, related?: Related, siblings?: readonly Assertion[]): AssertionOutcome {
  // `effective`: read the Pods' resources as the API server completes them (a missing request takes the limit).
  const subject = a.effective ? withEffectiveResources(given) : given;
  const r = compare(subject, a, related);
  if (r.ok || semanticOperatorOf(a)) return r;
  const paths = typeof a.path === 'string' ? [a.path] : a.path;
  const path = paths.find((p) => (p ? getPath(subject, p) : subject) != null) ?? paths[0]!;
  let actual = path ? getPath(subject, path) : subject;
  if (a.decoded && actual != null) {
    const d = decodeForAssertion(actual);
    if (!d.ok) return r;
    actual = d.value;
  }
  const cause = path ? likelyCause({ subject, path, actual, assertion: a, siblings }) : undefined;
  return cause ? { ...r, message: `${r.message}: ${cause}` } : r;
}

function compare(subject: unknown, a: Assertion, related?: Related): AssertionOutcome {
  const paths = typeof a.path === 'string' ? [a.path] : a.path;
  const read = (p: string) => (p ? getPath(subject, p) : subject);
  const found = paths.find((p) => read(p) != null) ?? paths[0];
  let actual = read(found);
  let field = a.label ?? ((actual == null ? paths.join(' or ') : found) || 'value');
  if (a.decoded) {
    const d = decodeForAssertion(actual);
    if (!d.ok) return { ok: false, expected: 'base64 text', actual: show(actual), message: d.reason === 'not set' ? `${field} is not set` : `${field}: ${d.reason}` };
    actual = d.value;
    if (!a.label) field = `${field} (decoded)`;
  }
  if (semanticOperatorOf(a)) return evaluateSemantic(subject, a, { path: found, value: actual, field: a.label ?? (found || '') }, related);
  const out = (ok: boolean, expected: string, verb = 'is') => ({
    ok,
    expected,
    actual: show(actual),
    message: ok ? `${field} ${verb} ${show(actual)}` : `${field} ${verb} ${show(actual)}, expected ${expected}`,
  });
  if (a.absent !== undefined) {
    const missing = actual === undefined || actual === null;
    return a.absent ? out(missing, 'not set') : out(!missing, 'set');
  }
  if ('equals' in a) return out(looseEquals(actual, a.equals, found), show(a.equals));
  if ('notEquals' in a) return out(actual !== undefined && !looseEquals(actual, a.notEquals, found), `anything but ${show(a.notEquals)}`);
  if (a.matches !== undefined) {
    const ok = actual !== undefined && actual !== null && pattern(a.matches).test(typeof actual === 'string' ? actual : JSON.stringify(actual));
    return out(ok, `to match /${a.matches}/`);
  }
  if ('contains' in a) return out(containsValue(actual, a.contains, found), `to contain ${show(a.contains)}`);
  if (a.oneOf !== undefined) return out(a.oneOf.some((v) => looseEquals(actual, v, found)), `one of ${a.oneOf.map(show).join(', ')}`);
  if (a.gte !== undefined || a.lte !== undefined) {
    const n = parseQuantity(actual);
    const lo = a.gte !== undefined ? parseQuantity(a.gte) : null;
    const hi = a.lte !== undefined ? parseQuantity(a.lte) : null;
    // An unreadable bound (`gte: 1 Gi`) would otherwise be ignored and the check pass: the author's mistake, an error.
    if (a.gte !== undefined && lo === null) throw new Error(`${field}: gte ${show(a.gte)} is not a number or quantity`);
    if (a.lte !== undefined && hi === null) throw new Error(`${field}: lte ${show(a.lte)} is not a number or quantity`);
    const ok = n !== null && (lo === null || n >= lo) && (hi === null || n <= hi);
    const expected = [a.gte !== undefined ? `≥ ${a.gte}` : '', a.lte !== undefined ? `≤ ${a.lte}` : ''].filter(Boolean).join(' and ');
    return out(ok, expected);
  }
  const size = sizeOf(actual);
  const ok = size !== null && (a.minItems === undefined || size >= a.minItems) && (a.maxItems === undefined || size <= a.maxItems);
  const expected = [a.minItems !== undefined ? `at least ${a.minItems}` : '', a.maxItems !== undefined ? `at most ${a.maxItems}` : ''].filter(Boolean).join(' and ');
  const unit = typeof actual === 'string' ? 'characters' : 'entries';
  return { ...out(ok, `${expected} ${unit}`, 'has'), message: ok ? `${field} has ${size} ${unit}` : `${field} has ${size ?? 'no'} ${unit}, expected ${expected}` };
}
