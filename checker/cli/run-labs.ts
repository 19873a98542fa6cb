import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../labs/load.ts';

/**
 * `labs` as a person runs it, a separate process, for the CLI's contract
 * tests: judged by its exit code and what it prints. It runs the TypeScript
 * sources (KUBECAMP_LABS_FROM_SOURCE=1), so tests never depend on a build.
 */
export function runLabs(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin/labs.mjs'), ...args], { env: { ...process.env, KUBECAMP_LABS_FROM_SOURCE: '1', ...env }, timeout: 120_000 }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out, err });
    });
  });
}

/**
 * Problems that make a text not well-formed XML (an empty list when it is):
 * one root, tags closed in order, quoted attributes, no bare & or <. Enough
 * to hold a CI's JUnit reader to what it parses.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const open: string[] = [];
  let roots = 0;
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(body))) {
    if (m[0] === '<' || m[0] === '&') {
      problems.push(`a bare ${m[0]} at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
      continue;
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      const top = open.pop();
      if (top !== name) problems.push(`</${name}> closes <${top ?? 'nothing'}>`);
    } else {
      if (open.length === 0) roots++;
      if (!selfClosing) open.push(name);
    }
  }
  if (open.length) problems.push(`unclosed: ${open.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}
