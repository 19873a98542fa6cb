import { Exec, type V1Status } from '@kubernetes/client-node';
import { Writable } from 'node:stream';
import { ContextError } from '../lib/errors.ts';
import { loadKubeConfig, type KubeTarget } from '../lib/kube-config.ts';
import type { ExecOutput } from './docker-view.ts';

/** The exit code in the status the API server sends when an exec ends. */
export function exitCodeOf(status: Pick<V1Status, 'status' | 'details'>): number {
  if (status.status === 'Success') return 0;
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  return code !== undefined && /^\d+$/.test(code) ? Number(code) : -1;
}

/**
 * Why an exec could not start, as an Error: the client library rejects with the WebSocket's
 * ErrorEvent (not an Error) when the API server refuses the upgrade, e.g. "Unexpected server
 * response: 500" for a container that stopped before the command could run.
 */
export function execFailure(err: unknown): Error {
  if (err instanceof Error) return err;
  const message = (err as { message?: unknown } | null)?.message;
  return new Error(typeof message === 'string' && message ? message : String(err));
}

/**
 * Run `command` in a container of a Pod, as `kubectl exec` does (the API
 * server's exec subresource over a WebSocket), and collect its output.
 * Stops it after `timeoutMs` (exit code -1, like a command that never ended).
 */
export async function execInPod(
  target: KubeTarget,
  pod: { namespace: string; name: string; container: string },
  command: string[],
  timeoutMs = 10_000,
): Promise<ExecOutput> {
  const exec = new Exec(loadKubeConfig(target));
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        add(chunk.toString());
        done();
      },
    });
  return new Promise<ExecOutput>((resolve, reject) => {
    let exitCode: number | undefined;
    let settled = false;
    const finish = (code: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode: code, stdout, stderr });
    };
    const timer = setTimeout(() => {
      stderr += `\n(stopped after ${timeoutMs / 1000} s)`;
      socket?.close();
      finish(-1);
    }, timeoutMs);
    let socket: { close(): void } | undefined;
    exec
      .exec(pod.namespace, pod.name, pod.container, command, sink((s) => (stdout += s)), sink((s) => (stderr += s)), null, false, (status) => {
        exitCode = exitCodeOf(status);
        if (exitCode === -1 && status.message) stderr += status.message;
      })
      .then(
        (ws) => {
          socket = ws;
          ws.on('close', () => finish(exitCode ?? -1));
        },
        (err) => {
          settled = true;
          clearTimeout(timer);
          reject(new ContextError(`cannot run \`${command.join(' ')}\` in Pod ${pod.name} (container ${pod.container})`, { cause: execFailure(err) }));
        },
      );
  });
}
