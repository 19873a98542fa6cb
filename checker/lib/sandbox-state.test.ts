import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearSandboxState, readSandboxState, sandboxStateFile, writeSandboxState } from './sandbox-state.ts';

let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  env = { KUBECAMP_HOME: await mkdtemp(join(tmpdir(), 'kubecamp-sandbox-state-')) };
});
afterEach(async () => {
  await rm(env.KUBECAMP_HOME!, { recursive: true, force: true });
});

describe('sandbox state', () => {
  it('round-trips through sandbox.json in KUBECAMP_HOME', async () => {
    expect(await readSandboxState(env)).toBeNull();
    const state = { container: 'kubecamp-sandbox', image: 'kubecamp/sandbox:1', cgroupVersion: 2 as const, privileged: true, startedAt: '2025-01-01T00:00:00Z' };
    await writeSandboxState(state, env);
    expect(sandboxStateFile(env)).toBe(join(env.KUBECAMP_HOME!, 'sandbox.json'));
    expect(await readSandboxState(env)).toEqual(state);
    await clearSandboxState(env);
    expect(await readSandboxState(env)).toBeNull();
  });

  it('reads records without the privileged flag as privileged, and ignores broken ones', async () => {
    await writeFile(sandboxStateFile(env), JSON.stringify({ container: 'c', image: 'i', cgroupVersion: 1, startedAt: 't' }));
    expect(await readSandboxState(env)).toMatchObject({ cgroupVersion: 1, privileged: true });
    await writeFile(sandboxStateFile(env), JSON.stringify({ container: 'c', image: 'i', cgroupVersion: 3, startedAt: 't' }));
    expect(await readSandboxState(env)).toBeNull();
    await writeFile(sandboxStateFile(env), '{ not json');
    expect(await readSandboxState(env)).toBeNull();
  });
});
