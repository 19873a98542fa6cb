import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, writeSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dockerClient, type DockerClient, type DockerEndpoint, defaultDockerSocket } from '../../checker/lib/docker-api.ts';
import { ContextError, lastLines } from '../../checker/lib/errors.ts';
import { formatDuration, type StepHandle } from '../../checker/lib/logger.ts';
import { paths } from '../../checker/lib/paths.ts';
import { processAlive } from '../lib/process-alive.ts';

/** Files of the engine kubecamp starts itself (never of a learner's own Docker). */
export function dockerdFiles(env: NodeJS.ProcessEnv = process.env) {
  const home = paths(env).home;
  return { log: join(home, 'dockerd.log'), pid: join(home, 'dockerd.pid') };
}

/** Arguments for the first try: the engine's own defaults (overlay2 when the kernel has it, iptables on). */
export function dockerdArgs(endpoint: DockerEndpoint): string[] {
  if (endpoint.kind !== 'unix') throw new ContextError(`kubecamp only starts an engine on a unix socket, but DOCKER_HOST points at ${endpoint.host}:${endpoint.port}`);
  return endpoint.socketPath === defaultDockerSocket ? [] : ['--host', `unix://${endpoint.socketPath}`];
}

/**
 * After dockerd exited during start-up: the arguments for the next try, or null
 * when its log shows nothing we know how to work around. Kernels without the
 * iptables NAT modules get `--iptables=false` (containers still talk to each
 * other and publish ports through docker-proxy); filesystems that cannot hold
 * overlay2 (overlay on overlay, some CI sandboxes) get the slow but universal vfs.
 */
export function nextDockerdArgs(previous: string[], log: string): string[] | null {
  const has = (flag: string) => previous.some((a) => a.startsWith(flag));
  // Only the errors count: info lines name the storage driver on every start.
  const errors = log.split('\n').filter((l) => /level=(error|fatal)|failed to start daemon/i.test(l)).join('\n');
  if (/iptables|nat chain|bridge-nf-call/i.test(errors) && !has('--iptables')) return [...previous, '--iptables=false'];
  if (/overlay|graphdriver|storage[- ]driver|driver not supported/i.test(errors) && !has('--storage-driver')) {
    return [...previous, '--storage-driver=vfs'];
  }
  return null;
}


function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The pid of the dockerd kubecamp started, if it still runs. */
export async function ourDockerdPid(env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const file = dockerdFiles(env).pid;
  if (!existsSync(file)) return undefined;
  const pid = Number((await readFile(file, 'utf8')).trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) && processName(pid) === 'dockerd' ? pid : undefined;
}

/** Wait until `/_ping` answers, reporting progress; fails early if `exited()` says the process died. */
export async function waitForEngine(client: DockerClient, step: StepHandle, timeoutMs: number, exited: () => boolean): Promise<boolean> {
  const started = Date.now();
  let lastReport = started;
  while (Date.now() - started < timeoutMs) {
    if (await client.ping()) return true;
    if (exited()) return false;
    if (Date.now() - lastReport >= 5_000) {
      step.progress(`waiting for ${client.address} to answer /_ping`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/**
 * Start dockerd detached (it outlives this command), logging to the kubecamp
 * cache, retrying with safer settings when it dies on iptables or storage.
 * Returns the arguments that worked.
 */
export async function startDockerd(env: NodeJS.ProcessEnv, endpoint: DockerEndpoint, step: StepHandle, timeoutMs = 90_000): Promise<string[]> {
  const files = dockerdFiles(env);
  await mkdir(paths(env).home, { recursive: true });
  const client = dockerClient(env, { endpoint });
  let args: string[] | null = dockerdArgs(endpoint);
  while (args) {
    const logStart = existsSync(files.log) ? readFileSync(files.log).length : 0;
    const fd = openSync(files.log, 'a');
    writeSync(fd, `\n--- ${new Date().toISOString()} kubecamp docker:up: dockerd ${args.join(' ')}\n`);
    const child = spawn('dockerd', args, { detached: true, stdio: ['ignore', fd, fd], env });
    closeSync(fd);
    let exitCode: number | null | undefined;
    child.on('exit', (code) => (exitCode = code));
    const spawnError = await new Promise<Error | undefined>((resolve) => {
      child.once('error', resolve);
      child.once('spawn', () => resolve(undefined));
    });
    if (spawnError) throw new ContextError('could not start dockerd', { cause: spawnError });
    child.unref();
    await writeFile(files.pid, `${child.pid}\n`);
    step.progress(`started dockerd (pid ${child.pid}${args.length ? `, ${args.join(' ')}` : ''}); log: ${files.log}`);
    if (await waitForEngine(client, step, timeoutMs, () => exitCode !== undefined)) return args;
    const log = readFileSync(files.log).subarray(logStart).toString('utf8');
    if (exitCode === undefined) {
      process.kill(child.pid!, 'SIGTERM');
      throw new ContextError(`dockerd did not answer within ${formatDuration(timeoutMs)}`, { details: lastLines(log, 15), fix: `read ${files.log}` });
    }
    await rm(files.pid, { force: true });
    const next = nextDockerdArgs(args, log);
    if (!next) {
      throw new ContextError(`dockerd exited with code ${exitCode} while starting`, { details: lastLines(log, 15), fix: `read ${files.log}; the lines above usually name the missing kernel feature` });
    }
    step.progress(`dockerd exited with code ${exitCode}; retrying with ${next.filter((a) => !args!.includes(a)).join(' ')}`);
    args = next;
  }
  throw new Error('unreachable');
}

/** Stop the dockerd kubecamp started (SIGTERM, then wait); returns false when there was none. */
export async function stopDockerd(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<boolean> {
  const pid = await ourDockerdPid(env);
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (processAlive(pid)) throw new ContextError(`dockerd (pid ${pid}) did not stop within ${formatDuration(timeoutMs)}`, { fix: `kill ${pid}` });
  await rm(dockerdFiles(env).pid, { force: true });
  return true;
}
