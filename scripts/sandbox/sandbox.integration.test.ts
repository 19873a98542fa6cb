import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerClient, type DockerClient } from '../../checker/lib/docker-api.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { readSandboxState, sandboxContainerName, type SandboxState } from '../../checker/lib/sandbox-state.ts';
import { run } from './cli.ts';
import { sandboxUp } from './sandbox.ts';

/**
 * What namespace and cgroup labs do, done for real inside the sandbox: a
 * network namespace joined to the sandbox by a veth pair, and a cgroup whose
 * memory limit is read back and enforced. Everything is removed afterwards.
 */

const suffix = String(process.pid);
const ns = `kc-test-${suffix}`;
const hostVeth = `kch${suffix}`.slice(0, 15);
const nsVeth = `kcn${suffix}`.slice(0, 15);
const cgroupName = `kc-test-${suffix}`;

let client: DockerClient;
let state: SandboxState;

async function sh(script: string): Promise<string> {
  const r = await client.exec(sandboxContainerName, ['bash', '-c', script]);
  if (r.exitCode !== 0) throw new Error(`\`${script}\` exited ${r.exitCode}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

beforeAll(async () => {
  client = dockerClient();
  await sandboxUp();
  const recorded = await readSandboxState();
  if (!recorded) throw new Error('sandbox:up did not record the sandbox');
  state = recorded;
});

afterAll(async () => {
  const memoryDir = state?.cgroupVersion === 1 ? `/sys/fs/cgroup/memory/${cgroupName}` : `/sys/fs/cgroup/${cgroupName}`;
  await client.exec(sandboxContainerName, ['bash', '-c', `ip netns del ${ns}; ip link del ${hostVeth}; rmdir ${memoryDir}; true`]);
});

describe('the Linux sandbox', () => {
  it('is up, recorded, and started again without being recreated', async () => {
    const before = await client.inspectContainer(sandboxContainerName);
    expect(before?.State.Running).toBe(true);
    expect(before?.Config.Hostname).toBe('kubecamp-sandbox');
    const again = await sandboxUp();
    expect(again.reused).toBe(true);
    expect((await client.inspectContainer(sandboxContainerName))?.Id).toBe(before?.Id);
    expect(state.container).toBe(sandboxContainerName);
    const fsType = (await sh('stat -fc %T /sys/fs/cgroup')).trim();
    expect(state.cgroupVersion).toBe(fsType === 'cgroup2fs' ? 2 : 1);
    const io = memoryIo(process.env);
    expect(await run(['status'], io)).toBe(0);
    expect(io.out()).toContain(`cgroups:    v${state.cgroupVersion}`);
  });

  it('creates a network namespace joined by a veth pair, with addresses that answer', async () => {
    await sh(
      [
        `ip netns add ${ns}`,
        `ip link add ${hostVeth} type veth peer name ${nsVeth}`,
        `ip link set ${nsVeth} netns ${ns}`,
        `ip addr add 10.200.${Number(suffix) % 250}.1/24 dev ${hostVeth}`,
        `ip link set ${hostVeth} up`,
        `ip -n ${ns} addr add 10.200.${Number(suffix) % 250}.2/24 dev ${nsVeth}`,
        `ip -n ${ns} link set ${nsVeth} up`,
        `ip -n ${ns} link set lo up`,
      ].join(' && '),
    );
    expect((await sh('ip netns list')).split('\n').map((l) => l.split(' ')[0])).toContain(ns);
    const inside = JSON.parse(await sh(`ip -n ${ns} -j addr show dev ${nsVeth}`)) as { addr_info: { family: string; local: string; prefixlen: number }[] }[];
    expect(inside[0].addr_info.filter((a) => a.family === 'inet')).toEqual([expect.objectContaining({ local: `10.200.${Number(suffix) % 250}.2`, prefixlen: 24 })]);
    const outside = JSON.parse(await sh(`ip -j addr show dev ${hostVeth}`)) as { addr_info: { family: string; local: string }[] }[];
    expect(outside[0].addr_info.find((a) => a.family === 'inet')?.local).toBe(`10.200.${Number(suffix) % 250}.1`);
    // The namespace's own view: only lo and its end of the pair.
    const links = (JSON.parse(await sh(`ip -n ${ns} -j link show`)) as { ifname: string }[]).map((l) => l.ifname).sort();
    expect(links).toEqual(['lo', nsVeth].sort());
    expect(await sh(`ping -c 1 -W 2 10.200.${Number(suffix) % 250}.2`)).toContain('1 received');
    await sh(`ip netns del ${ns}`);
    expect(await sh(`ip netns list`)).not.toContain(ns);
    // Deleting the namespace destroys its veth end, and with it the pair.
    expect((await client.exec(sandboxContainerName, ['ip', 'link', 'show', hostVeth])).exitCode).not.toBe(0);
  });

  it('creates a cgroup with a memory limit that is read back and enforced', async () => {
    const v1 = state.cgroupVersion === 1;
    const dir = v1 ? `/sys/fs/cgroup/memory/${cgroupName}` : `/sys/fs/cgroup/${cgroupName}`;
    const limitFile = v1 ? 'memory.limit_in_bytes' : 'memory.max';
    await sh(`mkdir ${dir} && echo 33554432 > ${dir}/${limitFile}`);
    expect((await sh(`cat ${dir}/${limitFile}`)).trim()).toBe('33554432');
    // A process placed in the cgroup sees it as its own…
    const own = await sh(`sh -c 'echo $$ > ${dir}/cgroup.procs && cat /proc/self/cgroup'`);
    expect(own).toMatch(v1 ? new RegExp(`memory:/${cgroupName}$`, 'm') : new RegExp(`^0::/${cgroupName}$`, 'm'));
    // …and is killed when it allocates past the limit.
    const hog = await client.exec(sandboxContainerName, ['sh', '-c', `echo $$ > ${dir}/cgroup.procs && exec stress --vm 1 --vm-bytes 96M --vm-hang 1 --timeout 10`]);
    expect(hog.exitCode).not.toBe(0);
    expect(hog.stderr).toMatch(/got signal 9/);
    const events = await sh(v1 ? `cat ${dir}/memory.oom_control` : `cat ${dir}/memory.events`);
    expect(Number(/^oom_kill (\d+)$/m.exec(events)?.[1])).toBeGreaterThan(0);
    await sh(`for i in $(seq 50); do rmdir ${dir} 2>/dev/null && exit 0; sleep 0.1; done; rmdir ${dir}`);
    expect((await client.exec(sandboxContainerName, ['test', '-e', dir])).exitCode).not.toBe(0);
  });
});
