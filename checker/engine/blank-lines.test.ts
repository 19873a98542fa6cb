import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Environment } from '../environments/environment.ts';
import { findLab } from '../labs/load.ts';
import { createChecker } from './engine.ts';

const nothing = () => Promise.reject(new Error('not needed: these tasks only read files'));
const environment: Environment = { kubeApi: nothing, docker: nothing, sandbox: nothing, close() {} };
const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-blank-lines-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('a 500 KB Dockerfile of blank lines', () => {
  for (const id of ['dockerfile-basics', 'dockerfile-best-practices']) {
    it(`is checked by ${id}'s file tasks in well under a second`, async () => {
      const loaded = await findLab(id);
      const workspace = join(tmp, id);
      rmSync(workspace, { recursive: true, force: true });
      mkdirSync(workspace);
      // The wrong base, then blank lines: every line-start attempt of a ^\s* pattern would scan to the end.
      writeFileSync(join(workspace, 'Dockerfile'), `FROM node:18-bookworm-slim\n${'\n'.repeat(500_000)}CMD ["node", "server.js"]\n`);
      const taskIds = loaded.lab.tasks.filter((t) => t.checks.every((c) => c.type === 'dockerfile' || c.type === 'file')).map((t) => t.id);
      const started = Date.now();
      const result = await createChecker({ environment }).check(loaded, { namespace: 'unused', workspace, taskIds });
      expect(Date.now() - started).toBeLessThan(1000);
      // Judged by meaning: the base the final stage really uses.
      expect(result.tasks[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/the final stage is built on node:18-bookworm-slim, not node:26-bookworm-slim/) });
    });
  }
});

describe('a file over the size limit', () => {
  it('fails its task saying so, without being read', async () => {
    const loaded = await findLab('dockerfile-basics');
    const workspace = join(tmp, 'huge');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'Dockerfile'), `FROM node:20-bookworm-slim\n${'#'.repeat(2 * 1024 * 1024)}\n`);
    const result = await createChecker({ environment }).check(loaded, { namespace: 'unused', workspace, taskIds: ['write-dockerfile'] });
    expect(result.tasks[0]).toMatchObject({ status: 'fail', message: 'Dockerfile: file too large to check (2049 KiB, limit 1024 KiB)', fix: 'make Dockerfile smaller; lab files are a few KiB' });
  });
});
