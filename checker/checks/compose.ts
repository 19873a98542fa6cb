import { dirname, isAbsolute, posix, resolve } from 'node:path';
import type { CheckOf } from '../schemas/check.ts';
import type { CheckContext } from '../engine/context.ts';
import { evaluateAssertion } from '../engine/assert.ts';
import { fail, pass, type Outcome } from '../engine/outcome.ts';
import { exec } from '../lib/exec.ts';
import { closest } from '../lib/closest.ts';
import { parseLearnerYaml } from '../lib/learner-yaml.ts';

/** A compose file after normalisation: every short form in its long form, as `docker compose config` prints it. */
export type ComposeModel = Record<string, any> & { services: Record<string, Record<string, any>> };

export type ComposeResult = { ok: true; model: ComposeModel; via: 'docker compose config' | 'builtin' } | { ok: false; problem: string };

/** A learner mistake in the file, reported as the check's failure. */
class ComposeProblem extends Error {}

const isMap = (v: unknown): v is Record<string, any> => !!v && typeof v === 'object' && !Array.isArray(v);

const topLevelKeys = ['version', 'name', 'include', 'services', 'models', 'networks', 'volumes', 'secrets', 'configs'];

// From the compose-spec JSON schema's service definition; anything else is rejected by `docker compose config` too.
const serviceKeys = new Set(
  `develop deploy annotations attach build blkio_config cap_add cap_drop cgroup cgroup_parent command configs container_name
  cpu_count cpu_percent cpu_shares cpu_quota cpu_period cpu_rt_period cpu_rt_runtime cpus cpuset credential_spec depends_on
  device_cgroup_rules devices dns dns_opt dns_search domainname entrypoint env_file label_file environment expose extends
  provider external_links extra_hosts gpus group_add healthcheck hostname image init ipc isolation labels links logging
  mac_address mem_limit mem_reservation mem_swappiness memswap_limit network_mode models networks oom_kill_disable
  oom_score_adj pid pids_limit platform ports post_start pre_stop privileged profiles pull_policy pull_refresh_after
  read_only restart runtime scale security_opt shm_size secrets sysctls stdin_open stop_grace_period stop_signal
  storage_opt tmpfs tty ulimits use_api_socket user uts userns_mode volumes volumes_from working_dir`.split(/\s+/),
);

const conditions = ['service_started', 'service_healthy', 'service_completed_successfully'];

const closestKey = (word: string, options: Iterable<string>) => closest(word, options, 3, (s) => s.toLowerCase().replace(/[-_\s]/g, ''));

// ---------- reading ----------

/** YAML text → plain data, or the first syntax error with its line and column; alias bombs are refused (see learner-yaml.ts). */
export function parseComposeYaml(text: string): { ok: true; data: unknown } | { ok: false; problem: string } {
  const parsed = parseLearnerYaml(text, { merge: true, uniqueKeys: true });
  if (parsed.ok) return parsed;
  if (parsed.expansion) return { ok: false, problem: parsed.problem };
  return { ok: false, problem: `YAML syntax error${parsed.line ? ` at line ${parsed.line}, column ${parsed.col}` : ''}: ${parsed.problem}` };
}

/** KEY=VALUE lines of a `.env` file (quotes removed, `export` and comments ignored). */
export function parseDotEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][\w.]*)\s*=\s*(.*?)\s*$/.exec(raw);
    if (!m || raw.trim().startsWith('#')) continue;
    const v = m[2];
    env[m[1]] = /^(["']).*\1$/.test(v) ? v.slice(1, -1) : v.replace(/\s+#.*$/, '');
  }
  return env;
}

