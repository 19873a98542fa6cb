import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Environment } from '../../checker/environments/environment.ts';
import { createLabCatalog } from './lab-catalog.ts';
import { createLabPreparation } from './lab-preparation.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kubecamp-prepare-'));
  await mkdir(join(root, 'labs', 'quiz', 'starter'), { recursive: true });
  await writeFile(join(root, 'labs', 'quiz', 'lab.yaml'), 'id: quiz\ntitle: Quiz\nlesson: containers/quiz\nminutes: 1\nsolution:\n  - run: "true"\ntasks:\n  - id: a\n    title: A\n    question: Why?\n    checks: [{ type: answer, pattern: x }]\n');
  await writeFile(join(root, 'labs', 'quiz', 'starter', 'answers.yaml'), '{}\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const noCluster: Environment = { kubeApi: () => Promise.reject(new Error('no cluster')), docker: () => Promise.reject(new Error('no')), sandbox: () => Promise.reject(new Error('no')), close() {} };

describe('lab preparation', () => {
  it('creates the workspace, and waits for a running reset first', async () => {
    const catalog = createLabCatalog({ labsRoot: join(root, 'labs'), workspacesRoot: join(root, 'ws'), env: {} });
    const prep = createLabPreparation(catalog, noCluster);
    const loaded = await catalog.get('quiz');
    const order: string[] = [];
    let finish!: () => void;
    const reset = prep.resetting('quiz', () => new Promise<void>((r) => (finish = r)).then(() => void order.push('reset done')));
    expect(reset).toBeDefined();
    expect(prep.resetting('quiz', async () => {})).toBeUndefined();
    const prepared = prep.prepare(loaded).then(() => void order.push('prepared'));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual([]);
    finish();
    await prepared;
    expect(order).toEqual(['reset done', 'prepared']);
    expect(prep.resetting('quiz', async () => 'again')).toBeDefined();
  });

  it('names the lab when preparing fails', async () => {
    await mkdir(join(root, 'labs', 'k8s'), { recursive: true });
    await writeFile(join(root, 'labs', 'k8s', 'lab.yaml'), 'id: k8s\ntitle: K\nlesson: kubernetes/k8s\nenvironments: [kubernetes]\nminutes: 1\nsolution:\n  - run: "true"\ntasks:\n  - id: a\n    title: A\n    checks: [{ type: k8s.object, kind: Pod, name: p }]\n');
    const catalog = createLabCatalog({ labsRoot: join(root, 'labs'), workspacesRoot: join(root, 'ws'), env: {} });
    const prep = createLabPreparation(catalog, noCluster);
    await expect(prep.prepare(await catalog.get('k8s'))).rejects.toThrow('preparing lab k8s: no cluster');
    await expect(prep.prepare(await catalog.get('k8s'), { environmentReady: false })).resolves.toBeUndefined();
  });
});
