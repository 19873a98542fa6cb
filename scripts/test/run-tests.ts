import { spawn, type ChildProcess } from 'node:child_process';
import { formatDuration } from '../../checker/lib/logger.ts';

/**
 * `npm test`: the vitest projects in two processes at once. The kind project
 * (one throwaway kind cluster, the 16 Kubernetes labs on it: ≈ 25 min, mostly
 * waiting on kubelets and probe periods) runs beside unit + integration
 * (≈ 16 min) instead of after them; one vitest process cannot do that, since
 * its projects share one pool and each of these runs its files one at a time.
 * With arguments (`npm test -- checker/foo.test.ts`), one `vitest run` with them.
 */
export interface TestRun {
  label: string;
  args: string[];
}

export function plannedRuns(argv: string[]): TestRun[] {
  if (argv.length) return [{ label: '', args: ['run', ...argv] }];
  return [
    { label: 'kind', args: ['run', '--project', 'kind'] },
    { label: 'unit+integration', args: ['run', '--project', 'unit', '--project', 'integration'] },
  ];
}

/** Prefix each complete line (so two processes' output never mixes inside a line). */
export function linePrefixer(prefix: string, write: (text: string) => void): { push(chunk: string): void; end(): void } {
  let pending = '';
  return {
    push(chunk) {
      const text = pending + chunk;
      const cut = text.lastIndexOf('\n');
      if (cut < 0) {
        pending = text;
        return;
      }
      pending = text.slice(cut + 1);
      write(text.slice(0, cut + 1).replace(/^(?=.)/gm, prefix));
    },
    end() {
      if (pending) write(`${prefix}${pending}\n`);
      pending = '';
    },
  };
}

export function summaryLine(run: TestRun, code: number | null, signal: NodeJS.Signals | null, ms: number): string {
  const outcome = code === 0 ? 'passed' : signal ? `stopped by ${signal}` : `failed (exit ${code})`;
  return `${run.label}: ${outcome} after ${formatDuration(ms)}`;
}

function start(run: TestRun, prefixed: boolean): { child: ChildProcess; done: Promise<number> } {
  const started = Date.now();
  const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', ...run.args], {
    stdio: prefixed ? ['ignore', 'pipe', 'pipe'] : 'inherit',
  });
  if (prefixed) {
    const prefix = `${run.label} │ `;
    for (const [stream, to] of [[child.stdout!, process.stdout], [child.stderr!, process.stderr]] as const) {
      const lines = linePrefixer(prefix, (text) => to.write(text));
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => lines.push(chunk));
      stream.on('end', () => lines.end());
    }
  }
  const done = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      process.stderr.write(`${run.label || 'vitest'}: could not start vitest: ${error.message}\n`);
      resolve(1);
    });
    child.on('close', (code, signal) => {
      if (prefixed) process.stdout.write(`── ${summaryLine(run, code, signal, Date.now() - started)}\n`);
      resolve(code ?? 1);
    });
  });
  return { child, done };
}

export async function main(argv: string[]): Promise<number> {
  const runs = plannedRuns(argv);
  const started = runs.map((run) => start(run, runs.length > 1));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => started.forEach(({ child }) => child.kill(signal)));
  }
  const codes = await Promise.all(started.map(({ done }) => done));
  return codes.find((code) => code !== 0) ?? 0;
}
