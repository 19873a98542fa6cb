import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import type { DockerClient, DockerEvent } from '../lib/docker-api.ts';
import { labSchema } from '../schemas/lab.ts';
import type { Environment } from './environment.ts';
import { dockerView } from './local.ts';

const workspace = mkdtempSync(join(tmpdir(), 'kubecamp-docker-events-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** An engine as the events API shows it: every exec announces itself with exec_create, exec_start and exec_die. */
function fakeEngine() {
  const listeners = new Set<(e: DockerEvent) => void>();
  const emit = (Action: string) => {
    for (const l of listeners) l({ Type: 'container', Action, Actor: { ID: 'c1', Attributes: { name: 'web' } }, time: 0, timeNano: 0 });
  };
  const client = {
    inspectContainer: async () => ({ Id: 'c1', Name: '/web', State: { Running: true, Status: 'running' } }),
    exec: async () => {
      emit('exec_create: cat /etc/hostname');
      emit('exec_start: cat /etc/hostname');
      emit('exec_die');
      return { exitCode: 0, stdout: 'web\n', stderr: '' };
    },
    events: async (_filters: unknown, onEvent: (e: DockerEvent) => void) => {
      listeners.add(onEvent);
      return () => void listeners.delete(onEvent);
    },
  } as unknown as DockerClient;
  return { client, emit };
}

const lab = labSchema.parse({
  id: 'exec-lab',
  title: 'Exec',
  lesson: 'x/exec',
  environments: ['docker'],
  minutes: 1,
  solution: [{ run: 'true' }],
  tasks: [{ id: 'hostname', title: 'Hostname', checks: [{ type: 'docker.exec', container: 'web', command: ['cat', '/etc/hostname'], expect: { stdoutMatches: '^web$' } }] }],
});

describe('live mode on a Docker lab', () => {
  it('does not re-run its checks on the exec events its own docker.exec checks cause, but does on real changes', async () => {
    const engine = fakeEngine();
    const view = dockerView(engine.client);
    const nothing = () => Promise.reject(new Error('not needed'));
    const environment: Environment = { kubeApi: nothing, sandbox: nothing, docker: async () => view, close() {} };
    let evaluations = 0;
    const stop = await createChecker({ environment }).watch({ lab, dir: workspace }, { namespace: 'unused', workspace }, () => void evaluations++);
    try {
      await new Promise((r) => setTimeout(r, 1500)); // open and idle
      expect(evaluations).toBe(1);
      engine.emit('die'); // the learner stopped a container: checked again
      await new Promise((r) => setTimeout(r, 300));
      expect(evaluations).toBe(2);
    } finally {
      stop();
    }
  });
});
