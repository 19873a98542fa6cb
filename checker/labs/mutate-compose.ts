/**
 * Mutation testing of a compose file, beyond the field-by-field changes mutate.ts makes of any
 * YAML: a service's block removed (healthcheck, depends_on, environment…), a published port
 * changed, a read-only mount made writable, a depends_on condition weakened, a healthcheck's
 * command left unsplit; and the forms Compose reads the same (long port and volume syntax,
 * environment as a list, depends_on as a list, networks as a map, healthcheck test as a string,
 * command as a string), which must pass every task.
 */
import { parseDocument, stringify } from 'yaml';
import { noMutateConfig, type MutateConfig, type Mutation } from './mutate.ts';

type Service = Record<string, any>;

/** `8084:3000`, `127.0.0.1:8084:3000/tcp` → its parts; null for a form this does not rewrite. */
export function parseShortPort(spec: unknown): { ip?: string; published?: string; target: string; protocol?: string } | null {
  const m = /^(?:(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+(?:-\d+)?):)?(\d+(?:-\d+)?)(?:\/(tcp|udp))?$/.exec(String(spec));
  return m ? { ip: m[1], published: m[2], target: m[3], protocol: m[4] } : null;
}

/** `./app:/app:ro`, `db-data:/var/lib/postgresql/data` → its parts; null for a form this does not rewrite. */
export function parseShortVolume(spec: unknown): { source: string; target: string; mode?: string } | null {
  if (typeof spec !== 'string') return null;
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  return { source: parts[0], target: parts[1], mode: parts[2] };
}

const isBind = (source: string) => /^(\.|\/|~)/.test(source);

