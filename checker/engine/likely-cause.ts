import type { Assertion } from '../schemas/assertion.ts';
import { closest } from '../lib/closest.ts';
import { getPath } from './path.ts';
import { decodeSecretValue } from '../semantics/secret-value.ts';

/**
 * The common cause behind a failed comparison, in the learner's terms, so a
 * message names why ("the ConfigMap has keys [app.env]…") and not only what
 * differs. Pure guesses from the values at hand; undefined when none fits.
 */
export interface CauseInput {
  subject: unknown;
  /** The path the assertion read (a `[name=x]` filter included). */
  path: string;
  /** The value read (decoded when the assertion decodes). */
  actual: unknown;
  assertion: Assertion;
  /** The other assertions of the same check: which keys a ConfigMap or Secret should have. */
  siblings?: readonly Assertion[];
}

export function likelyCause(input: CauseInput): string | undefined {
  const { actual, assertion: a } = input;
  if (actual === undefined || actual === null) return missingKeyCause(input);
  if (!('equals' in a)) return undefined;
  const expected = a.equals;
  if (typeof actual === 'string' && typeof expected === 'string') return stringCause(actual, expected);
  if (typeof expected === 'number' || typeof actual === 'number') return bytesCause(String(actual), String(expected)) ?? portNameCause(actual, expected, input.path);
  return undefined;
}

const whitespaceNames: Record<string, string> = { '\n': 'a newline', '\r': 'a carriage return', ' ': 'a space', '\t': 'a tab' };

function stringCause(actual: string, expected: string): string | undefined {
  if (actual.trimEnd() === expected && actual !== expected) {
    const last = actual.at(-1)!;
    return last === '\n' || last === '\r'
      ? 'your value ends in a newline — use echo -n or --from-literal'
      : `your value ends in ${whitespaceNames[last] ?? 'whitespace'} — remove it (quote the value in YAML)`;
  }
  if (actual.trimStart() === expected && actual !== expected) return 'your value starts with whitespace — remove it';
  if (decodesTo(actual, expected)) return 'the value is base64-encoded twice — under stringData: write plain text, under data: encode once';
  const quantity = quantityCause(actual, expected);
  if (quantity) return quantity;
  const image = imageTagCause(actual, expected);
  if (image) return image;
  if (actual.toLowerCase() === expected.toLowerCase()) return 'values are case-sensitive';
  return undefined;
}

function decodesTo(text: string, expected: string): boolean {
  if (text.length < 4) return false;
  const d = decodeSecretValue(text);
  return d.ok && (d.text === expected || d.text.trimEnd() === expected);
}

const binary: Record<string, [string, string, number]> = {
  Ki: ['k', 'kibibytes', 2 ** 10], Mi: ['M', 'mebibytes', 2 ** 20], Gi: ['G', 'gibibytes', 2 ** 30], Ti: ['T', 'tebibytes', 2 ** 40],
};
const decimalNames: Record<string, [string, number]> = { k: ['kilobytes', 1e3], K: ['kilobytes', 1e3], M: ['megabytes', 1e6], G: ['gigabytes', 1e9], T: ['terabytes', 1e12] };
const bytes = (n: number) => n.toLocaleString('en-US');
/** `1 gigabyte`, `2 gigabytes`. */
const amount = (n: number | string, unitName: string) => `${n} ${Number(n) === 1 ? unitName.replace(/s$/, '') : unitName}`;

function quantityCause(actual: string, expected: string): string | undefined {
  const want = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)$/.exec(expected);
  const got = /^(\d+(?:\.\d+)?)([kKMGT])$/.exec(actual);
  if (want && got && want[1] === got[1]) {
    const [, number, unit] = want;
    const [letter, name, size] = binary[unit!]!;
    const [decimalName, decimalSize] = decimalNames[got[2]!]!;
    return `${actual} is ${amount(number!, decimalName)} (${bytes(Number(number) * decimalSize)} bytes); ${expected} is ${amount(number!, name)} (${bytes(Number(number) * size)} bytes) — write ${unit}, not ${letter === got[2] ? letter : got[2]}`;
  }
  // CPU: a bare number is whole cores.
  const milli = /^(\d+)m$/.exec(expected);
  if (milli && actual === milli[1]) return `${actual} is ${amount(actual, 'whole CPUs')}; ${expected} is ${Number(milli[1]) / 1000} of a CPU — add the m`;
  return undefined;
}

