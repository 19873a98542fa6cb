import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLabsRoot, labIds } from '../labs/load.ts';
import { writeTeamLabs } from '../labs/testing/team-labs.ts';
import { runLabs, xmlProblems } from './run-labs.ts';

/** `labs … --labs-dir DIR` (and KUBECAMP_LABS_DIR), run as processes: a team's labs and tracks beside the built-in ones. */

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-cli-labs-dir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const team = writeTeamLabs(join(tmp, 'team'));

/** No engine anywhere: the team's quiz and image-security need none. */
const nowhere = () => ({
  KUBECAMP_HOME: join(tmp, 'home'),
  KUBECAMP_WORKSPACES: join(tmp, 'workspaces'),
  DOCKER_HOST: `unix://${join(tmp, 'no-docker.sock')}`,
  KUBECONFIG: join(tmp, 'no-kubeconfig'),
  KUBECAMP_LABS_DIR: '',
});

describe('labs --labs-dir', { timeout: 180_000 }, () => {
  it('validate: the team’s lab and track with the built-in ones', async () => {
    const { code, out, err } = await runLabs(['validate', '--labs-dir', team], nowhere());
    expect(err).toBe('');
    expect(out).toContain(`✔ ${(await labIds()).length + 1} labs, their files, lessons and tracks are valid\n`);
    expect(code).toBe(0);
  });

  it('validate: an id used twice is a problem naming both folders', async () => {
    const clash = writeTeamLabs(join(tmp, 'clash'), { labId: 'pods' });
    const { code, out } = await runLabs(['validate', '--labs-dir', clash], nowhere());
    expect(out).toContain(`lab id "pods" is used twice: ${join(defaultLabsRoot, 'pods')} and ${join(clash, 'pods')}`);
    expect(code).toBe(1);
  });

  it('track: checks the team’s track, its own lab and a built-in one, into JUnit', async () => {
    const workspace = join(tmp, 'workspaces', 'team-quiz');
    mkdirSync(workspace, { recursive: true });
    writeFileSync(join(workspace, 'answers.yaml'), 'registry: registry.example.com\n');
    const junit = join(tmp, 'track.xml');
    const { code, out } = await runLabs(['track', 'team-onboarding', '--labs-dir', team, '--junit', junit], nowhere());
    expect(out).toContain('Team onboarding\n');
    expect(out).toContain('1/2 labs done\n');
    expect(code).toBe(1);
    const xml = readFileSync(junit, 'utf8');
    expect(xmlProblems(xml)).toEqual([]);
    expect(xml).toMatch(/<testsuite [^>]*name="team-quiz"[^>]*failures="0"/);
    expect(xml).toMatch(/<testsuite [^>]*name="image-security"[^>]*failures="3"/);
  });

  it('KUBECAMP_LABS_DIR does what --labs-dir does; without either the team’s lab is unknown', async () => {
    const listed = await runLabs(['list'], { ...nowhere(), KUBECAMP_LABS_DIR: team });
    expect(listed.out).toMatch(/^team-quiz +Quiz: our deploy pipeline/m);
    const plain = await runLabs(['track', 'team-onboarding'], nowhere());
    expect(plain.err).toContain('unknown track "team-onboarding"');
    expect(plain.code).not.toBe(0);
  });
});
