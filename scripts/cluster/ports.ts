import { createServer } from 'node:net';
import { ContextError } from '../../checker/lib/errors.ts';

/** Fail early, with the fix, when a port we were asked to use is taken. */
export function assertPortFree(port: number, host = '127.0.0.1', options: { what?: string; fix?: string } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new ContextError(`port ${port} on ${host}${options.what ? ` (${options.what})` : ''} is already in use${err.code === 'EADDRINUSE' ? '' : ` (${err.code})`}`, {
          fix: `stop whatever listens on ${port} (\`ss -ltnp 'sport = :${port}'\` shows it) ${options.fix ?? 'or pass another --port'}`,
        }),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}
