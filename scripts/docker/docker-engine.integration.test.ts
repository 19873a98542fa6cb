import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerClient, tarArchive, type DockerClient, type DockerEvent } from '../../checker/lib/docker-api.ts';
import { memoryIo } from '../../checker/lib/io.ts';
import { ensureImages } from '../images/ensure-images.ts';
import { run } from './cli.ts';

/**
 * The Docker engine works end to end, seen through kubecamp's own API client:
 * build an image from a Dockerfile, run it, and read back what labs check
 * (user, exposed ports, history, logs, exec, events, networks, volumes).
 */

const id = `${process.pid}-${Date.now()}`;
const tag = `kubecamp-test/engine:${id}`;
const testLabel = `org.kubecamp.test=engine-${id}`;
const labels = { 'org.kubecamp.test': `engine-${id}` };

const dockerfile = `FROM busybox:1.37
RUN adduser -D -u 1234 learner
USER learner
WORKDIR /home/learner
EXPOSE 8080/tcp 9090/udp
CMD ["sh", "-c", "echo \\"hello from $(id -un) in $(pwd)\\"; echo 'a warning' >&2"]
`;

let client: DockerClient;

beforeAll(async () => {
  client = dockerClient();
  await ensureImages(['busybox:1.37']);
  const lines: string[] = [];
  await client.buildImage(tarArchive([{ path: 'Dockerfile', content: dockerfile }]), { tag, labels }, (l) => lines.push(l));
  expect(lines.join('\n')).toMatch(/Step 6\/6|CMD/);
});

afterAll(async () => {
  for (const c of await client.listContainers({ all: true, filters: { label: [testLabel] } })) await client.removeContainer(c.Id, { force: true });
  for (const v of await client.listVolumes({ filters: { label: [testLabel] } })) await client.request('DELETE', `/volumes/${v.Name}`);
  await client.removeImage(tag, { force: true });
});

describe('the Docker engine, through docker-api.ts', () => {
  it('answers ping and version, and the CLI says so', async () => {
    expect(await client.ping()).toBe(true);
    expect((await client.version()).ApiVersion).toMatch(/^1\.\d+$/);
    const io = memoryIo(process.env);
    expect(await run(['status'], io)).toBe(0);
    expect(io.out()).toMatch(/^engine: {3}Docker \S+/m);
    const up = memoryIo(process.env);
    expect(await run(['up'], up)).toBe(0);
    expect(up.out()).toMatch(/^using the (Docker engine that was already running|dockerd kubecamp started earlier): Docker /m);
  });

  it('built the image with its user, ports, command and history', async () => {
    const image = await client.inspectImage(tag);
    expect(image).not.toBeNull();
    expect(image!.Config.User).toBe('learner');
    expect(image!.Config.WorkingDir).toBe('/home/learner');
    expect(Object.keys(image!.Config.ExposedPorts ?? {}).sort()).toEqual(['8080/tcp', '9090/udp']);
    expect(image!.Config.Cmd?.[0]).toBe('sh');
    expect(image!.Config.Labels).toMatchObject(labels);
    const history = await client.imageHistory(tag);
    expect(history?.map((h) => h.CreatedBy).join('\n')).toMatch(/adduser -D -u 1234 learner[\s\S]*USER learner|USER learner[\s\S]*adduser/);
    expect((await client.listImages()).some((i) => i.RepoTags?.includes(tag))).toBe(true);
    expect(await client.inspectImage(`kubecamp-test/missing:${id}`)).toBeNull();
    expect(await client.imageHistory(`kubecamp-test/missing:${id}`)).toBeNull();
  });

  it('runs it as that user and returns its logs split into stdout and stderr', async () => {
    const events: DockerEvent[] = [];
    const stop = await client.events({ label: [testLabel], type: ['container'] }, (e) => events.push(e));
    try {
      const cid = await client.createContainer({ Image: tag, Labels: labels }, `kc-engine-test-${id}`);
      await client.startContainer(cid);
      expect(await client.waitContainer(cid)).toBe(0);
      const info = await client.inspectContainer(`kc-engine-test-${id}`);
      expect(info?.Config.User).toBe('learner');
      expect(info?.State.Status).toBe('exited');
      expect(await client.logs(cid)).toEqual({ stdout: 'hello from learner in /home/learner\n', stderr: 'a warning\n' });
      const deadline = Date.now() + 5_000;
      while (!events.some((e) => e.Action === 'die') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(events.map((e) => e.Action)).toEqual(expect.arrayContaining(['create', 'start', 'die']));
      expect(events.every((e) => e.Actor.ID === cid)).toBe(true);
    } finally {
      stop();
    }
  });

  it('executes commands in a running container with exit codes, user, env and workdir', async () => {
    const cid = await client.createContainer({ Image: tag, Cmd: ['sleep', '300'], Labels: labels });
    await client.startContainer(cid);
    expect(await client.exec(cid, ['sh', '-c', 'echo out; echo err >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(await client.exec(cid, ['sh', '-c', 'echo "$(id -un) $GREETING $(pwd)"'], { user: 'root', env: { GREETING: 'hi there' }, workdir: '/tmp' })).toEqual({
      exitCode: 0,
      stdout: 'root hi there /tmp\n',
      stderr: '',
    });
    const big = await client.exec(cid, ['sh', '-c', 'seq 1 20000']);
    expect(big.stdout.split('\n').length).toBe(20001);
    const running = await client.listContainers({ filters: { label: [testLabel], status: ['running'] } });
    expect(running.map((c) => c.Id)).toEqual([cid]);
    await client.removeContainer(cid, { force: true });
    expect(await client.inspectContainer(cid)).toBeNull();
  });

  it('lists networks and volumes', async () => {
    expect((await client.listNetworks()).map((n) => n.Name)).toEqual(expect.arrayContaining(['bridge', 'host', 'none']));
    const volume = await client.request<{ Name: string }>('POST', '/volumes/create', { Name: `kc-engine-test-${id}`, Labels: labels });
    expect((await client.listVolumes({ filters: { label: [testLabel] } })).map((v) => v.Name)).toEqual([volume.Name]);
  });

  it('reports engine errors with the engine message', async () => {
    await expect(client.request('POST', `/containers/kc-missing-${id}/start`)).rejects.toThrow(/HTTP 404: No such container: kc-missing/);
  });
});
