import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ContextError } from './errors.ts';

/**
 * A tiny Docker Engine API client over node:http: what the checker and the
 * environment scripts need to look at images, containers, networks and volumes
 * and to run commands in containers, without a CLI or a dependency.
 * Paths are unversioned so the engine answers with its own API version.
 */

export type DockerEndpoint = { kind: 'unix'; socketPath: string } | { kind: 'tcp'; host: string; port: number };

export const defaultDockerSocket = '/var/run/docker.sock';

const startHint = 'start Docker with `npm run docker:up` (or start Docker Desktop)';

/** Parse a `DOCKER_HOST` value: `unix:///path`, a bare absolute socket path, or plain `tcp://host:port`. */
export function parseDockerHost(value: string): DockerEndpoint {
  const v = value.trim();
  if (v.startsWith('unix://')) {
    const socketPath = v.slice('unix://'.length);
    if (!socketPath.startsWith('/')) {
      throw new ContextError(`DOCKER_HOST="${value}" does not name an absolute socket path`, { fix: 'write it as unix:///var/run/docker.sock (three slashes)' });
    }
    return { kind: 'unix', socketPath };
  }
  if (v.startsWith('/')) return { kind: 'unix', socketPath: v };
  if (v.startsWith('tcp://') || v.startsWith('http://')) {
    const url = new URL(v.replace(/^tcp:/, 'http:'));
    return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 2375) };
  }
  throw new ContextError(`DOCKER_HOST="${value}" is not supported by kubecamp's Docker client`, {
    fix: 'use unix:///path/to/docker.sock or an unencrypted tcp://host:port, or unset DOCKER_HOST to use /var/run/docker.sock',
  });
}

export function formatEndpoint(endpoint: DockerEndpoint): string {
  return endpoint.kind === 'unix' ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`;
}

export interface EndpointLookup {
  exists(path: string): boolean;
  readText(path: string): string | undefined;
}

const realLookup: EndpointLookup = {
  exists: existsSync,
  readText: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
};

/**
 * Where the engine is, the way the docker CLI finds it: `DOCKER_HOST`, else the
 * current docker context (Docker Desktop, colima and rootless Docker set one),
 * else /var/run/docker.sock, else the per-user sockets those tools create.
 */
export function resolveDockerEndpoint(env: NodeJS.ProcessEnv = process.env, lookup: EndpointLookup = realLookup): DockerEndpoint {
  if (env.DOCKER_HOST) {
    if (env.DOCKER_TLS_VERIFY && env.DOCKER_HOST.startsWith('tcp://')) {
      throw new ContextError(`DOCKER_HOST=${env.DOCKER_HOST} uses TLS, which kubecamp's Docker client does not speak`, {
        fix: 'point DOCKER_HOST at a unix socket, or unset DOCKER_TLS_VERIFY for a local unencrypted engine',
      });
    }
    return parseDockerHost(env.DOCKER_HOST);
  }
  const home = env.HOME || homedir();
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  const contextHost = dockerContextHost(configDir, env.DOCKER_CONTEXT, lookup);
  if (contextHost) return parseDockerHost(contextHost);
  const candidates = [
    defaultDockerSocket,
    join(home, '.docker', 'run', 'docker.sock'),
    ...(env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'docker.sock')] : []),
    join(home, '.colima', 'default', 'docker.sock'),
  ];
  const found = candidates.find((p) => lookup.exists(p)) ?? defaultDockerSocket;
  return { kind: 'unix', socketPath: found };
}

function dockerContextHost(configDir: string, explicit: string | undefined, lookup: EndpointLookup): string | undefined {
  let name = explicit;
  if (!name) {
    try {
      name = JSON.parse(lookup.readText(join(configDir, 'config.json')) ?? '{}').currentContext;
    } catch {
      return undefined;
    }
  }
  if (!name || name === 'default') return undefined;
  const metaFile = join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');
  try {
    const host = JSON.parse(lookup.readText(metaFile) ?? '{}')?.Endpoints?.docker?.Host;
    return typeof host === 'string' && host ? host : undefined;
  } catch {
    return undefined;
  }
}

