import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClusterState, type ClusterState } from '../../checker/lib/cluster-state.ts';
import { exec } from '../../checker/lib/exec.ts';
import { codeBlocks, type CodeBlock } from './code-blocks.ts';
import { manifestsOf } from './lesson-checks.ts';

/**
 * Every Kubernetes manifest in the lessons, validated by the real API server (`npm run cluster:up`
 * first; CI brings it up): `kubectl apply --dry-run=server` runs admission and the OpenAPI schema,
 * persists nothing. Objects go to a throwaway namespace whatever namespace they name.
 */
const root = join(import.meta.dirname, '../..');
const ns = `it-lesson-manifests-${process.pid}`;

/** Blocks marked nocheck="…" in the lessons, by file and reason: adding one means adding it here. */
const expectedExemptions = [
  'lessons/kubernetes/helm.mdx: a Helm template, not YAML until rendered',
  'lessons/kubernetes/kubernetes-architecture.mdx: abridged (# …) to show spec and status side by side',
];

const blocks: CodeBlock[] = readdirSync(join(root, 'lessons'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .flatMap((f) => codeBlocks(readFileSync(join(root, 'lessons', f), 'utf8'), `lessons/${f}`));
const manifestBlocks = blocks.map((b) => ({ block: b, objects: manifestsOf(b) })).filter((m) => m.objects.length);

let state: ClusterState;
let env: NodeJS.ProcessEnv;
const kubectl = (args: string[], input?: string) =>
  exec('kubectl', ['--context', state.context, ...args], { env, input, allowFailure: true });

beforeAll(async () => {
  const s = await readClusterState();
  if (!s) throw new Error('no lab cluster is running: start one with `npm run cluster:up`');
  state = s;
  env = { ...process.env, KUBECONFIG: s.kubeconfig, PATH: [s.binDir, process.env.PATH].filter(Boolean).join(delimiter) };
  const created = await kubectl(['create', 'namespace', ns]);
  expect(created.stderr).toBe('');
});

afterAll(async () => {
  if (state) await kubectl(['delete', 'namespace', ns, '--wait=false', '--ignore-not-found']);
});

describe('the Kubernetes manifests in the lessons', () => {
  it('are found: the lessons teach with manifests', () => {
    expect(manifestBlocks.length).toBeGreaterThan(15);
  });

  it('skip only the blocks listed here, each with its reason', () => {
    expect(blocks.filter((b) => b.nocheck !== undefined).map((b) => `${b.file}: ${b.nocheck}`)).toEqual(expectedExemptions);
  });

  it('are accepted by the API server (kubectl apply --dry-run=server)', async () => {
    const refused: string[] = [];
    for (const { block, objects } of manifestBlocks) {
      const docs = objects.map((o) => {
        const { namespace: _ignored, ...metadata } = o.metadata as Record<string, unknown>;
        return stringify({ ...o, metadata });
      });
      const r = await kubectl(['apply', '--dry-run=server', '-n', ns, '-f', '-'], docs.join('---\n'));
      if (r.code !== 0) refused.push(`${block.file}:${block.line}: ${r.stderr.trim()}`);
    }
    expect(refused).toEqual([]);
  });
});