/** `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR:+alt}`, `$VAR`, `$$`, in every string value. */
function interpolate(value: unknown, env: Record<string, string>, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_]\w*)/g, (m, braced, op, word, bare) => {
      if (m === '$$') return '$';
      const name: string = braced ?? bare;
      const v = env[name];
      const set = v !== undefined;
      const nonEmpty = set && v !== '';
      if (op === ':-') return nonEmpty ? v : word;
      if (op === '-') return set ? v : word;
      if (op === ':+') return nonEmpty ? word : '';
      if (op === '+') return set ? word : '';
      if ((op === ':?' && !nonEmpty) || (op === '?' && !set)) {
        throw new ComposeProblem(`${path} needs variable ${name}${word ? ` (${word})` : ''}; set it in .env beside the compose file`);
      }
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}[${i}]`));
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path ? `${path}.${k}` : k)]));
  return value;
}

// ---------- normalisation ----------

/** Split a command string as a POSIX shell would (quotes and backslashes), which is what compose does. */
export function shellSplit(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && /["\\$`]/.test(command[i + 1] ?? '')) word += command[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      word += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function listToMap(value: unknown, where: string, missing: null | ''): Record<string, string | null> {
  if (Array.isArray(value)) {
    return Object.fromEntries(
      value.map((item) => {
        const s = String(item);
        const eq = s.indexOf('=');
        return eq < 0 ? [s, missing] : [s.slice(0, eq), s.slice(eq + 1)];
      }),
    );
  }
  if (isMap(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, v === null || v === undefined ? missing : String(v)]));
  throw new ComposeProblem(`${where} must be a list of KEY=VALUE or a map`);
}

const portRange = /^(\d+)(?:-(\d+))?$/;

function expandRange(spec: string, where: string): number[] {
  const m = portRange.exec(spec);
  if (!m) throw new ComposeProblem(`${where}: "${spec}" is not a port number`);
  const from = Number(m[1]);
  const to = m[2] ? Number(m[2]) : from;
  if (from < 1 || to > 65535 || to < from) throw new ComposeProblem(`${where}: ${spec} is not a port between 1 and 65535`);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** `"127.0.0.1:8080:80/udp"`, `"8080:80"`, `"80"`, `80`, `"8000-8001:8000-8001"` → long syntax entries. */
export function parsePort(item: unknown, where: string): Record<string, any>[] {
  if (isMap(item)) {
    if (item.target === undefined) throw new ComposeProblem(`${where} has no target (the container port)`);
    const out: Record<string, any> = { mode: item.mode ?? 'ingress' };
    if (item.host_ip) out.host_ip = item.host_ip;
    out.target = Number(item.target);
    if (item.published !== undefined && item.published !== null) out.published = String(item.published);
    out.protocol = item.protocol ?? 'tcp';
    for (const k of ['name', 'app_protocol']) if (item[k] !== undefined) out[k] = item[k];
    return [out];
  }
  const text = String(item).trim();
  const slash = text.lastIndexOf('/');
  const protocol = slash >= 0 ? text.slice(slash + 1) : 'tcp';
  let spec = slash >= 0 ? text.slice(0, slash) : text;
  let hostIp: string | undefined;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  if (v6) [hostIp, spec] = [v6[1], v6[2]];
  const parts = spec.split(':');
  if (parts.length === 3 && !hostIp) hostIp = parts.shift();
  if (parts.length > 2 || (v6 && parts.length !== 2)) throw new ComposeProblem(`${where}: "${text}" is not a port mapping; write "HOST:CONTAINER", e.g. "8080:80"`);
  const [published, target] = parts.length === 2 ? parts : [undefined, parts[0]];
  const targets = expandRange(target, where);
  const publishedPorts = published ? expandRange(published, where) : [];
  return targets.map((t, i) => {
    const out: Record<string, any> = { mode: 'ingress' };
    if (hostIp) out.host_ip = hostIp;
    out.target = t;
    if (published) out.published = publishedPorts.length === targets.length ? String(publishedPorts[i]) : published;
    out.protocol = protocol;
    return out;
  });
}

/** `data:/var/lib/x:ro` (named volume), `./src:/app` (bind), `/cache` (anonymous) → long syntax. */
export function parseVolume(item: unknown, where: string, baseDir?: string): Record<string, any> {
  if (isMap(item)) {
    if (!item.type) throw new ComposeProblem(`${where} has no type (volume, bind or tmpfs)`);
    return item;
  }
  const parts = String(item).split(':');
  if (parts.length === 1) return { type: 'volume', target: parts[0], volume: {} };
  if (parts.length > 3) throw new ComposeProblem(`${where}: "${item}" is not SOURCE:TARGET[:MODE]`);
  const [source, target, mode = ''] = parts;
  const modes = mode.split(',').filter(Boolean);
  const bind = /^[./~]/.test(source);
  const out: Record<string, any> = {
    type: bind ? 'bind' : 'volume',
    source: bind && baseDir && !source.startsWith('~') && !isAbsolute(source) ? resolve(baseDir, source) : source,
    target,
  };
  if (modes.includes('ro')) out.read_only = true;
  if (bind) out.bind = { create_host_path: true, ...(modes.find((m) => m === 'z' || m === 'Z') ? { selinux: modes.find((m) => m === 'z' || m === 'Z') } : {}) };
  else out.volume = modes.includes('nocopy') ? { nocopy: true } : {};
  return out;
}

/** `env_file: a.env`, `[a.env, b.env]` or `[{path: a.env, required: false}]` → each file and whether it must exist. */
export function envFileEntries(value: unknown, where: string): { path: string; required: boolean }[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, i) => {
    if (typeof item === 'string' && item.trim()) return { path: item, required: true };
    if (isMap(item) && typeof item.path === 'string' && item.path.trim()) return { path: item.path, required: item.required !== false };
    throw new ComposeProblem(`${where}${Array.isArray(value) ? `[${i}]` : ''} must be a file name or {path: <file>, required: true|false}`);
  });
}

