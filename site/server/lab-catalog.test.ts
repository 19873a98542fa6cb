import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabCatalog } from './lab-catalog.ts';

let root: string;
const lab = (id: string, extra = '') => `id: ${id}\ntitle: ${id}\nlesson: kubernetes/${id}\nminutes: 1\n${extra}solution:\n  - run: "true"\ntasks:\n  - id: a\n    title: A\n    checks: [{ type: file, file: x }]\n`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kubecamp-catalog-'));
  for (const [id, extra] of [['pods', 'starter: [pod.yaml]\n'], ['quiz', '']] as const) {
    await mkdir(join(root, 'labs', id, 'starter', 'sub'), { recursive: true });
    await writeFile(join(root, 'labs', id, 'lab.yaml'), lab(id, extra));
  }
  await writeFile(join(root, 'labs', 'pods', 'starter', 'pod.yaml'), 'kind: Pod\n');
  await writeFile(join(root, 'labs', 'pods', 'starter', 'notes.txt'), 'not opened\n');
  await writeFile(join(root, 'labs', 'quiz', 'starter', 'answers.yaml'), '{}\n');
  await writeFile(join(root, 'labs', 'quiz', 'starter', 'sub', 'b.txt'), 'b\n');
  await writeFile(join(root, 'labs', 'quiz', 'starter', '.gitkeep'), '');
  await mkdir(join(root, 'labs', 'not-a-lab'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('lab catalog', () => {
  const catalog = () => createLabCatalog({ labsRoot: join(root, 'labs'), workspacesRoot: join(root, 'ws'), namespacePrefix: 'e2e-', env: {} });

  it('knows the labs and refuses others with a 404 naming them', async () => {
    expect(await catalog().ids()).toEqual(['pods', 'quiz']);
    await expect(catalog().get('not-a-lab')).rejects.toMatchObject({ status: 404, message: 'unknown lab "not-a-lab"', fix: 'known labs: pods, quiz', data: { known: ['pods', 'quiz'] } });
    await expect(catalog().get('../labs/pods')).rejects.toMatchObject({ status: 404 });
  });

  it('parses a lab once and again only when its lab.yaml changes', async () => {
    const c = catalog();
    const first = await c.get('quiz');
    expect(await c.get('quiz')).toBe(first);
    const file = join(root, 'labs', 'quiz', 'lab.yaml');
    await writeFile(file, lab('quiz').replace('title: quiz', 'title: Quiz, renamed'));
    const changed = await c.get('quiz');
    expect(changed).not.toBe(first);
    expect(changed.lab.title).toBe('Quiz, renamed');
    await writeFile(file, lab('quiz'));
  });

  it('warms: parses every lab ahead, and a broken one is still reported when asked for', async () => {
    const c = catalog();
    const file = join(root, 'labs', 'pods', 'lab.yaml');
    const good = await readFile(file, 'utf8');
    await writeFile(file, 'id: pods\n');
    await c.warm();
    expect(await c.get('quiz')).toBe(await c.get('quiz'));
    await expect(c.get('pods')).rejects.toThrow(/lab\.yaml/);
    await writeFile(file, good);
  });

  it('puts each lab in its own namespace and workspace', () => {
    expect(catalog().target('pods')).toEqual({ namespace: 'e2e-pods', workspace: join(root, 'ws', 'pods'), env: {} });
    expect(createLabCatalog({ env: { KUBECAMP_NAMESPACE_PREFIX: 'dev-', KUBECAMP_WORKSPACES: '/w' } }).target('x')).toMatchObject({ namespace: 'dev-x', workspace: '/w/x' });
    expect(createLabCatalog({ env: {} }).target('x'.repeat(80)).namespace).toHaveLength(63);
    expect(() => createLabCatalog({ namespacePrefix: 'Bad_', env: {} })).toThrow('namespace prefix "Bad_" is not a valid start of a Kubernetes namespace name');
  });

  it('opens the starter files lab.yaml names, or all of starter/', async () => {
    const c = catalog();
    expect(await c.starterFiles(await c.get('pods'))).toEqual(['pod.yaml']);
    expect(await c.starterFiles(await c.get('quiz'))).toEqual(['answers.yaml', 'sub/b.txt']);
  });

  it('creates a workspace from the starter files once', async () => {
    const c = catalog();
    const pods = await c.get('pods');
    expect(await c.ensureWorkspace(pods)).toBe(true);
    await writeFile(join(root, 'ws', 'pods', 'pod.yaml'), 'edited\n');
    expect(await c.ensureWorkspace(pods)).toBe(false);
    expect(await readFile(join(root, 'ws', 'pods', 'pod.yaml'), 'utf8')).toBe('edited\n');
    expect(existsSync(join(root, 'ws', 'pods', 'notes.txt'))).toBe(true);
  });

  it('removes the temporary files of saves a killed server left in a workspace, at the first open', async () => {
    const pods = await catalog().get('pods');
    await catalog().ensureWorkspace(pods);
    await mkdir(join(root, 'ws', 'pods', 'sub'), { recursive: true });
    const stale = [join(root, 'ws', 'pods', '.pod.yaml.999999999.0123abcd.tmp'), join(root, 'ws', 'pods', 'sub', '.x.yaml.999999999.89abcdef.tmp')];
    const live = join(root, 'ws', 'pods', `.pod.yaml.${process.pid}.01234567.tmp`);
    for (const f of [...stale, live]) await writeFile(f, 'half');
    // A new server (catalog) sweeps when it first opens the lab.
    expect(await catalog().ensureWorkspace(pods)).toBe(false);
    expect(stale.filter((f) => existsSync(f))).toEqual([]);
    expect(existsSync(live)).toBe(true);
  });
});
