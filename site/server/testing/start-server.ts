import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../server.ts';

export interface StartedServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  base: string;
  port: number;
  token: string;
  /** The `Cookie` header a page has after opening the printed `?token=` address (got by doing just that). */
  cookie: string;
  /** Headers a script sends: `Authorization: token …`. */
  auth: { authorization: string };
  /** The server process (to measure it, or see that it is still alive). */
  pid: number;
  /** Everything it printed so far. */
  output(): string;
  /** The exit code once it exits (null: killed by a signal). */
  exited: Promise<number | null>;
  workspaces: string;
  progressFile: string;
  /** SIGTERM, wait for the exit, remove its folder; resolves to the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm start -- --port 0 --no-env` for real, in its own process: a free
 * loopback port, a token of its own (KUBECAMP_TOKEN, so nothing is written to
 * the kubecamp home), and its own workspaces, progress file and namespace
 * prefix, so a test never touches a learner's work.
 */
export async function startServer(options: { namespacePrefix?: string; args?: string[]; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {}): Promise<StartedServer> {
  const prefix = options.namespacePrefix ?? 'test-';
  const dir = await realpath(await mkdtemp(join(tmpdir(), `kubecamp-server-${prefix}`)));
  const workspaces = join(dir, 'workspaces');
  const progressFile = join(dir, 'progress.json');
  const token = randomBytes(24).toString('base64url');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', 'site/server/main.ts', '--port', '0', '--no-env', ...(options.args ?? [])], {
    cwd: projectRoot,
    env: { ...process.env, KUBECAMP_TOKEN: token, KUBECAMP_WORKSPACES: workspaces, KUBECAMP_PROGRESS: progressFile, KUBECAMP_NAMESPACE_PREFIX: prefix, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const base = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /kubecamp is at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`the server exited with code ${code} before listening:\n${output}`)));
  });
  const port = Number(new URL(base).port);
  const res = await fetch(`${base}/?token=${token}`, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  await res.arrayBuffer();
  if (res.status !== 302 || !setCookie) throw new Error(`opening the ?token= address answered ${res.status} without a cookie`);
  return {
    base,
    port,
    token,
    cookie: setCookie.split(';')[0]!,
    auth: { authorization: `token ${token}` },
    pid: child.pid!,
    output: () => output,
    exited,
    workspaces,
    progressFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      await rm(dir, { recursive: true, force: true });
      return code;
    },
  };
}
