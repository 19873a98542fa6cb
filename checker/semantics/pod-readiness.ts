/**
 * Is a Pod ready, as a learner means it: Ready, and staying Ready. A container whose command
 * exits at once is Ready for a moment after each start (until the kubelet sees it exit), so a
 * single look at the Ready condition can pass a crash loop. A Pod counts once it has been Ready
 * for `steadyReadyMs` without a container restarting — a Deployment's `minReadySeconds`, which
 * Kubernetes defaults to 0.
 */
export const steadyReadyMs = 5000;

export interface PodReadiness {
  /** Ready now, and for at least `steadyReadyMs`. */
  steady: boolean;
  /** The Ready condition is True now. */
  ready: boolean;
  /** Ready but not yet for long enough: how long until it would count, if nothing changes. */
  settlesInMs?: number;
  /** What keeps it from counting, for the learner ("container api restarted 3 times (last: exit code 1, Error); now CrashLoopBackOff"). */
  why?: string;
  /** A short state for `actual`: CrashLoopBackOff, Pending, Ready 2 s… */
  state: string;
}

const seconds = (ms: number) => `${Math.max(0, Math.round(ms / 1000))} s`;

function lastExit(terminated: any): string {
  if (!terminated) return '';
  const parts = [`exit code ${terminated.exitCode ?? '?'}`];
  if (terminated.reason && terminated.reason !== 'Completed') parts.push(terminated.reason);
  return parts.join(', ');
}

/** One container's trouble, or undefined when it is running and has never restarted. */
export function containerTrouble(status: any, kind: 'container' | 'init container' = 'container'): { text: string; state: string } | undefined {
  const name = status?.name ?? '?';
  const restarts = Number(status?.restartCount ?? 0);
  const waiting = status?.state?.waiting;
  const terminated = status?.state?.terminated;
  const parts: string[] = [];
  if (restarts > 0) {
    const last = lastExit(status?.lastState?.terminated);
    parts.push(`restarted ${restarts} time${restarts === 1 ? '' : 's'}${last ? ` (last: ${last})` : ''}`);
  }
  if (waiting?.reason && waiting.reason !== 'ContainerCreating' && waiting.reason !== 'PodInitializing') {
    const message = typeof waiting.message === 'string' && waiting.message && waiting.reason !== 'CrashLoopBackOff' ? `: ${waiting.message.slice(0, 200)}` : '';
    parts.push(`now ${waiting.reason}${message}`);
  } else if (terminated && !(kind === 'init container' && terminated.exitCode === 0)) {
    parts.push(`exited (${lastExit(terminated)})`);
  }
  if (parts.length === 0) return undefined;
  return { text: `${kind} ${name} ${parts.join('; ')}`, state: waiting?.reason ?? (terminated ? terminated.reason ?? 'Terminated' : restarts > 0 ? `${restarts} restarts` : 'Running') };
}

/** The time something about the Pod last (re)started being ready, in ms, or undefined if the Pod does not say. */
function readySince(pod: any, readyCondition: any): number | undefined {
  const times = [Date.parse(readyCondition?.lastTransitionTime ?? '')];
  for (const s of pod.status?.containerStatuses ?? []) times.push(Date.parse(s?.state?.running?.startedAt ?? ''));
  const known = times.filter((t) => Number.isFinite(t));
  return known.length ? Math.max(...known) : undefined;
}

export function podReadiness(pod: any, now = Date.now()): PodReadiness {
  const name = pod?.metadata?.name ?? '?';
  const phase = pod?.status?.phase ?? 'Pending';
  if (pod?.metadata?.deletionTimestamp) return { steady: false, ready: false, why: `Pod ${name} is being deleted`, state: 'Terminating' };
  const condition = (pod?.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  const ready = condition?.status === 'True';
  const troubles = [
    ...(pod?.status?.initContainerStatuses ?? []).map((s: any) => containerTrouble(s, 'init container')),
    ...(pod?.status?.containerStatuses ?? []).map((s: any) => containerTrouble(s)),
  ].filter((t): t is { text: string; state: string } => t !== undefined);
  if (!ready) {
    if (troubles.length) return { steady: false, ready, why: `Pod ${name}: ${troubles.map((t) => t.text).join('; ')}`, state: troubles[0]!.state };
    const unready = (pod?.status?.containerStatuses ?? []).filter((s: any) => s?.state?.running && s.ready === false).map((s: any) => s.name);
    const scheduled = (pod?.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    const why = unready.length
      ? `Pod ${name}: container ${unready.join(', ')} runs but is not ready (its readiness probe has not passed)`
      : scheduled?.status === 'False'
        ? `Pod ${name} is not scheduled${scheduled.reason ? ` (${scheduled.reason}${scheduled.message ? `: ${String(scheduled.message).slice(0, 200)}` : ''})` : ''}`
        : `Pod ${name} is not Ready (phase ${phase})`;
    return { steady: false, ready, why, state: phase };
  }
  const since = readySince(pod, condition);
  // The Pod gives no time, or one far in the future (clocks disagree): it cannot be judged by time, only by what it says now.
  if (since === undefined || since - now > steadyReadyMs) return { steady: true, ready, state: 'Ready' };
  const age = Math.max(0, now - since);
  if (age >= steadyReadyMs) return { steady: true, ready, state: 'Ready' };
  const restarted = troubles.length ? `; ${troubles.map((t) => t.text).join('; ')}` : '';
  return {
    steady: false,
    ready,
    settlesInMs: steadyReadyMs - age,
    why: `Pod ${name} has been Ready for ${seconds(age)} only${restarted} (it counts once it stays Ready ${seconds(steadyReadyMs)}: a container that exits at once is Ready for a moment first)`,
    state: `Ready ${seconds(age)}`,
  };
}