export interface DemuxedOutput {
  stdout: string;
  stderr: string;
}

/**
 * Splits the multiplexed stream the engine sends for logs, attach and exec of a
 * container without a TTY: frames of an 8-byte header (stream type; 3 zero
 * bytes; big-endian payload size) and the payload. Chunks may cut frames and
 * characters anywhere, so bytes are kept per stream and decoded at the end.
 */
export function createDemuxer(): { push(chunk: Buffer): void; end(): DemuxedOutput } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let pending: Buffer = Buffer.alloc(0);
  return {
    push(chunk) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8) {
        const type = pending[0];
        if (type > 3 || pending[1] !== 0 || pending[2] !== 0 || pending[3] !== 0) {
          throw new ContextError(`unexpected bytes in a Docker output stream (stream type ${type}); is the container running with a TTY?`);
        }
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        (type === 2 || type === 3 ? err : out).push(pending.subarray(8, 8 + size));
        pending = pending.subarray(8 + size);
      }
    },
    end() {
      if (pending.length) throw new ContextError(`a Docker output stream ended in the middle of a frame (${pending.length} bytes left over)`);
      return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
    },
  };
}

export function demuxDockerStream(data: Buffer): DemuxedOutput {
  const d = createDemuxer();
  d.push(data);
  return d.end();
}

/** Splits newline-delimited JSON (events, build and pull progress) across chunk boundaries. */
export function createJsonLineSplitter<T = unknown>(onValue: (value: T) => void): { push(chunk: Buffer | string): void; end(): void } {
  let partial = '';
  const emit = (line: string) => {
    if (line.trim()) onValue(JSON.parse(line) as T);
  };
  return {
    push(chunk) {
      partial += chunk.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(emit);
    },
    end() {
      emit(partial);
      partial = '';
    },
  };
}

/** A tar archive (ustar) of small in-memory files: a build context without touching the disk. */
export function tarArchive(files: readonly { path: string; content: string | Buffer; mode?: number }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const body = typeof f.content === 'string' ? Buffer.from(f.content) : f.content;
    if (Buffer.byteLength(f.path) > 100) throw new Error(`tar path too long: ${f.path}`);
    const h = Buffer.alloc(512);
    const field = (offset: number, length: number, value: string) => h.write(value, offset, length, 'utf8');
    const octal = (offset: number, length: number, n: number) => field(offset, length, `${n.toString(8).padStart(length - 1, '0')}\0`);
    field(0, 100, f.path);
    octal(100, 8, f.mode ?? 0o644);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, body.length);
    octal(136, 12, Math.floor(Date.now() / 1000));
    field(148, 8, ' '.repeat(8));
    field(156, 1, '0');
    field(257, 8, 'ustar\u000000');
    let sum = 0;
    for (const b of h) sum += b;
    field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export type DockerFilters = Record<string, string[]>;

/** Split `name:tag` (a registry port is not a tag: `localhost:5000/app` is tag `latest`); digests stay in the name. */
export function splitImageRef(ref: string): { name: string; tag: string } {
  if (ref.includes('@')) return { name: ref, tag: '' };
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  return colon > slash ? { name: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { name: ref, tag: 'latest' };
}

/** Query string for the engine: `filters` as the JSON map it expects, other values as-is. */
export function dockerQuery(params: Record<string, string | number | boolean | DockerFilters | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    q.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A non-2xx answer from the engine; `status` lets callers tell 404 and 409 apart. */
export class DockerApiError extends ContextError {
  readonly status: number;
  constructor(method: string, path: string, status: number, engineMessage: string) {
    super(`the Docker engine answered ${method} ${path.split('?')[0]} with HTTP ${status}`, { cause: engineMessage || `HTTP ${status}` });
    this.name = 'DockerApiError';
    this.status = status;
  }
}

// Minimal shapes of what the engine returns; only the fields kubecamp reads.

export interface DockerVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os: string;
  Arch: string;
  KernelVersion?: string;
}

export interface DockerInfo {
  ServerVersion: string;
  Driver: string;
  CgroupDriver?: string;
  CgroupVersion?: string;
  OperatingSystem?: string;
  SecurityOptions?: string[];
  Containers: number;
  Images: number;
}

export interface ImageConfigFields {
  User?: string;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Entrypoint?: string[] | null;
  WorkingDir?: string;
  ExposedPorts?: Record<string, object> | null;
  Volumes?: Record<string, object> | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  Healthcheck?: { Test?: string[]; Interval?: number; Timeout?: number; Retries?: number };
}

export interface ImageInspect {
  Id: string;
  RepoTags: string[] | null;
  RepoDigests?: string[] | null;
  Created: string;
  Architecture: string;
  Os: string;
  Size: number;
  Config: ImageConfigFields;
}

export interface ImageHistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

export interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
  Created: number;
  Size: number;
  Labels: Record<string, string> | null;
}