/** Texts of the env files services name, by the path as written (null: not found); absent when not read. */
type EnvFiles = Record<string, string | null>;

function normaliseService(name: string, raw: unknown, baseDir?: string, envFiles?: EnvFiles): Record<string, any> {
  const where = (field: string) => `services.${name}.${field}`;
  if (!isMap(raw)) throw new ComposeProblem(`services.${name} is ${raw === null ? 'empty' : 'not a map'}; give it at least image: or build:`);
  const s: Record<string, any> = { ...raw };
  if (typeof s.build === 'string') s.build = { context: s.build };
  if (isMap(s.build)) {
    const context = s.build.context ?? '.';
    const remote = /^[a-z]+:\/\/|^git@/.test(context);
    s.build = { ...s.build, context: baseDir && !remote && !isAbsolute(context) ? resolve(baseDir, context) : context, dockerfile: s.build.dockerfile ?? 'Dockerfile' };
  }
  for (const k of ['command', 'entrypoint']) if (typeof s[k] === 'string') s[k] = shellSplit(s[k]);
  if (s.depends_on !== undefined) {
    const deps = Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d: unknown) => [String(d), {}])) : s.depends_on;
    if (!isMap(deps)) throw new ComposeProblem(`${where('depends_on')} must be a list of service names or a map`);
    s.depends_on = Object.fromEntries(Object.entries(deps).map(([dep, v]) => [dep, { condition: 'service_started', required: true, ...(isMap(v) ? v : {}) }]));
  }
  if (s.environment !== undefined) s.environment = listToMap(s.environment, where('environment'), null);
  // As `docker compose config` does: the env files' variables join the environment, whose own entries win.
  if (s.env_file !== undefined && envFiles) {
    const fromFiles: Record<string, string> = {};
    for (const { path, required } of envFileEntries(s.env_file, where('env_file'))) {
      const text = envFiles[path];
      if (text === undefined) continue;
      if (text === null) {
        if (required) throw new ComposeProblem(`${where('env_file')} names ${path}, which is not in the workspace beside the compose file`);
        continue;
      }
      Object.assign(fromFiles, parseDotEnv(text));
    }
    s.environment = { ...fromFiles, ...(s.environment ?? {}) };
  }
  if (s.labels !== undefined) s.labels = listToMap(s.labels, where('labels'), '');
  if (s.ports !== undefined) {
    if (!Array.isArray(s.ports)) throw new ComposeProblem(`${where('ports')} must be a list, e.g. - "8080:80"`);
    s.ports = s.ports.flatMap((p: unknown, i: number) => parsePort(p, where(`ports[${i}]`)));
  }
  if (Array.isArray(s.expose)) s.expose = s.expose.map(String);
  if (s.volumes !== undefined) {
    if (!Array.isArray(s.volumes)) throw new ComposeProblem(`${where('volumes')} must be a list, e.g. - data:/var/lib/data`);
    s.volumes = s.volumes.map((v: unknown, i: number) => parseVolume(v, where(`volumes[${i}]`), baseDir));
  }
  if (isMap(s.healthcheck) && typeof s.healthcheck.test === 'string') s.healthcheck = { ...s.healthcheck, test: ['CMD-SHELL', s.healthcheck.test] };
  if (Array.isArray(s.networks)) s.networks = Object.fromEntries(s.networks.map((n: unknown) => [String(n), null]));
  return s;
}

