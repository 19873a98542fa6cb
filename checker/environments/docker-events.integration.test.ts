import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChecker } from '../engine/engine.ts';
import { readSandboxState } from '../lib/sandbox-state.ts';
import { labSchema } from '../schemas/lab.ts';
import { localEnvironment } from './local.ts';

const workspace = mkdtempSync(join(tmpdir(), 'kubecamp-docker-events-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe('live mode on the real Docker engine', () => {
  it('an open, idle lab with a docker.exec check is evaluated once, not again on its own exec events', async () => {
    // Any running container will do; the sandbox's (`npm run sandbox:up`) is there whenever the environment is.
    const sandbox = await readSandboxState(process.env);
    expect(sandbox, 'the Linux sandbox must be running (npm run sandbox:up)').toBeTruthy();
    const lab = labSchema.parse({
      id: 'exec-lab',
      title: 'Exec',
      lesson: 'x/exec',
      environments: ['docker'],
      minutes: 1,
      solution: [{ run: 'true' }],
      tasks: [{ id: 'exec', title: 'Exec', checks: [{ type: 'docker.exec', container: sandbox!.container, command: ['true'], expect: { exitCode: 0 } }] }],
    });
    const environment = localEnvironment(process.env);
    let evaluations = 0;
    let last: string | undefined;
    const stop = await createChecker({ environment }).watch({ lab, dir: workspace }, { namespace: 'unused', workspace }, (r) => {
      evaluations++;
      last = r.tasks[0]?.status;
    });
    try {
      await new Promise((r) => setTimeout(r, 3000));
      expect(last).toBe('pass');
      expect(evaluations).toBe(1);
    } finally {
      stop();
      environment.close();
    }
  }, 30_000);
});