export interface ContainerInspect {
  Id: string;
  /** With the leading slash, as the engine reports it: "/web". */
  Name: string;
  Created: string;
  Image: string;
  Config: ImageConfigFields & { Image: string; Hostname: string; Tty: boolean };
  State: {
    Status: 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';
    Running: boolean;
    ExitCode: number;
    OOMKilled: boolean;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string };
  };
  HostConfig: {
    Privileged: boolean;
    NetworkMode: string;
    Memory: number;
    NanoCpus: number;
    CgroupnsMode?: string;
    ReadonlyRootfs?: boolean;
    PortBindings?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    RestartPolicy?: { Name: string; MaximumRetryCount: number };
    CapAdd?: string[] | null;
    CapDrop?: string[] | null;
  };
  NetworkSettings: {
    Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    Networks: Record<string, { NetworkID: string; IPAddress: string; Aliases?: string[] | null }>;
  };
  Mounts: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
}

export interface ContainerSummary {
  Id: string;
  /** When it was created, in seconds since the epoch. */
  Created: number;
  Names: string[];
  Image: string;
  State: string;
  Status: string;
  Labels: Record<string, string>;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
}

export interface NetworkSummary {
  Id: string;
  Name: string;
  Driver: string;
  Scope: string;
  Internal: boolean;
  IPAM: { Driver: string; Config: { Subnet?: string; Gateway?: string }[] | null };
  Labels: Record<string, string> | null;
}

export interface VolumeSummary {
  Name: string;
  Driver: string;
  Mountpoint: string;
  Labels: Record<string, string> | null;
  Scope: string;
}

export interface DockerEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
}