/**
 * Raw compose data → the normalised model. `baseDir` (the compose file's folder) makes
 * bind sources and build contexts absolute, as `docker compose config` does.
 */
export function normaliseCompose(raw: Record<string, any>, options: { baseDir?: string; envFiles?: EnvFiles } = {}): ComposeModel {
  const services = Object.fromEntries(Object.entries(raw.services ?? {}).map(([name, s]) => [name, normaliseService(name, s, options.baseDir, options.envFiles)]));
  const model: ComposeModel = { ...raw, services };
  for (const k of ['volumes', 'networks', 'secrets', 'configs']) {
    if (isMap(raw[k])) model[k] = Object.fromEntries(Object.entries(raw[k]).map(([n, v]) => [n, v ?? {}]));
  }
  return model;
}

// ---------- validation ----------

function checkShape(raw: unknown): void {
  if (raw === null || raw === undefined) throw new ComposeProblem('the file is empty; start it with services:');
  if (!isMap(raw)) throw new ComposeProblem('the file must be a map with a services: key at the top');
  for (const key of Object.keys(raw)) {
    if (topLevelKeys.includes(key) || key.startsWith('x-')) continue;
    const guess = closestKey(key, topLevelKeys);
    throw new ComposeProblem(`unknown top-level key ${key}${guess ? `; did you mean ${guess}?` : `; allowed: ${topLevelKeys.join(', ')}`}`);
  }
  if (!isMap(raw.services) || Object.keys(raw.services).length === 0) throw new ComposeProblem('no services; add a services: map with at least one service');
  for (const [name, s] of Object.entries(raw.services)) {
    if (!isMap(s)) continue;
    for (const key of Object.keys(s)) {
      if (serviceKeys.has(key) || key.startsWith('x-')) continue;
      const guess = closestKey(key, serviceKeys);
      throw new ComposeProblem(`services.${name} has an unknown key ${key}${guess ? `; did you mean ${guess}?` : ''}`);
    }
  }
}

/** The first problem `docker compose config` would also refuse, naming the service and field; null when valid. */
export function validateCompose(model: ComposeModel): string | null {
  const names = Object.keys(model.services);
  const volumes = Object.keys(isMap(model.volumes) ? model.volumes : {});
  const networks = Object.keys(isMap(model.networks) ? model.networks : {});
  for (const [name, s] of Object.entries(model.services)) {
    if (!s.image && !s.build) return `services.${name} has neither image nor build; add image: <name:tag> or build: <folder>`;
    for (const [dep, spec] of Object.entries<any>(s.depends_on ?? {})) {
      if (!names.includes(dep)) return `services.${name}.depends_on names "${dep}", which is not a service in this file (services: ${names.join(', ')})`;
      if (!conditions.includes(spec.condition)) return `services.${name}.depends_on.${dep}.condition is "${spec.condition}"; use ${conditions.join(', ')}`;
      if (dep === name) return `services.${name}.depends_on names the service itself`;
    }
    for (const [i, v] of (s.volumes ?? []).entries()) {
      if (v.type === 'volume' && v.source && !volumes.includes(v.source)) {
        return `services.${name}.volumes[${i}] mounts named volume "${v.source}", which is not declared; add ${v.source}: under the top-level volumes: key`;
      }
    }
    for (const net of Object.keys(isMap(s.networks) ? s.networks : {})) {
      if (net !== 'default' && !networks.includes(net)) return `services.${name}.networks names "${net}", which is not declared; add ${net}: under the top-level networks: key`;
    }
  }
  return null;
}

