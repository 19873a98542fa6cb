/**
 * A Deployment's rolling-update limits as the deployment controller uses them: Pod counts.
 * `maxSurge` and `maxUnavailable` are an int or a percentage of `spec.replicas`; the controller
 * rounds a surge percentage UP and an unavailable one DOWN (`ResolveFenceposts`), so at 3 replicas
 * `maxUnavailable: 25%` lets no Pod go, `maxSurge: 33%` adds one and `34%` two. When both resolve to 0 the
 * controller lets one Pod go (a rollout must move somehow). The API server fills in 25% for a field
 * left out; a manifest read before the API server sees it gets the same default here.
 */
export interface RollingLimit {
  /** Pods the limit allows at these replicas. */
  pods: number;
  /** How the count came about, for messages: `maxUnavailable "25%" of 3 replicas, rounded down`. */
  how: string;
}

export interface RollingUpdateLimits {
  replicas: number;
  /** Undefined when the Deployment does not roll Pods one by one (strategy Recreate). */
  surge?: RollingLimit;
  unavailable?: RollingLimit;
  /** `Recreate` or `RollingUpdate`. */
  strategy: string;
  /** Why a limit means nothing (a string that is not a percentage: the API server refuses it). */
  invalid?: string;
}

const defaultLimit = '25%';

/** An int-or-percent limit scaled to `replicas`, or a reason it means nothing (the API server refuses such a value). */
export function scaleLimit(value: unknown, replicas: number, roundUp: boolean): { ok: true; pods: number } | { ok: false; reason: string } {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return { ok: true, pods: value };
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value.trim()) : null;
  if (!m) return { ok: false, reason: `${JSON.stringify(value)} is neither a whole number of Pods nor a percentage` };
  const exact = (Number(m[1]) * replicas) / 100;
  return { ok: true, pods: roundUp ? Math.ceil(exact) : Math.floor(exact) };
}

function limit(name: string, value: unknown, replicas: number, roundUp: boolean): RollingLimit | string {
  const given = value ?? defaultLimit;
  const shown = `${name} ${typeof given === 'string' ? JSON.stringify(given) : given}${value === undefined ? ' (the default)' : ''}`;
  const r = scaleLimit(given, replicas, roundUp);
  if (!r.ok) return `${name} ${r.reason}`;
  const percent = typeof given === 'string';
  return { pods: r.pods, how: percent ? `${shown} of ${replicas} replicas, rounded ${roundUp ? 'up' : 'down'}` : shown };
}

export function rollingUpdateLimits(deployment: any): RollingUpdateLimits {
  const spec = deployment?.spec ?? {};
  const replicas = Number(spec.replicas ?? 1);
  const strategy = String(spec.strategy?.type ?? 'RollingUpdate');
  if (strategy !== 'RollingUpdate') return { replicas, strategy };
  const ru = spec.strategy?.rollingUpdate ?? {};
  const surge = limit('maxSurge', ru.maxSurge, replicas, true);
  const unavailable = limit('maxUnavailable', ru.maxUnavailable, replicas, false);
  if (typeof surge === 'string' || typeof unavailable === 'string') return { replicas, strategy, invalid: [surge, unavailable].filter((x) => typeof x === 'string').join('; ') };
  if (surge.pods === 0 && unavailable.pods === 0) {
    return { replicas, strategy, surge, unavailable: { pods: 1, how: `${unavailable.how}; with maxSurge also 0 the controller lets 1 Pod go anyway` } };
  }
  return { replicas, strategy, surge, unavailable };
}

const pods = (n: number) => `${n === 0 ? 'no' : n} Pod${n === 1 ? '' : 's'}`;

/** `adds up to 1 Pod beyond the replicas (maxSurge 1)` / `lets no Pods go unavailable (maxUnavailable "25%" of 3 replicas, rounded down)`. */
export function describeSurge(l: RollingLimit): string {
  return `adds ${l.pods === 0 ? 'no extra Pods' : `up to ${pods(l.pods)} beyond the replicas`} (${l.how})`;
}

export function describeUnavailable(l: RollingLimit, replicas: number): string {
  return `lets ${l.pods === 0 ? 'no Pods' : `${l.pods} of ${pods(replicas)}`} go unavailable (${l.how})`;
}
