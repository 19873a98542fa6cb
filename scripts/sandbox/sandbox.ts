import { readFileSync } from 'node:fs';
import { DockerApiError, type ContainerCreateBody, type ContainerInspect, type DockerClient } from '../../checker/lib/docker-api.ts';
import { ContextError, withContext } from '../../checker/lib/errors.ts';
import { noopLogger, timedStep, type Logger } from '../../checker/lib/logger.ts';
import {
  clearSandboxState,
  sandboxContainerName,
  sandboxImage,
  writeSandboxState,
  type SandboxState,
} from '../../checker/lib/sandbox-state.ts';
import { requireDockerEngine } from '../docker/engine.ts';
import { ensureImages } from '../images/ensure-images.ts';

/** Linux capability numbers (linux/capability.h), for reading a CapBnd mask. */
export const capabilityNames = [
  'CHOWN', 'DAC_OVERRIDE', 'DAC_READ_SEARCH', 'FOWNER', 'FSETID', 'KILL', 'SETGID', 'SETUID', 'SETPCAP',
  'LINUX_IMMUTABLE', 'NET_BIND_SERVICE', 'NET_BROADCAST', 'NET_ADMIN', 'NET_RAW', 'IPC_LOCK', 'IPC_OWNER',
  'SYS_MODULE', 'SYS_RAWIO', 'SYS_CHROOT', 'SYS_PTRACE', 'SYS_PACCT', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_NICE',
  'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'MKNOD', 'LEASE', 'AUDIT_WRITE', 'AUDIT_CONTROL', 'SETFCAP',
  'MAC_OVERRIDE', 'MAC_ADMIN', 'SYSLOG', 'WAKE_ALARM', 'BLOCK_SUSPEND', 'AUDIT_READ', 'PERFMON', 'BPF',
  'CHECKPOINT_RESTORE',
] as const;

/** Capabilities the kernel knows but a bounding set (`CapBnd:` hex from /proc/self/status) lacks. */
export function missingCapabilities(capBndHex: string, lastCap = capabilityNames.length - 1): string[] {
  const mask = BigInt(`0x${capBndHex.trim()}`);
  return capabilityNames.filter((_, bit) => bit <= lastCap && !(mask & (1n << BigInt(bit))));
}

/** cgroup version from `stat -fc %T /sys/fs/cgroup`. */
export function cgroupVersionFromFsType(fsType: string): 1 | 2 {
  const t = fsType.trim();
  if (t === 'cgroup2fs') return 2;
  if (t === 'tmpfs' || t === 'cgroupfs') return 1;
  throw new ContextError(`unexpected filesystem "${t}" at /sys/fs/cgroup in the sandbox`);
}

export interface SandboxMode {
  privileged: boolean;
  /** Capabilities to drop when not privileged: those the engine's host cannot grant. */
  capDrop: string[];
  /** Engine API 1.41+ (Docker 20.10+) can give the sandbox its own cgroup namespace. */
  cgroupns: boolean;
}

/**
 * The container the sandbox runs in. Privileged when the host allows it; else
 * the same powers spelled out: every capability the host has, no seccomp or
 * AppArmor profile, unmasked /proc, every device (the init script makes /sys
 * and the cgroup mounts writable).
 */
export function sandboxCreateBody(image: string, mode: SandboxMode): ContainerCreateBody {
  const hostConfig: Record<string, unknown> = mode.privileged
    ? { Privileged: true }
    : {
        CapAdd: ['ALL'],
        CapDrop: mode.capDrop,
        SecurityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
        // What the CLI's --security-opt systempaths=unconfined sends: nothing masked or read-only in /proc.
        MaskedPaths: [],
        ReadonlyPaths: [],
        DeviceCgroupRules: ['a *:* rwm'],
      };
  if (mode.cgroupns) hostConfig.CgroupnsMode = 'private';
  return {
    Image: image,
    Hostname: sandboxContainerName,
    Labels: { 'org.kubecamp.sandbox': 'true', 'org.kubecamp.sandbox.privileged': String(mode.privileged) },
    HostConfig: hostConfig,
  };
}

function apiAtLeast(version: string, wanted: [number, number]): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > wanted[0] || (major === wanted[0] && minor >= wanted[1]);
}

