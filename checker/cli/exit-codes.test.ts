import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../labs/load.ts';
import { runLabs } from './run-labs.ts';

const labs = runLabs;

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-exit-codes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function workspace(name: string, from: string): string {
  const dir = join(tmp, name);
  cpSync(join(repoRoot, 'labs/image-security', from), dir, { recursive: true });
  return dir;
}

describe('labs exit codes', { timeout: 120_000 }, () => {
  it('0: every task done', async () => {
    const r = await labs(['check', 'image-security', '--workspace', workspace('done', 'solution')]);
    expect(r.out).toContain('Quiz: image security');
    expect(r.code).toBe(0);
  });

  it('1: tasks left', async () => {
    const r = await labs(['check', 'image-security', '--workspace', workspace('left', 'starter')]);
    expect(r.code).toBe(1);
  });

  it('2: an unknown lab, a bad flag, no command, an answers.yaml that is not YAML', async () => {
    const dir = workspace('slip', 'starter');
    writeFileSync(join(dir, 'answers.yaml'), 'sbom: SBOM\nscan-gate: `--exit-code 1`\n');
    const [unknown, flag, none, slip] = await Promise.all([
      labs(['check', 'no-such-lab']),
      labs(['check', 'image-security', '--no-such-flag']),
      labs([]),
      labs(['check', 'image-security', '--workspace', dir]),
    ]);
    expect(unknown.err).toContain('error: unknown lab "no-such-lab"');
    expect(unknown.code).toBe(2);

    expect(flag.err).toContain("Unknown option '--no-such-flag'");
    expect(flag.code).toBe(2);

    expect(none.code).toBe(2);

    expect(slip.err).toContain('error: answers.yaml:2:12: Plain value cannot start with reserved character ` — put the answer in quotes\n  fix: write it as task-id: "your answer" in answers.yaml');
    expect(slip.code).toBe(2);
  });

  it('3: could not check (the Docker engine is not there)', async () => {
    const r = await labs(['check', 'what-is-a-container', '--workspace', join(tmp, 'nothing')], { DOCKER_HOST: `unix://${join(tmp, 'no-docker.sock')}` });
    expect(r.out).toContain('no Docker engine answers at');
    expect(r.code).toBe(3);
  });

  it('mutate --json: stdout is the JSON alone, progress goes to stderr', async () => {
    const r = await labs(['mutate', 'registries', '--json']);
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.err).toContain('▸ registries: skipped (no manifest, Dockerfile or compose file in its solution to mutate)');
    expect(r.code).toBe(0);
  });

  it('mutate --from: the table of saved reports, without a run', async () => {
    const file = join(tmp, 'reports.json');
    const cpu = 'spec.containers[0].resources.requests.cpu';
    const results = [
      { mutation: { id: 'a#1', kind: 'meaning', file: 'pod.yaml', where: `Pod web: ${cpu}`, description: `${cpu}: "250m" → "251m"` }, verdict: 'killed', detail: 't: wrong' },
      { mutation: { id: 'a#2', kind: 'equivalent', file: 'pod.yaml', where: 'Pod web', description: 'spec.containers[0].image: nginx:1.30 → docker.io/library/nginx:1.30' }, verdict: 'survived', detail: 'every task passes' },
      // marked irrelevant in labs/pods/mutate.yaml since: left out of the table
      { mutation: { id: 'a#3', kind: 'meaning', file: 'pod.yaml', where: 'Pod web: spec.containers[0].name', description: 'spec.containers[0].name: "nginx" → "nginx-x"' }, verdict: 'missed', detail: 'every task passes' },
    ];
    writeFileSync(file, JSON.stringify([{ lab: 'pods', generated: 9, results, score: 50, durationMs: 5 }]));
    const r = await labs(['mutate', '--from', file]);
    expect(r.out).toMatch(/^\| pods \| \d+ \| 2 \| 1 \| 0 \| 0 \| 0 \| 1 \| 0 \| 100 % \|$/m);
    expect(r.err).toContain('note: pods: 1 result(s) of mutations no longer generated (mutate.yaml, the generator) left out');
    expect(r.code).toBe(0);
    writeFileSync(file, '[{"lab": "pods"}]');
    const bad = await labs(['mutate', '--from', file]);
    expect(bad.err).toContain(`error: ${file} is not valid:`);
    expect(bad.code).toBe(2);
  });

  it('--help documents the codes', async () => {
    const r = await labs(['--help']);
    expect(r.out).toContain('exit codes:\n  0  done');
    expect(r.out).toContain('  3  could not check: an environment the lab needs is not running');
    expect(r.code).toBe(0);
  });
});
