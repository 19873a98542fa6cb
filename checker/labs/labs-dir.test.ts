import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLabsRoot, findLab, labIds, labsDirRoots } from './load.ts';
import { findTrack, trackIds } from './tracks.ts';
import { validateAll } from './validate.ts';
import { writeTeamLabs } from './testing/team-labs.ts';
import { testLab } from './harness.ts';
import { createChecker } from '../engine/engine.ts';
import type { Environment } from '../environments/environment.ts';
import { noopLogger } from '../lib/logger.ts';

/** A team's labs and tracks in a folder outside the repository (`--labs-dir`), beside the built-in ones. */

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-labs-dir-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('labsDirRoots', () => {
  it('adds the folder, its tracks/ and its lessons/ after the repository’s', () => {
    const dir = writeTeamLabs(join(tmp, 'roots'));
    const roots = labsDirRoots(dir);
    expect(roots.labs).toEqual([defaultLabsRoot, dir]);
    expect(roots.tracks.at(-1)).toBe(join(dir, 'tracks'));
    expect(roots.lessons.at(-1)).toBe(join(dir, 'lessons'));
    expect(labsDirRoots(undefined).labs).toEqual([defaultLabsRoot]);
  });

  it('refuses a folder that does not exist', () => {
    expect(() => labsDirRoots(join(tmp, 'missing'))).toThrow(`the labs folder ${join(tmp, 'missing')} does not exist`);
  });
});

describe('labs and tracks from two folders', () => {
  const dir = writeTeamLabs(join(tmp, 'team'));
  const roots = labsDirRoots(dir);

  it('lists and finds the team’s lab beside the built-in ones', async () => {
    const ids = await labIds(roots.labs);
    expect(ids).toContain('team-quiz');
    expect(ids).toContain('image-security');
    expect(ids).toEqual([...ids].sort());
    expect((await findLab('team-quiz', roots.labs)).dir).toBe(join(dir, 'team-quiz'));
    await expect(findLab('team-quiz')).rejects.toThrow('unknown lab "team-quiz"');
  });

  it('finds the team’s track beside the built-in ones', async () => {
    expect(await trackIds(roots.tracks)).toContain('team-onboarding');
    expect(await trackIds(roots.tracks)).toContain('kubernetes-onboarding');
    expect((await findTrack('team-onboarding', roots.tracks)).labs).toEqual(['image-security', 'team-quiz']);
  });

  it('validates the team’s lab and track with the built-in ones', async () => {
    const { labs, problems } = await validateAll(roots.labs, roots.lessons, undefined, roots.tracks);
    expect(problems).toEqual([]);
    expect(labs).toBe((await labIds()).length + 1);
  });

  it('reports a track naming a lab that exists nowhere', async () => {
    const bad = writeTeamLabs(join(tmp, 'bad-track'));
    writeFileSync(join(bad, 'tracks', 'typo.yaml'), 'id: typo\ntitle: Typo\nlabs: [team-quizz]\n');
    const r = labsDirRoots(bad);
    const { problems } = await validateAll(r.labs, r.lessons, undefined, r.tracks);
    expect(problems).toEqual([{ file: join(bad, 'tracks', 'typo.yaml'), message: 'labs: "team-quizz" does not exist' }]);
  });

  it('accepts a lesson from the team’s own lessons/ folder', async () => {
    const own = writeTeamLabs(join(tmp, 'own-lesson'));
    const file = join(own, 'team-quiz', 'lab.yaml');
    const { readFileSync } = await import('node:fs');
    writeFileSync(file, readFileSync(file, 'utf8').replace('lesson: containers/image-security', 'lesson: team/pipeline'));
    const r = labsDirRoots(own);
    expect((await validateAll(r.labs, r.lessons, undefined, r.tracks)).problems).toEqual([{ file, message: 'lesson: team/pipeline has no lessons/team/pipeline.mdx' }]);
    mkdirSync(join(own, 'lessons', 'team'), { recursive: true });
    writeFileSync(join(own, 'lessons', 'team', 'pipeline.md'), '---\ntitle: Our pipeline\n---\nText.\n');
    expect((await validateAll(r.labs, r.lessons, undefined, r.tracks)).problems).toEqual([]);
  });
});

describe('the harness on a team’s lab', () => {
  it('proves it like a built-in one: starter fails, solution passes, each wrong variant fails with its message', async () => {
    const dir = writeTeamLabs(join(tmp, 'harness'));
    // The quiz needs no engine: one that refuses every call shows none is used.
    const environment: Environment = {
      kubeApi: () => Promise.reject(new Error('no cluster here')),
      docker: () => Promise.reject(new Error('no Docker here')),
      sandbox: () => Promise.reject(new Error('no sandbox here')),
      close() {},
    };
    const loaded = await findLab('team-quiz', labsDirRoots(dir).labs);
    const report = await testLab(loaded, { checker: createChecker({ environment, logger: noopLogger }), environment, namespace: 'labtest-team-quiz', workspace: join(tmp, 'harness-ws'), env: { HOME: tmp } });
    expect(report.phases.filter((p) => !p.ok).map((p) => `${p.name}: ${p.detail}`)).toEqual([]);
    expect(report.phases.map((p) => p.name)).toEqual(expect.arrayContaining([expect.stringContaining('public-hub'), expect.stringContaining('with-scheme')]));
    expect(report.ok).toBe(true);
  });
});

describe('ids used twice', () => {
  it('is an error naming both folders, for a lab', async () => {
    const dir = writeTeamLabs(join(tmp, 'clash'), { labId: 'pods' });
    const r = labsDirRoots(dir);
    const message = `lab id "pods" is used twice: ${join(defaultLabsRoot, 'pods')} and ${join(dir, 'pods')}`;
    await expect(labIds(r.labs)).rejects.toThrow(message);
    expect((await validateAll(r.labs, r.lessons, undefined, r.tracks)).problems).toEqual([{ file: r.labs.join(', '), message }]);
  });

  it('is an error naming both files, for a track', async () => {
    const dir = writeTeamLabs(join(tmp, 'track-clash'));
    writeFileSync(join(dir, 'tracks', 'kubernetes-onboarding.yaml'), 'id: kubernetes-onboarding\ntitle: Ours\nlabs: [team-quiz]\n');
    const r = labsDirRoots(dir);
    await expect(trackIds(r.tracks)).rejects.toThrow(`track id "kubernetes-onboarding" is used twice: ${r.tracks[0]}/kubernetes-onboarding.yaml and ${join(dir, 'tracks', 'kubernetes-onboarding.yaml')}`);
  });
});
