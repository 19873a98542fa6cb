import { fail, pass, unwrapAnswer, type CheckContext, type Outcome } from '../../../checker/kit.ts';

/**
 * The answer is the host PID of the container's main process: `.State.Pid` in
 * `docker inspect`, the nginx master process. Options: `container` (its name).
 */
export default async function hostPid(ctx: CheckContext, options: Record<string, unknown>): Promise<Outcome> {
  const name = String(options.container);
  // As the answer check read it: `PID 12345`, `12345.` and "12345" are the number.
  const given = Number(unwrapAnswer(ctx.answer ?? ''));
  const c = await ctx.docker().inspectContainer(name);
  if (!c?.State?.Running) {
    return fail(`container ${name} is not running, so it has no process on the host; start it first (task 1), then ask Docker for its State.Pid`, {
      expected: 'a running container',
      actual: c ? c.State?.Status : 'not found',
    });
  }
  const pid = Number(c.State.Pid);
  if (given === pid) return pass(`${pid} is the host PID of ${name}'s main process (State.Pid)`);
  if (given === 1) {
    return fail(`1 is the main process's PID inside container ${name}'s own PID namespace; the host numbers the same process differently (docker inspect, State.Pid)`, {
      expected: 'the PID the host sees',
      actual: '1',
    });
  }
  return fail(`${given} is not the host PID of container ${name}'s main process (State.Pid); its worker processes have PIDs of their own, and a restarted container gets a new one`, {
    expected: "the main process's host PID",
    actual: String(given),
  });
}