function hostBoundingSet(): string | undefined {
  try {
    return /^CapBnd:\s*([0-9a-f]+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

async function waitUntilReady(client: DockerClient, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await client.inspectContainer(sandboxContainerName);
    if (!info?.State.Running) {
      const logs = await client.logs(sandboxContainerName).catch(() => ({ stdout: '', stderr: '' }));
      throw new ContextError(`the sandbox container stopped right after starting (exit code ${info?.State.ExitCode})`, { details: `${logs.stdout}${logs.stderr}` });
    }
    if ((await client.logs(sandboxContainerName)).stdout.includes('kubecamp sandbox ready')) return;
    if (Date.now() > deadline) throw new ContextError('the sandbox did not report ready within 20 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function start(client: DockerClient, mode: SandboxMode): Promise<void> {
  await client.createContainer(sandboxCreateBody(sandboxImage, mode), sandboxContainerName);
  try {
    await client.startContainer(sandboxContainerName);
  } catch (err) {
    await client.removeContainer(sandboxContainerName, { force: true });
    throw err;
  }
}

/** Ask the running sandbox which cgroup version it sees. */
export async function sandboxCgroupVersion(client: DockerClient): Promise<1 | 2> {
  const r = await client.exec(sandboxContainerName, ['stat', '-fc', '%T', '/sys/fs/cgroup']);
  if (r.exitCode !== 0) throw new ContextError('reading the cgroup filesystem type in the sandbox failed', { details: r.stderr });
  return cgroupVersionFromFsType(r.stdout);
}

/**
 * Start the sandbox (idempotent: a running sandbox from the current image is
 * kept; a stopped or outdated one is replaced) and record it for the checker.
 */
export async function sandboxUp({ env = process.env, logger = noopLogger }: { env?: NodeJS.ProcessEnv; logger?: Logger } = {}): Promise<SandboxState & { reused: boolean }> {
  const client = await requireDockerEngine(env);
  await ensureImages([sandboxImage], { env, logger });
  const image = await client.inspectImage(sandboxImage);
  const existing = await client.inspectContainer(sandboxContainerName);
  if (existing && !existing.Config.Labels?.['org.kubecamp.sandbox']) {
    throw new ContextError(`a container named ${sandboxContainerName} exists but kubecamp did not create it`, { fix: `remove or rename it (\`docker rm -f ${sandboxContainerName}\`)` });
  }
  if (existing?.State.Running && existing.Image === image?.Id) {
    const state = stateOf(existing, await sandboxCgroupVersion(client));
    await writeSandboxState(state, env);
    return { ...state, reused: true };
  }
  if (existing) {
    logger.info(existing.State.Running ? 'the sandbox runs an older image; replacing it' : 'removing the stopped sandbox');
    await client.removeContainer(sandboxContainerName, { force: true });
  }
  const version = await client.version();
  const cgroupns = apiAtLeast(version.ApiVersion, [1, 41]);
  await withContext(`starting the sandbox container ${sandboxContainerName} from ${sandboxImage}`, () => timedStep(logger, `starting the ${sandboxContainerName} container`, async (step) => {
    try {
      await start(client, { privileged: true, capDrop: [], cgroupns });
    } catch (err) {
      // Some hosts (CI sandboxes) drop capabilities from every process's bounding set,
      // and runc cannot grant a privileged container what the host lacks.
      if (!(err instanceof DockerApiError && /apply caps|operation not permitted/i.test(err.message))) throw err;
      const bounding = hostBoundingSet();
      const capDrop = bounding ? missingCapabilities(bounding) : [];
      const why = /unable to apply caps[^:]*: [^:]+/.exec(err.message)?.[0] ?? 'operation not permitted';
      step.progress(`--privileged is refused here (${why}); using every capability the host has${capDrop.length ? ` (all but ${capDrop.join(', ')})` : ''} instead`);
      await start(client, { privileged: false, capDrop, cgroupns });
    }
    await waitUntilReady(client);
  }));
  const info = await client.inspectContainer(sandboxContainerName);
  if (!info) throw new ContextError('the sandbox container vanished right after starting');
  const state = stateOf(info, await sandboxCgroupVersion(client));
  await writeSandboxState(state, env);
  return { ...state, reused: false };
}

function stateOf(info: ContainerInspect, cgroupVersion: 1 | 2): SandboxState {
  return {
    container: sandboxContainerName,
    image: sandboxImage,
    cgroupVersion,
    privileged: info.HostConfig.Privileged,
    startedAt: info.State.StartedAt,
  };
}

export async function sandboxDown({ env = process.env }: { env?: NodeJS.ProcessEnv } = {}): Promise<boolean> {
  const client = await requireDockerEngine(env);
  const existed = !!(await client.inspectContainer(sandboxContainerName));
  await client.removeContainer(sandboxContainerName, { force: true });
  await clearSandboxState(env);
  return existed;
}