/** `64000000` for `67108864`: decimal megabytes written where binary mebibytes were asked. */
function bytesCause(actual: string, expected: string): string | undefined {
  if (!/^\d+$/.test(actual) || !/^\d+$/.test(expected)) return undefined;
  for (const [unit, [, name, size]] of Object.entries(binary)) {
    const n = Number(expected) / size;
    if (Number.isInteger(n) && n > 0 && Number(actual) === n * decimalNames[binary[unit]![0]]![1]) {
      return `${bytes(Number(actual))} bytes is ${amount(n, decimalNames[binary[unit]![0]]![0])}; ${amount(n, name)} is ${n} × ${bytes(size)} = ${bytes(Number(expected))} bytes`;
    }
  }
  return undefined;
}

function portNameCause(actual: unknown, expected: unknown, path: string): string | undefined {
  if (typeof actual !== 'string' || typeof expected !== 'number' || /^\d+$/.test(actual) || !/port/i.test(path)) return undefined;
  return `"${actual}" is a port name, not a number — write the number ${expected}`;
}

/** `nginx` for `nginx:1.27`: no tag means :latest. */
function imageTagCause(actual: string, expected: string): string | undefined {
  const tagOf = (ref: string) => /:([^/@:]+)$/.exec(ref)?.[1];
  const repo = (ref: string) => ref.replace(/@.*$/, '').replace(/:[^/:]+$/, '');
  if (!/^[a-z0-9./_-]+(:[\w.-]+)?(@sha256:[a-f0-9]+)?$/.test(expected) || !tagOf(expected) || repo(actual) !== repo(expected)) return undefined;
  const tag = tagOf(actual);
  if (!tag) return `an image without a tag means :latest — write ${expected}`;
  return undefined;
}

/** `data.LOG_LEVEL` missing from a ConfigMap or Secret, or a label key misspelt: say which keys there are. */
function missingKeyCause({ subject, path, assertion: a, siblings = [] }: CauseInput): string | undefined {
  if (a.absent === true) return undefined;
  const m = /^(.*)\.([^.[\]]+)$/.exec(path);
  if (!m) return undefined;
  const [, parentPath, key] = m;
  const kind = (subject as { kind?: string } | null)?.kind;
  const store = (kind === 'ConfigMap' || kind === 'Secret') && /^(data|stringData|binaryData)$/.test(parentPath!);
  if (store) {
    const data = { ...((subject as any).data ?? {}), ...((subject as any).binaryData ?? {}) } as Record<string, unknown>;
    const keys = Object.keys(data);
    const wanted = [...new Set([key!, ...siblings.flatMap((s) => (typeof s.path === 'string' && /^(data|stringData)\./.test(s.path) && !s.absent ? [s.path.replace(/^\w+\./, '')] : []))])];
    const head = keys.length ? `the ${kind} has keys [${keys.join(', ')}]` : `the ${kind} has no keys`;
    const text = (v: unknown) => {
      if (kind !== 'Secret') return String(v ?? '');
      const d = decodeSecretValue(v);
      return d.ok ? d.text : '';
    };
    const wholeFile = keys.some((k) => wanted.some((w) => new RegExp(`^\\s*${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*=`, 'm').test(text(data[k]))));
    const typo = closest(key!, keys.filter((k) => !wanted.includes(k)), 3, (s) => s.toLowerCase());
    const fix = wholeFile ? ' — use --from-env-file (--from-file stores the whole file under one key)' : typo ? ` — ${typo} looks like a misspelling of ${key}` : '';
    return `${head}; expected ${wanted.join(', ')}${fix}`;
  }
  const parent = getPath(subject, parentPath!);
  if (!parent || typeof parent !== 'object' || Array.isArray(parent)) return undefined;
  const keys = Object.keys(parent);
  if (keys.length === 0 || keys.length > 12) return undefined;
  const typo = closest(key!, keys, 3, (s) => s.toLowerCase());
  const shown = (k: string) => `${k}: ${JSON.stringify((parent as Record<string, unknown>)[k])}`;
  if (typo) return `${parentPath} has ${shown(typo)} — keys are matched exactly; expected ${key}`;
  const sameValue = 'equals' in a ? keys.find((k) => String((parent as Record<string, unknown>)[k]) === String(a.equals)) : undefined;
  if (sameValue) return `${parentPath} has ${shown(sameValue)} — the value is right, the key should be ${key}`;
  return undefined;
}