export interface ExecOptions {
  user?: string;
  env?: Record<string, string>;
  workdir?: string;
  /** Give up (and report) after this long; default 120 s. */
  timeoutMs?: number;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The body of POST /containers/create; see the Engine API reference. */
export interface ContainerCreateBody {
  Image: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  User?: string;
  Hostname?: string;
  Labels?: Record<string, string>;
  Tty?: boolean;
  ExposedPorts?: Record<string, object>;
  HostConfig?: Record<string, unknown>;
}

export interface DockerClient {
  readonly endpoint: DockerEndpoint;
  /** The engine's address for messages: `unix:///var/run/docker.sock`. */
  readonly address: string;
  /** Does an engine answer `/_ping`? Never throws. */
  ping(): Promise<boolean>;
  version(): Promise<DockerVersion>;
  info(): Promise<DockerInfo>;
  /** Any JSON call; throws DockerApiError (a ContextError) on non-2xx. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  inspectImage(ref: string): Promise<ImageInspect | null>;
  imageHistory(ref: string): Promise<ImageHistoryEntry[] | null>;
  listImages(options?: { filters?: DockerFilters }): Promise<ImageSummary[]>;
  removeImage(ref: string, options?: { force?: boolean }): Promise<void>;
  /**
   * Pull from a registry (public images; no credentials are sent). Fails when
   * nothing arrives for `idleTimeoutMs` (default 30 s), so a dead network
   * fails fast while a slow download goes on.
   */
  pullImage(ref: string, options?: { idleTimeoutMs?: number; onProgress?: (line: string) => void }): Promise<void>;
  /** Build from a tar of the context (Dockerfile at its root unless `dockerfile` says); returns the image ID. */
  buildImage(context: Buffer, options: { tag: string; dockerfile?: string; labels?: Record<string, string> }, onLine?: (line: string) => void): Promise<string>;
  inspectContainer(nameOrId: string): Promise<ContainerInspect | null>;
  listContainers(options?: { all?: boolean; filters?: DockerFilters }): Promise<ContainerSummary[]>;
  createContainer(body: ContainerCreateBody, name?: string): Promise<string>;
  startContainer(nameOrId: string): Promise<void>;
  /** Wait for the container to stop; returns its exit code. */
  waitContainer(nameOrId: string): Promise<number>;
  /** Remove (force: kill first); a missing container is not an error. */
  removeContainer(nameOrId: string, options?: { force?: boolean }): Promise<void>;
  logs(nameOrId: string, options?: { tail?: number }): Promise<DemuxedOutput>;
  exec(nameOrId: string, cmd: string[], options?: ExecOptions): Promise<ExecResult>;
  listNetworks(options?: { filters?: DockerFilters }): Promise<NetworkSummary[]>;
  listVolumes(options?: { filters?: DockerFilters }): Promise<VolumeSummary[]>;
  /** Stream engine events to `onEvent`; resolves once subscribed, with the function that stops it. */
  events(filters: DockerFilters, onEvent: (event: DockerEvent) => void, onError?: (err: Error) => void): Promise<() => void>;
}

interface RawResponse {
  status: number;
  body: Buffer;
}

export function dockerClient(env: NodeJS.ProcessEnv = process.env, options: { endpoint?: DockerEndpoint; timeoutMs?: number } = {}): DockerClient {
  const endpoint = options.endpoint ?? resolveDockerEndpoint(env);
  const address = formatEndpoint(endpoint);
  const defaultTimeout = options.timeoutMs ?? 60_000;

  function connectionError(err: NodeJS.ErrnoException): ContextError {
    if (err.code === 'EACCES') {
      return new ContextError(`no permission to use the Docker engine at ${address}`, {
        cause: err,
        fix: 'add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or run as root',
      });
    }
    return new ContextError(`cannot reach the Docker engine at ${address}`, { cause: err, fix: startHint });
  }

  /** Send a request; resolve with the response stream (status not checked). */
  function open(method: string, path: string, body?: Buffer, headers: Record<string, string> = {}, timeoutMs = defaultTimeout): Promise<{ res: IncomingMessage; abort: () => void }> {
    const base: RequestOptions =
      endpoint.kind === 'unix' ? { socketPath: endpoint.socketPath } : { host: endpoint.host, port: endpoint.port };
    return new Promise((resolve, reject) => {
      const req = httpRequest({ ...base, method, path, headers: { Host: 'docker', ...headers, ...(body ? { 'Content-Length': String(body.length) } : {}) } });
      const timer = timeoutMs > 0 ? setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs) : undefined;
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (timer) clearTimeout(timer);
        reject(err.code ? connectionError(err) : new ContextError(`${method} ${path.split('?')[0]} to the Docker engine failed`, { cause: err }));
      });
      req.on('response', (res) => {
        res.on('end', () => timer && clearTimeout(timer));
        res.on('close', () => timer && clearTimeout(timer));
        resolve({ res, abort: () => req.destroy() });
      });
      req.end(body);
    });
  }

  async function readAll(res: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  async function raw(method: string, path: string, body?: unknown, timeoutMs?: number): Promise<RawResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const { res } = await open(method, path, payload, payload ? { 'Content-Type': 'application/json' } : {}, timeoutMs);
    return { status: res.statusCode ?? 0, body: await readAll(res) };
  }

  function check(method: string, path: string, r: RawResponse): RawResponse {
    if (r.status >= 200 && r.status < 300) return r;
    throw new DockerApiError(method, path, r.status, engineMessage(r.body));
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = check(method, path, await raw(method, path, body));
    const text = r.body.toString('utf8');
    return (text.trim() ? JSON.parse(text) : undefined) as T;
  }

  async function orNull<T>(p: Promise<T>): Promise<T | null> {
    try {
      return await p;
    } catch (err) {
      if (err instanceof DockerApiError && err.status === 404) return null;
      throw err;
    }
  }

  const enc = encodeURIComponent;

  const client: DockerClient = {
    endpoint,
    address,
    async ping() {
      try {
        const r = await raw('GET', '/_ping', undefined, 5_000);
        return r.status === 200;
      } catch {
        return false;
      }
    },
    version: () => request('GET', '/version'),
    info: () => request('GET', '/info'),
    request,
    inspectImage: (ref) => orNull(request(`GET`, `/images/${enc(ref)}/json`)),
    imageHistory: (ref) => orNull(request('GET', `/images/${enc(ref)}/history`)),
    listImages: (o = {}) => request('GET', `/images/json${dockerQuery({ filters: o.filters })}`),
    async removeImage(ref, o = {}) {
      await orNull(request('DELETE', `/images/${enc(ref)}${dockerQuery({ force: o.force })}`));
    },
    async pullImage(ref, o = {}) {
      const { name, tag } = splitImageRef(ref);
      const path = `/images/create${dockerQuery({ fromImage: name, tag: tag || undefined })}`;
      const idle = o.idleTimeoutMs ?? 30_000;
      const { res, abort } = await open('POST', path, undefined, {}, 0);
      if ((res.statusCode ?? 0) >= 300) throw new ContextError(`pulling ${ref}`, { cause: new DockerApiError('POST', path, res.statusCode ?? 0, engineMessage(await readAll(res))) });
      let failure = '';
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          failure = `nothing arrived for ${idle / 1000} s`;
          abort();
        }, idle);
      };
      const lines = createJsonLineSplitter<{ status?: string; id?: string; error?: string }>((m) => {
        if (m.error) failure = m.error;
        else if (m.status && !m.status.startsWith('Downloading') && !m.status.startsWith('Extracting')) o.onProgress?.(m.id ? `${m.id}: ${m.status}` : m.status);
      });
      arm();
      try {
        for await (const c of res) {
          arm();
          lines.push(c as Buffer);
        }
        lines.end();
      } catch (err) {
        if (!failure) failure = err instanceof Error ? err.message : String(err);
      } finally {
        clearTimeout(timer);
      }
      if (failure) throw new ContextError(`pulling ${ref}`, { cause: failure });
    },
    async buildImage(context, o, onLine) {
      const labels = o.labels ? JSON.stringify(o.labels) : undefined;
      const path = `/build${dockerQuery({ t: o.tag, dockerfile: o.dockerfile, labels, rm: true, forcerm: true })}`;
      const { res } = await open('POST', path, context, { 'Content-Type': 'application/x-tar' }, 600_000);
      if ((res.statusCode ?? 0) >= 300) throw new DockerApiError('POST', path, res.statusCode ?? 0, engineMessage(await readAll(res)));
      let id = '';
      let failure = '';
      const lines = createJsonLineSplitter<{ stream?: string; error?: string; aux?: { ID?: string } }>((m) => {
        if (m.stream) m.stream.split('\n').filter((l) => l.trim()).forEach((l) => onLine?.(l));
        if (m.aux?.ID) id = m.aux.ID;
        if (m.error) failure = m.error;
      });
      for await (const c of res) lines.push(c as Buffer);
      lines.end();
      if (failure) throw new ContextError(`building ${o.tag} failed`, { cause: failure });
      if (!id) id = (await client.inspectImage(o.tag))?.Id ?? '';
      if (!id) throw new ContextError(`building ${o.tag} reported success but the image is missing`);
      return id;
    },
    inspectContainer: (id) => orNull(request('GET', `/containers/${enc(id)}/json`)),
    listContainers: (o = {}) => request('GET', `/containers/json${dockerQuery({ all: o.all, filters: o.filters })}`),
    async createContainer(body, name) {
      const r = await request<{ Id: string }>('POST', `/containers/create${dockerQuery({ name })}`, body);
      return r.Id;
    },
    async startContainer(id) {
      await request('POST', `/containers/${enc(id)}/start`);
    },
    async waitContainer(id) {
      const r = check('POST', '/containers/wait', await raw('POST', `/containers/${enc(id)}/wait`, undefined, 0));
      return (JSON.parse(r.body.toString('utf8')) as { StatusCode: number }).StatusCode;
    },
    async removeContainer(id, o = {}) {
      await orNull(request('DELETE', `/containers/${enc(id)}${dockerQuery({ force: o.force, v: true })}`));
    },
    async logs(id, o = {}) {
      const info = await client.inspectContainer(id);
      if (!info) throw new ContextError(`there is no container "${id}"`);
      const path = `/containers/${enc(id)}/logs${dockerQuery({ stdout: true, stderr: true, tail: o.tail ?? 'all' })}`;
      const r = check('GET', path, await raw('GET', path));
      return info.Config.Tty ? { stdout: r.body.toString('utf8'), stderr: '' } : demuxDockerStream(r.body);
    },
    async exec(id, cmd, o = {}) {
      const what = `running ${JSON.stringify(cmd)} in container "${id}"`;
      const created = await request<{ Id: string }>('POST', `/containers/${enc(id)}/exec`, {
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        Cmd: cmd,
        User: o.user,
        WorkingDir: o.workdir,
        Env: o.env ? Object.entries(o.env).map(([k, v]) => `${k}=${v}`) : undefined,
      }).catch((err) => {
        throw new ContextError(what, { cause: err });
      });
      const timeoutMs = o.timeoutMs ?? 120_000;
      const body = Buffer.from(JSON.stringify({ Detach: false, Tty: false }));
      const { res } = await open('POST', `/exec/${created.Id}/start`, body, { 'Content-Type': 'application/json' }, timeoutMs);
      if ((res.statusCode ?? 0) >= 300) throw new ContextError(what, { cause: new DockerApiError('POST', '/exec/start', res.statusCode ?? 0, engineMessage(await readAll(res))) });
      const demux = createDemuxer();
      try {
        for await (const c of res) demux.push(c as Buffer);
      } catch (err) {
        throw new ContextError(what, { cause: err });
      }
      const output = demux.end();
      // The stream can close a moment before the engine records the exit code.
      for (let i = 0; i < 50; i++) {
        const state = await request<{ Running: boolean; ExitCode: number | null }>('GET', `/exec/${created.Id}/json`);
        if (!state.Running && state.ExitCode !== null) return { exitCode: state.ExitCode, ...output };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new ContextError(`${what}: the engine never reported an exit code`);
    },
    listNetworks: (o = {}) => request('GET', `/networks${dockerQuery({ filters: o.filters })}`),
    async listVolumes(o = {}) {
      const r = await request<{ Volumes: VolumeSummary[] | null }>('GET', `/volumes${dockerQuery({ filters: o.filters })}`);
      return r.Volumes ?? [];
    },
    async events(filters, onEvent, onError) {
      const path = `/events${dockerQuery({ filters })}`;
      const { res, abort } = await open('GET', path, undefined, {}, 0);
      if ((res.statusCode ?? 0) >= 300) throw new DockerApiError('GET', path, res.statusCode ?? 0, engineMessage(await readAll(res)));
      let stopped = false;
      const lines = createJsonLineSplitter<DockerEvent>((e) => !stopped && onEvent(e));
      res.on('data', (c: Buffer) => {
        try {
          lines.push(c);
        } catch (err) {
          onError?.(err as Error);
        }
      });
      res.on('error', (err) => !stopped && onError?.(err));
      return () => {
        stopped = true;
        abort();
      };
    },
  };
  return client;
}

function engineMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: string };
    return parsed.message ?? text;
  } catch {
    return text;
  }
}
