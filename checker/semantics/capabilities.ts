/**
 * Linux capabilities a container ends up with, as the runtime computes them (containerd's CRI and
 * Docker agree): start from the runtime's default set; `add: [ALL]` (or privileged) gives every
 * capability; `drop: [ALL]` empties the set; then single capabilities are added, then single
 * ones dropped. Names compare case-insensitively, with or without `CAP_`.
 */

/** The runtime's default set (containerd and Docker). */
export const defaultCapabilities = [
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE',
  'NET_RAW', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
];

export interface CapabilityInput {
  add?: unknown;
  drop?: unknown;
  privileged?: boolean;
}

export interface EffectiveCapabilities {
  /** Every capability (privileged, or ALL added and not dropped), but those in `set`. */
  all: boolean;
  /** The set, sorted; with `all`, the capabilities missing from the full set. */
  set: string[];
  /** How it came about, for messages: `drops ALL, then adds NET_ADMIN back`. */
  how: string;
}

const normalise = (c: unknown) => String(c).toUpperCase().replace(/^CAP_/, '');
const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(normalise) : typeof v === 'string' ? [normalise(v)] : []);

export function effectiveCapabilities(input: CapabilityInput): EffectiveCapabilities {
  const add = listOf(input.add);
  const drop = listOf(input.drop);
  if (input.privileged) return { all: true, set: [], how: 'runs privileged' };
  let all = add.includes('ALL');
  let set = all ? [] : [...defaultCapabilities];
  const steps: string[] = [];
  if (drop.includes('ALL')) {
    all = false;
    set = [];
    steps.push('drops ALL');
  }
  const added = add.filter((c) => c !== 'ALL');
  const dropped = drop.filter((c) => c !== 'ALL');
  if (add.includes('ALL') && !drop.includes('ALL')) steps.push('adds ALL');
  if (!all) for (const c of added) if (!set.includes(c)) set.push(c);
  if (added.length) steps.push(`${steps.length ? 'then adds' : 'adds'} ${added.join(', ')}${drop.includes('ALL') ? ' back' : ''}`);
  set = set.filter((c) => !dropped.includes(c));
  if (dropped.length) steps.push(`${steps.length ? 'then drops' : 'drops'} ${dropped.join(', ')}`);
  if (steps.length === 0) steps.push("keeps the runtime's default set");
  return { all, set: [...new Set(all ? dropped : set)].sort(), how: steps.join(', ') };
}

export function describeCapabilities(e: EffectiveCapabilities): string {
  if (e.all) return e.set.length ? `every capability but ${e.set.join(', ')}` : 'every capability';
  return e.set.length ? e.set.join(', ') : 'no capabilities';
}

/** Kubernetes: privilege escalation stays possible unless set false (and always with privileged or CAP_SYS_ADMIN). */
export function privilegeEscalation(securityContext: any): { allowed: boolean; why: string } {
  const sc = securityContext ?? {};
  if (sc.privileged === true) return { allowed: true, why: 'it runs privileged' };
  const caps = effectiveCapabilities({ add: sc.capabilities?.add, drop: sc.capabilities?.drop });
  if ((caps.all && !caps.set.includes('SYS_ADMIN')) || (!caps.all && caps.set.includes('SYS_ADMIN'))) return { allowed: true, why: 'it has CAP_SYS_ADMIN' };
  if (sc.allowPrivilegeEscalation === false) return { allowed: false, why: 'allowPrivilegeEscalation is false' };
  return { allowed: true, why: sc.allowPrivilegeEscalation === true ? 'allowPrivilegeEscalation is true' : 'allowPrivilegeEscalation is not set (it defaults to true)' };
}
