import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTeamLabs } from '../../checker/labs/testing/team-labs.ts';
import { startServer, type StartedServer } from './testing/start-server.ts';

/**
 * `npm start -- --labs-dir DIR`, a real server process without environments:
 * a team's lab and track are in the API beside the built-in ones. (The site's
 * pages are built ahead of time and show the built-in labs and tracks only.)
 */

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-server-labs-dir-'));
const team = writeTeamLabs(join(tmp, 'team'));
let server: StartedServer;

beforeAll(async () => {
  server = await startServer({ namespacePrefix: 'teamdir-', args: ['--labs-dir', team] });
});

afterAll(async () => {
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await fetch(server.base + path, { headers: server.auth });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('the server with --labs-dir', () => {
  it('lists the team’s lab in /api/labs beside the built-in ones', async () => {
    const { status, body } = await get('/api/labs');
    expect(status).toBe(200);
    const labs = body.labs as { id: string; title: string }[];
    expect(labs.find((l) => l.id === 'team-quiz')).toMatchObject({ title: 'Quiz: our deploy pipeline', environments: [], taskIds: ['registry'] });
    expect(labs.map((l) => l.id)).toContain('image-security');
  });

  it('opens the team’s lab and checks its answer task', async () => {
    expect((await get('/api/labs/team-quiz')).body).toMatchObject({ id: 'team-quiz', files: ['answers.yaml'] });
    const put = await fetch(`${server.base}/api/labs/team-quiz/answers/registry`, { method: 'PUT', headers: { ...server.auth, 'content-type': 'application/json' }, body: JSON.stringify({ answer: 'registry.example.com' }) });
    expect(put.status).toBeLessThan(300);
    const check = await fetch(`${server.base}/api/labs/team-quiz/check`, { method: 'POST', headers: { ...server.auth, 'content-type': 'application/json' }, body: '{}' });
    expect(((await check.json()) as { status: string }).status).toBe('pass');
  });

  it('renders the team’s lab on a page of its own, /labs/<id>/ (and 404 for an unknown id)', async () => {
    const page = await fetch(`${server.base}/labs/team-quiz/`, { headers: { cookie: server.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-kc-lab="team-quiz"');
    expect(html).toContain('Which host name does our team push images to?');
    expect((await fetch(`${server.base}/labs/pods/`, { headers: { cookie: server.cookie } })).status).toBe(200);
    const unknown = await fetch(`${server.base}/labs/nope/`, { headers: { cookie: server.cookie } });
    expect(unknown.status).toBe(404);
  });

  it('renders the team’s track as a checklist at /tracks/team/<id>/, its lab linking to /labs/<id>/', async () => {
    const page = await fetch(`${server.base}/tracks/team/team-onboarding/`, { headers: { cookie: server.cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<li data-lab="image-security"');
    expect(html).toMatch(/<a href="\/labs\/team-quiz\/"[^>]*>Quiz: our deploy pipeline<\/a>/);
    expect(html).toContain(`npm run labs -- track team-onboarding --labs-dir ${team} --junit report.xml`);
    expect((await fetch(`${server.base}/tracks/team/nope/`, { headers: { cookie: server.cookie } })).status).toBe(404);
  });

  it('lists the team’s track in /api/tracks, and answers an unknown one with 404', async () => {
    const tracks = (await get('/api/tracks')).body.tracks as { id: string; labs: string[] }[];
    expect(tracks.find((t) => t.id === 'team-onboarding')?.labs).toEqual(['image-security', 'team-quiz']);
    expect(tracks.map((t) => t.id)).toContain('kubernetes-onboarding');
    expect((await get('/api/tracks/team-onboarding')).body).toMatchObject({ id: 'team-onboarding', title: 'Team onboarding' });
    const unknown = await get('/api/tracks/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('unknown track "nope"');
  });
});