/** Text of a compose file (and of the .env beside it) → the validated, normalised model, without Docker. */
export function readComposeText(text: string, options: { dotenv?: string | null; baseDir?: string; envFiles?: EnvFiles } = {}): ComposeResult {
  const parsed = parseComposeYaml(text);
  if (!parsed.ok) return parsed;
  try {
    checkShape(parsed.data);
    const env = options.dotenv ? parseDotEnv(options.dotenv) : {};
    const model = normaliseCompose(interpolate(parsed.data, env, '') as Record<string, any>, { baseDir: options.baseDir, envFiles: options.envFiles });
    const problem = validateCompose(model);
    return problem ? { ok: false, problem } : { ok: true, model, via: 'builtin' };
  } catch (err) {
    if (err instanceof ComposeProblem) return { ok: false, problem: err.message };
    throw err;
  }
}

// ---------- the real thing, when installed ----------

let cliAvailable: Promise<boolean> | undefined;

function composeCliAvailable(): Promise<boolean> {
  cliAvailable ??= exec('docker', ['compose', 'version'], { allowFailure: true, timeoutMs: 10_000 }).then(
    (r) => r.code === 0,
    () => false,
  );
  return cliAvailable;
}

async function readComposeByCli(full: string, file: string): Promise<ComposeResult> {
  const r = await exec('docker', ['compose', '-f', full, 'config', '--format', 'json'], { cwd: dirname(full), allowFailure: true, timeoutMs: 30_000 });
  if (r.code !== 0 || r.timedOut) {
    const line = (r.stderr || r.stdout).split('\n').map((l) => l.trim()).find(Boolean) ?? `docker compose config exited with code ${r.code}`;
    return { ok: false, problem: line.split(full).join(file) };
  }
  return { ok: true, model: JSON.parse(r.stdout), via: 'docker compose config' };
}

/**
 * The compose file as `docker compose config` sees it: by the real command when the compose
 * plugin is installed (`cli: 'auto'`), else by the checker's own reading, which normalises
 * the same short forms and refuses the same basic mistakes. Null when the file is missing.
 */
export async function loadCompose(ctx: CheckContext, file: string, options: { cli?: 'auto' | 'never' } = {}): Promise<ComposeResult | null> {
  const text = await ctx.files.read(file);
  if (text === null) return null;
  const full = ctx.files.path(file);
  // An alias bomb is refused here, before `docker compose config` spends its memory on it.
  const bounded = parseLearnerYaml(text, { merge: true });
  if (!bounded.ok && bounded.expansion) return { ok: false, problem: bounded.problem };
  if ((options.cli ?? 'auto') === 'auto' && (await composeCliAvailable())) return readComposeByCli(full, file);
  const dotenv = await ctx.files.read(posix.join(posix.dirname(file), '.env'));
  return readComposeText(text, { dotenv, baseDir: dirname(full), envFiles: await readEnvFiles(ctx, file, text) });
}

/** The env files the services of a compose file name, read from beside it (null when missing or outside the workspace). */
async function readEnvFiles(ctx: CheckContext, file: string, text: string): Promise<EnvFiles> {
  const parsed = parseComposeYaml(text);
  const services = parsed.ok && isMap(parsed.data) && isMap(parsed.data.services) ? Object.entries(parsed.data.services) : [];
  const envFiles: EnvFiles = {};
  for (const [name, s] of services) {
    if (!isMap(s) || s.env_file === undefined) continue;
    let entries: { path: string }[];
    try {
      entries = envFileEntries(s.env_file, `services.${name}.env_file`);
    } catch {
      continue; // a malformed env_file is reported by the normalisation
    }
    for (const { path } of entries) {
      if (path in envFiles || posix.isAbsolute(path)) continue; // a host path outside the workspace: left unread
      envFiles[path] = await ctx.files.read(posix.join(posix.dirname(file), path)).catch(() => null);
    }
  }
  return envFiles;
}

