import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { labResultSchema } from '../schemas/result.ts';
import { harnessToJUnit } from './report.ts';
import { runLabs, xmlProblems } from './run-labs.ts';

/**
 * The `labs` CLI's contract with scripts and CI, run as processes: `--json`
 * is the result schema on stdout, `--junit` is well-formed JUnit XML with a
 * <failure> per failed task and an <error> per task that could not be
 * checked, `--markdown` a table row per task. The exit codes have their own
 * file (exit-codes.test.ts).
 */

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-cli-contract-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** One answer right, one wrong, one missing. */
function quizWorkspace(): string {
  const dir = join(tmp, 'quiz');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'answers.yaml'), 'sbom: SBOM\nscan-gate: "--severity HIGH"\n');
  return dir;
}

/** No engine anywhere: Docker, the cluster and the sandbox all missing, workspaces empty. */
const nowhere = () => ({
  KUBECAMP_HOME: join(tmp, 'home'),
  KUBECAMP_WORKSPACES: join(tmp, 'workspaces'),
  DOCKER_HOST: `unix://${join(tmp, 'no-docker.sock')}`,
  KUBECONFIG: join(tmp, 'no-kubeconfig'),
});

const testcases = (xml: string) => [...xml.matchAll(/<testcase [^>]*name="([^"]*)"[^>]*>(.*?)<\/testcase>/gs)].map((m) => ({ name: m[1], body: m[2] }));

describe('labs check: --json, --junit, --markdown', { timeout: 180_000 }, () => {
  it('prints the result schema as JSON and writes the same verdicts as JUnit and Markdown', async () => {
    const junit = join(tmp, 'check.xml');
    const markdown = join(tmp, 'check.md');
    const r = await runLabs(['check', 'image-security', '--workspace', quizWorkspace(), '--json', '--junit', junit, '--markdown', markdown]);
    expect(r.code).toBe(1);

    const result = labResultSchema.strict().parse(JSON.parse(r.out));
    expect(result).toMatchObject({ lab: 'image-security', status: 'fail', passed: 1, total: 3 });
    expect(result.tasks.map((t) => [t.id, t.status])).toEqual([
      ['sbom', 'pass'],
      ['scan-gate', 'fail'],
      ['verify-signature', 'fail'],
    ]);

    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toContain('<testsuite name="image-security" tests="3" failures="2" errors="0"');
    const cases = testcases(xml);
    expect(cases.map((c) => c.name)).toEqual(['The inventory of an image', 'Make the scan fail the build', 'Check a signature before deploying']);
    expect(cases[0].body).toBe('');
    expect(cases[1].body).toMatch(/^<failure message="[^"]+">/);
    expect(cases[2].body).toMatch(/^<failure message="[^"]+">/);

    const md = readFileSync(markdown, 'utf8').trimEnd().split('\n');
    expect(md.slice(0, 2)).toEqual(['| lab | task | status | details |', '|---|---|---|---|']);
    expect(md.slice(2).map((line) => line.split(' | ').slice(0, 3))).toEqual([
      ['| image-security', 'The inventory of an image', '✅ pass'],
      ['| image-security', 'Make the scan fail the build', '❌ fail'],
      ['| image-security', 'Check a signature before deploying', '❌ fail'],
    ]);
  });

  it('keeps stdout pure JSON when it prints a note (the note goes to stderr)', async () => {
    const r = await runLabs(['check', 'image-security', '--workspace', quizWorkspace(), '--json']);
    expect(() => JSON.parse(r.out)).not.toThrow();
  });
});

describe('labs track: --json and --junit over labs whose engines are missing', { timeout: 300_000 }, () => {
  it('exits 3, a failure for the quiz left undone and an error for each task no engine could check', async () => {
    const junit = join(tmp, 'track.xml');
    const r = await runLabs(['track', 'container-foundations', '--json', '--junit', junit], nowhere());
    expect(r.code).toBe(3);

    const out = z.object({ track: z.literal('container-foundations'), results: z.array(labResultSchema.strict()) }).strict().parse(JSON.parse(r.out));
    expect(out.results.map((x) => x.lab)).toContain('image-security');
    expect(out.results.find((x) => x.lab === 'image-security')?.status).toBe('fail');
    expect(out.results.find((x) => x.lab === 'what-is-a-container')?.status).toBe('error');

    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml.match(/<testsuite /g)).toHaveLength(out.results.length);
    const quiz = xml.slice(xml.indexOf('<testsuite name="image-security"'));
    expect(quiz.slice(0, quiz.indexOf('</testsuite>'))).toMatch(/<failure message=/);
    expect(xml).toMatch(/<error message="[^"]*(Docker|sandbox)[^"]*"/);
  });
});

describe('labs test --junit', { timeout: 300_000 }, () => {
  it('writes a suite per lab, a case per phase, as well-formed XML', async () => {
    const junit = join(tmp, 'harness.xml');
    const r = await runLabs(['test', 'image-security', '--junit', junit], { KUBECAMP_HOME: join(tmp, 'home') });
    expect(r.code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite name="image-security" tests="\d+" failures="0"/);
    expect(testcases(xml).length).toBeGreaterThan(1);
    expect(xml).not.toContain('<failure');
  });

  it('a failed phase is a <failure> carrying its detail', () => {
    const xml = harnessToJUnit([
      { lab: 'quiz', ok: false, durationMs: 5, phases: [{ name: 'solution passes', ok: false, detail: 'task a: expected <1> & got "2"\nmore', durationMs: 5 }] },
    ]);
    expect(xmlProblems(xml)).toEqual([]);
    expect(testcases(xml)).toEqual([
      { name: 'solution passes', body: '<failure message="task a: expected &lt;1&gt; &amp; got &quot;2&quot;">task a: expected &lt;1&gt; &amp; got &quot;2&quot;\nmore</failure>' },
    ]);
  });
});

describe('xmlProblems (the well-formedness check the tests above rely on)', () => {
  it('finds what a JUnit reader would reject', () => {
    expect(xmlProblems('<?xml version="1.0"?>\n<a><b x="1"/><c>t &amp; u</c></a>\n')).toEqual([]);
    expect(xmlProblems('<a><b></a>')).toEqual(['</a> closes <b>', 'unclosed: a']);
    expect(xmlProblems('<a>x & y</a>')).toEqual(['a bare & at 5: & y</a>']);
    expect(xmlProblems('<a x=1></a>')).toEqual(['a bare < at 0: <a x=1></a>', '</a> closes <nothing>', '0 root elements']);
    expect(xmlProblems('<a/><b/>')).toEqual(['2 root elements']);
  });
});
