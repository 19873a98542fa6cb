import type { Instruction } from 'dockerfile-ast';
import { familiarImage, imageMatches } from '../../semantics/image-reference.ts';
import { finalStage, lineage, lineOf, list, shown, substitute, varsBefore, type Model, type Violation } from './model.ts';

// What the built image will be, read from the Dockerfile as the builder resolves it (ARGs, ENV,
// stages built on stages): the facts a task states ("based on node:26-bookworm-slim", "declares
// port 3000"), judged in any spelling.

/** The final stage is built on `expected` (an image reference as `image:` reads it: any spelling, a patch release). */
export function baseIs(m: Model, expected: string): Violation[] {
  const final = finalStage(m);
  if (!final) return [];
  const root = lineage(final)[0];
  const raw = root.from.getImage() ?? '';
  const via = root === final ? '' : ` (through the stage ${root.name ?? 'on line ' + root.line} it builds on)`;
  const fix = `write FROM ${expected}`;
  const fail = (message: string, actual: string): Violation[] => [{ rule: 'base', line: root.line, message: `line ${root.line}: ${message}`, expected, actual }];
  if (root.unresolved.length > 0) {
    return fail(`FROM ${raw} uses ARG ${root.unresolved[0]}, which has no default, so the base image is whatever the build is given, not ${expected}; ${fix}`, raw);
  }
  if (imageMatches(root.base, expected)) return [];
  const actual = root.base.toLowerCase() === 'scratch' ? 'scratch' : familiarImage(root.base);
  const spelled = raw === root.base ? '' : ` (FROM ${raw})`;
  return fail(`the final stage${via} is built on ${actual}${spelled}, not ${expected}: the image gets that base's operating system and runtime, not the ones the task asks for; ${fix}`, actual);
}

interface Port {
  from: number;
  to: number;
  protocol: string;
  text: string;
}

function parsePort(text: string): Port | null {
  const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(text);
  if (!m) return null;
  return { from: Number(m[1]), to: Number(m[2] ?? m[1]), protocol: (m[3] ?? 'tcp').toLowerCase(), text };
}

const portText = (p: Port) => `${p.from}${p.to !== p.from ? `-${p.to}` : ''}${p.protocol !== 'tcp' ? `/${p.protocol}` : ''}`;

/** The final stage's EXPOSE instructions declare each of `expected` (`3000`, `3000/tcp`, `53/udp`), ENV and ARG values resolved. */
export function exposesPorts(m: Model, expected: readonly (string | number)[]): Violation[] {
  const final = finalStage(m);
  if (!final || expected.length === 0) return [];
  const chain = lineage(final);
  const declared: Port[] = [];
  const out: Violation[] = [];
  const exposes = chain.flatMap((s) => s.body).filter((i: Instruction) => i.getKeyword() === 'EXPOSE');
  for (const ins of exposes) {
    const vars = varsBefore(m, chain, ins);
    for (const arg of ins.getArguments()) {
      const { value, unresolved } = substitute(arg.getValue(), vars);
      if (unresolved.length > 0) {
        out.push({ rule: 'exposes', line: lineOf(ins), message: `line ${lineOf(ins)}: ${shown(ins)} uses ${unresolved[0]}, which has no value at that point (an ARG needs a default, or ENV before it), so the image declares no port for it; write the port, e.g. EXPOSE ${expected[0]}`, expected: String(expected[0]), actual: arg.getValue() });
        continue;
      }
      for (const word of value.split(/\s+/).filter(Boolean)) {
        const p = parsePort(word);
        if (p) declared.push(p);
      }
    }
  }
  const wanted = expected.map((e) => parsePort(String(e))).filter((p): p is Port => !!p);
  const missing = wanted.filter((w) => !declared.some((d) => d.protocol === w.protocol && d.from <= w.from && w.to <= d.to));
  if (missing.length === 0) return [];
  if (out.length > 0) return out;
  const line = exposes.length ? lineOf(exposes[exposes.length - 1]) : final.line;
  const has = declared.length ? `declares port${declared.length > 1 ? 's' : ''} ${list(declared.map(portText))} only` : 'has no EXPOSE';
  const want = list(missing.map(portText));
  return [{
    rule: 'exposes',
    line,
    message: `line ${line}: the final stage ${has}, so the image does not declare port ${want}, the one the app listens on (docker run -P and readers of the image go by it); add EXPOSE ${missing.map(portText).join(' ')}`,
    expected: wanted.map(portText).join(', '),
    actual: declared.length ? declared.map(portText).join(', ') : 'none',
  }];
}