export async function compose(check: CheckOf<'compose'>, ctx: CheckContext, options: { cli?: 'auto' | 'never' } = {}): Promise<Outcome> {
  const result = await loadCompose(ctx, check.file, options);
  if (!result) return fail(`${check.file} not found in the workspace`, { expected: `${check.file} in the workspace`, actual: 'not found' });
  if (!result.ok) return fail(`${check.file}: ${result.problem}`);
  for (const a of check.expect) {
    const r = evaluateAssertion(result.model, a);
    if (!r.ok) return fail(`${check.file}: ${r.message}`, { expected: r.expected, actual: r.actual });
  }
  const names = Object.keys(result.model.services ?? {});
  const met = check.expect.length ? `; ${check.expect.length} expectation(s) met` : '';
  return pass(`${check.file} is valid: ${names.length} service(s) (${names.join(', ')})${met}`);
}

// ---------- live ----------

/** State of one container: from `inspect` when available, else from the list summary (`Status` text holds the health). */
function stateOf(summary: any, inspected: any | null): { status: string; exitCode?: number; health?: string; healthLog?: string } {
  const st = inspected?.State ?? (isMap(summary.State) ? summary.State : { Status: summary.State });
  const fromText = /\((healthy|unhealthy|health: starting)\)/.exec(summary.Status ?? '')?.[1]?.replace('health: ', '');
  const health = st.Health?.Status ?? summary.Health?.Status ?? fromText;
  const log = st.Health?.Log?.[st.Health.Log.length - 1]?.Output;
  return { status: st.Status ?? 'unknown', exitCode: st.ExitCode, health, healthLog: typeof log === 'string' ? log.trim().split('\n')[0].slice(0, 120) : undefined };
}

export async function composeLive(check: CheckOf<'compose.live'>, ctx: CheckContext): Promise<Outcome> {
  const docker = ctx.docker();
  const project = `compose project ${check.project}`;
  const all = (await docker.listContainers({ label: [`com.docker.compose.project=${check.project}`] })).filter(
    (c) => c.Labels?.['com.docker.compose.oneoff'] !== 'True',
  );
  const want = `${check.services.join(', ')} running`;
  if (all.length === 0) return fail(`${project} has no containers; start it with docker compose up -d`, { expected: want, actual: 'no containers', retry: true });
  const found = [...new Set(all.map((c) => c.Labels?.['com.docker.compose.service']).filter(Boolean))];
  const healthy: string[] = [];
  for (const service of check.services) {
    const containers = all.filter((c) => c.Labels?.['com.docker.compose.service'] === service);
    if (containers.length === 0) {
      return fail(`${project}: service ${service} has no container (found: ${found.join(', ') || 'none'}); run docker compose up -d`, { expected: `${service} running`, actual: 'no container', retry: true });
    }
    for (const c of containers) {
      const cname = String(c.Names?.[0] ?? c.Id ?? service).replace(/^\//, '');
      const s = stateOf(c, await docker.inspectContainer(c.Id ?? cname));
      const who = `${project}: service ${service} (${cname})`;
      if (s.status !== 'running') {
        const code = s.status === 'exited' && s.exitCode !== undefined ? ` (exit code ${s.exitCode})` : '';
        return fail(`${who} is ${s.status}${code}; see docker compose logs ${service}`, { expected: 'running', actual: `${s.status}${code}`, retry: true });
      }
      if (s.health === 'unhealthy') {
        return fail(`${who} is running but unhealthy${s.healthLog ? `: ${s.healthLog}` : ''}; check its healthcheck and docker compose logs ${service}`, { expected: 'healthy', actual: 'unhealthy', retry: true });
      }
      if (s.health === 'starting') return fail(`${who} is running; its healthcheck has not passed yet`, { expected: 'healthy', actual: 'starting', retry: true });
      if (s.health === 'healthy' && !healthy.includes(service)) healthy.push(service);
    }
  }
  return pass(`${project}: ${check.services.join(', ')} running${healthy.length ? ` (${healthy.join(', ')} healthy)` : ''}`);
}
