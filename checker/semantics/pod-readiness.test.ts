import { describe, expect, it } from 'vitest';
import { containerTrouble, podReadiness, steadyReadyMs } from './pod-readiness.ts';

const now = Date.parse('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

function pod({ ready = true, readyAt = ago(60_000), containers = [{ name: 'api', restartCount: 0, state: { running: { startedAt: readyAt } } }] as any[], phase = 'Running', extra = {} as any } = {}) {
  return {
    metadata: { name: 'api-1', ...extra.metadata },
    status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readyAt }, ...(extra.conditions ?? [])], containerStatuses: containers },
  };
}

describe('podReadiness', () => {
  it('counts a Pod Ready for longer than the steady time', () => {
    expect(podReadiness(pod(), now)).toEqual({ steady: true, ready: true, state: 'Ready' });
  });

  it('waits for a Pod that has just become Ready, saying how long', () => {
    const r = podReadiness(pod({ readyAt: ago(1500) }), now);
    expect(r).toMatchObject({ steady: false, ready: true, settlesInMs: steadyReadyMs - 1500, state: 'Ready 2 s' });
    expect(r.why).toMatch(/Ready for 2 s only/);
  });

  it('measures from the latest container start when it is later than the Ready transition', () => {
    const r = podReadiness(pod({ readyAt: ago(60_000), containers: [{ name: 'api', restartCount: 0, state: { running: { startedAt: ago(1000) } } }] }), now);
    expect(r.steady).toBe(false);
    expect(r.settlesInMs).toBe(steadyReadyMs - 1000);
  });

  it('names a crash loop caught in its moment of being Ready: restarts and the last exit code', () => {
    const containers = [{ name: 'api', restartCount: 3, lastState: { terminated: { exitCode: 127, reason: 'Error' } }, state: { running: { startedAt: ago(800) } } }];
    const r = podReadiness(pod({ readyAt: ago(800), containers }), now);
    expect(r.steady).toBe(false);
    expect(r.why).toContain('container api restarted 3 times (last: exit code 127, Error)');
  });

  it('names a crash loop while it is not Ready: CrashLoopBackOff and the last exit', () => {
    const containers = [{ name: 'report', restartCount: 2, lastState: { terminated: { exitCode: 2, reason: 'Error' } }, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container' } } }];
    const r = podReadiness(pod({ ready: false, containers }), now);
    expect(r).toMatchObject({ steady: false, ready: false, state: 'CrashLoopBackOff' });
    expect(r.why).toBe('Pod api-1: container report restarted 2 times (last: exit code 2, Error); now CrashLoopBackOff');
  });

  it('names why a container cannot start, with the kubelet message', () => {
    const containers = [{ name: 'api', restartCount: 0, state: { waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key DB_HOST in ConfigMap lab/api-config" } } }];
    expect(podReadiness(pod({ ready: false, containers }), now).why).toBe("Pod api-1: container api now CreateContainerConfigError: couldn't find key DB_HOST in ConfigMap lab/api-config");
  });

  it('names a running container whose readiness probe has not passed', () => {
    const containers = [{ name: 'web', ready: false, restartCount: 0, state: { running: { startedAt: ago(60_000) } } }];
    expect(podReadiness(pod({ ready: false, containers }), now).why).toBe('Pod api-1: container web runs but is not ready (its readiness probe has not passed)');
  });

  it('names an unscheduled Pod with the scheduler reason', () => {
    const p = pod({ ready: false, containers: [], phase: 'Pending', extra: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' }] } });
    expect(podReadiness(p, now)).toMatchObject({ state: 'Pending', why: 'Pod api-1 is not scheduled (Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.)' });
  });

  it('does not count a Pod being deleted', () => {
    expect(podReadiness(pod({ extra: { metadata: { deletionTimestamp: ago(0) } } }), now)).toMatchObject({ steady: false, state: 'Terminating' });
  });

  it('judges by what the Pod says when it gives no time, or one the local clock cannot agree with', () => {
    const noTimes = { metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(podReadiness(noTimes, now).steady).toBe(true);
    expect(podReadiness(pod({ readyAt: new Date(now + 10 * 60_000).toISOString() }), now).steady).toBe(true);
  });
});

describe('containerTrouble', () => {
  it('is nothing for a container running without restarts, or a finished init container', () => {
    expect(containerTrouble({ name: 'a', restartCount: 0, state: { running: {} } })).toBeUndefined();
    expect(containerTrouble({ name: 'init', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }, 'init container')).toBeUndefined();
  });

  it('names an OOM kill and a failed init container', () => {
    expect(containerTrouble({ name: 'cache', restartCount: 1, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } }, state: { waiting: { reason: 'CrashLoopBackOff' } } })?.text).toBe(
      'container cache restarted 1 time (last: exit code 137, OOMKilled); now CrashLoopBackOff',
    );
    expect(containerTrouble({ name: 'migrate', restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }, 'init container')?.text).toBe('init container migrate exited (exit code 1, Error)');
  });
});