/** Every compose-specific meaning mutation and equivalent rewrite of a compose file. */
export function composeMutations(file: string, text: string, config: MutateConfig = noMutateConfig): Mutation[] {
  const doc = parseDocument(text).toJS() as { services?: Record<string, Service> } | null;
  const out: Mutation[] = [];
  if (!doc?.services || typeof doc.services !== 'object') return out;
  const add = (kind: Mutation['kind'], service: string, path: string, description: string, change: (s: Service) => void) => {
    if (config.irrelevant.some((r) => (!r.kind || r.kind === 'service' || r.kind === file) && (!r.name || r.name === service) && (path === r.path || path.startsWith(`${r.path}.`) || path.startsWith(`${r.path}[`)))) return;
    const copy = structuredClone(doc);
    change(copy.services![service]);
    out.push({ id: `${file}#${out.length + 1}`, kind, file, where: `service ${service}: ${path}`, description, text: stringify(copy) });
  };
  for (const [name, svc] of Object.entries(doc.services)) {
    if (!svc || typeof svc !== 'object') continue;
    // A whole block of settings removed (mutate.ts removes scalars and list items, not maps).
    for (const key of ['healthcheck', 'depends_on', 'environment', 'volumes', 'ports', 'networks', 'command', 'entrypoint', 'env_file', 'user', 'read_only']) {
      if (svc[key] !== undefined && svc[key] !== null && typeof svc[key] === 'object' && !Array.isArray(svc[key])) add('meaning', name, key, `removed ${key}`, (s) => delete s[key]);
    }
    (Array.isArray(svc.ports) ? svc.ports : []).forEach((p: unknown, i: number) => {
      const short = parseShortPort(p);
      if (!short) return;
      const path = `ports[${i}]`;
      if (short.published && /^\d+$/.test(short.published)) {
        const changed = String(p).replace(new RegExp(`(^|:)${short.published}:`), `$1${Number(short.published) + 1}:`);
        add('meaning', name, path, `port ${p} → ${changed} (another host port)`, (s) => (s.ports[i] = changed));
      }
      if (/^\d+$/.test(short.target)) {
        const changed = String(p).replace(new RegExp(`${short.target}(/\\w+)?$`), `${Number(short.target) + 1}$1`);
        add('meaning', name, path, `port ${p} → ${changed} (another container port)`, (s) => (s.ports[i] = changed));
      }
      const long: Record<string, unknown> = { target: Number(short.target), ...(short.published ? { published: short.published } : {}), ...(short.ip ? { host_ip: short.ip } : {}), protocol: short.protocol ?? 'tcp' };
      if (/^\d+$/.test(short.target)) add('equivalent', name, path, `port ${p} → long syntax ${JSON.stringify(long)}`, (s) => (s.ports[i] = long));
    });
    (Array.isArray(svc.volumes) ? svc.volumes : []).forEach((v: unknown, i: number) => {
      const short = parseShortVolume(v);
      if (!short) return;
      const path = `volumes[${i}]`;
      const modes = (short.mode ?? '').split(',').filter(Boolean);
      if (modes.includes('ro')) {
        const writable = [short.source, short.target, ...(modes.length > 1 ? [modes.filter((m) => m !== 'ro').join(',')] : [])].join(':');
        add('meaning', name, path, `volume ${v} → ${writable} (:ro dropped: writable)`, (s) => (s.volumes[i] = writable));
      }
      add('meaning', name, path, `volume ${v}: target ${short.target} → ${short.target}/other`, (s) => (s.volumes[i] = [short.source, `${short.target}/other`, ...(short.mode ? [short.mode] : [])].join(':')));
      if (modes.every((m) => m === 'ro' || m === 'rw')) {
        const long = { type: isBind(short.source) ? 'bind' : 'volume', source: short.source, target: short.target, ...(modes.includes('ro') ? { read_only: true } : {}) };
        add('equivalent', name, path, `volume ${v} → long syntax ${JSON.stringify(long)}`, (s) => (s.volumes[i] = long));
      }
    });
    const env = svc.environment;
    if (env && typeof env === 'object' && !Array.isArray(env)) {
      const list = Object.entries(env).map(([k, v]) => (v === null ? k : `${k}=${v}`));
      add('equivalent', name, 'environment', 'environment map → list (KEY=value)', (s) => (s.environment = list));
    } else if (Array.isArray(env) && env.every((e) => typeof e === 'string')) {
      const map = Object.fromEntries(env.map((e: string) => (e.includes('=') ? [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] : [e, null])));
      add('equivalent', name, 'environment', 'environment list → map', (s) => (s.environment = map));
    }
    const deps = svc.depends_on;
    if (deps && typeof deps === 'object' && !Array.isArray(deps)) {
      for (const [dep, spec] of Object.entries(deps as Record<string, any>)) {
        // Only a weaker condition: a stronger one on a service without a healthcheck cannot start.
        const condition = spec?.condition ?? 'service_started';
        if (condition === 'service_started') continue;
        const weaker = 'service_started';
        add('meaning', name, `depends_on.${dep}.condition`, `depends_on ${dep}: condition ${condition} → ${weaker}`, (s) => (s.depends_on[dep] = { ...(spec ?? {}), condition: weaker }));
      }
      const started = Object.entries(deps as Record<string, any>).filter(([, spec]) => (spec?.condition ?? 'service_started') === 'service_started' && Object.keys(spec ?? {}).every((k) => k === 'condition'));
      if (started.length === Object.keys(deps).length) add('equivalent', name, 'depends_on', 'depends_on map (service_started) → list', (s) => (s.depends_on = Object.keys(deps)));
    } else if (Array.isArray(deps)) {
      add('equivalent', name, 'depends_on', 'depends_on list → map (condition: service_started)', (s) => (s.depends_on = Object.fromEntries(deps.map((d: string) => [d, { condition: 'service_started' }]))));
    }
    if (Array.isArray(svc.networks) && svc.networks.length) {
      add('equivalent', name, 'networks', 'networks list → map', (s) => (s.networks = Object.fromEntries(svc.networks.map((n: string) => [n, {}]))));
    }
    const test = svc.healthcheck?.test;
    if (Array.isArray(test) && test[0] === 'CMD-SHELL' && test.length === 2) {
      add('equivalent', name, 'healthcheck.test', `healthcheck.test [CMD-SHELL, …] → the string ${JSON.stringify(test[1])} (run by a shell)`, (s) => (s.healthcheck.test = test[1]));
      if (/\s/.test(test[1])) add('meaning', name, 'healthcheck.test', `healthcheck.test CMD-SHELL → CMD with the command unsplit (looks for a program named ${JSON.stringify(test[1])})`, (s) => (s.healthcheck.test = ['CMD', test[1]]));
    }
    if (Array.isArray(svc.command) && svc.command.every((w: unknown) => typeof w === 'string' && /^[\w./=:-]+$/.test(w))) {
      add('equivalent', name, 'command', `command list → the string ${JSON.stringify(svc.command.join(' '))}`, (s) => (s.command = svc.command.join(' ')));
    }
  }
  return out;
}
