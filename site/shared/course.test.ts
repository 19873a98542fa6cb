import { describe, expect, it } from 'vitest';
import { courseLabs, trackCiCommand, trackJson, trackMarkdown, trackReport } from './course.ts';
import { emptyProgress, mergeProgress, recordActiveTime, recordPassed, recordReset, type Progress } from './progress.ts';

const lessons = [
  { slug: 'kubernetes/pods', title: 'Pods', order: 2, lab: 'pods' },
  { slug: 'kubernetes/deployments', title: 'Deployments and rollouts', order: 3, lab: 'deployments' },
  { slug: 'containers/cgroups', title: 'Control groups', order: 3, lab: 'cgroups' },
  { slug: 'containers/what-is-a-container', title: 'What is a container?', label: 'What is a container', order: 1, lab: 'what-is-a-container' },
];
const labs = [
  { id: 'cgroups', title: 'Limit a process with cgroups', lesson: 'containers/cgroups', taskIds: ['a', 'b'] },
  { id: 'deployments', title: 'Roll out a Deployment', lesson: 'kubernetes/deployments', taskIds: ['a'] },
  { id: 'pods', title: 'Run a Pod', lesson: 'kubernetes/pods', taskIds: ['a', 'b'] },
  { id: 'what-is-a-container', title: 'Your first container', lesson: 'containers/what-is-a-container', taskIds: ['a'] },
  { id: 'zz-orphan', title: 'No lesson', lesson: 'elsewhere/x', taskIds: ['a'] },
];

describe('courseLabs', () => {
  it('orders labs as the sidebar orders their lessons, with the sidebar titles', () => {
    expect(courseLabs(lessons, labs).map((l) => [l.id, l.title])).toEqual([
      ['what-is-a-container', 'What is a container'],
      ['cgroups', 'Control groups'],
      ['pods', 'Pods'],
      ['deployments', 'Deployments and rollouts'],
      ['zz-orphan', 'No lesson'],
    ]);
  });
});

describe('trackReport', () => {
  const course = courseLabs(lessons, labs);
  const track = { id: 'onboarding', title: 'Onboarding', labs: ['deployments', 'pods', 'cgroups'] };
  let progress: Progress = recordActiveTime(emptyProgress(), 'cgroups', 25 * 60_000);
  progress = recordPassed(progress, 'cgroups', ['a', 'b'], ['a', 'b'], '2026-03-02T10:00:00.000Z');
  // Minutes after completion are not time spent on the lab.
  progress = recordActiveTime(progress, 'cgroups', 10 * 60_000);
  progress = recordActiveTime(progress, 'pods', 40 * 60_000 + 5_000);
  progress = recordPassed(progress, 'pods', ['a'], ['a', 'b'], '2026-03-03T10:00:00.000Z');

  it('lists the track labs in course order with status and the next one to do', () => {
    const report = trackReport(track, course, progress);
    expect(report.items.map((i) => [i.id, i.status, i.done, i.total])).toEqual([
      ['cgroups', 'completed', 2, 2],
      ['pods', 'in-progress', 1, 2],
      ['deployments', 'not-started', 0, 1],
    ]);
    expect(report.completed).toBe(1);
    expect(report.nextUp?.id).toBe('pods');
  });

  it('exports a Markdown checklist and JSON with the CI command', () => {
    const report = trackReport(track, course, progress);
    expect(trackMarkdown(report, 'http://127.0.0.1:4321')).toBe(
      [
        '### Onboarding: 1 of 3 labs completed',
        '',
        '- [x] [Control groups](http://127.0.0.1:4321/containers/cgroups/) (completed 2026-03-02, 25 min)',
        '- [ ] [Pods](http://127.0.0.1:4321/kubernetes/pods/) (in progress, 1 of 2 tasks, 40 min)',
        '- [ ] [Deployments and rollouts](http://127.0.0.1:4321/kubernetes/deployments/) (not started)',
        '',
        'Time spent: 1 h 5 min',
        'Next up: Pods',
        '',
        'Check in CI: `npm run labs -- track onboarding --junit report.xml`',
        '',
      ].join('\n'),
    );
    expect(JSON.parse(trackJson(report))).toEqual({
      track: 'onboarding',
      title: 'Onboarding',
      completed: 1,
      total: 3,
      nextUp: 'pods',
      timeSpentMinutes: 65,
      labs: [
        { id: 'cgroups', title: 'Control groups', status: 'completed', tasksDone: 2, tasks: 2, timeSpentMinutes: 25, completedAt: '2026-03-02T10:00:00.000Z' },
        { id: 'pods', title: 'Pods', status: 'in-progress', tasksDone: 1, tasks: 2, timeSpentMinutes: 40 },
        { id: 'deployments', title: 'Deployments and rollouts', status: 'not-started', tasksDone: 0, tasks: 1, timeSpentMinutes: 0 },
      ],
      ci: trackCiCommand('onboarding'),
    });
  });

  it('links a team’s lab (--labs-dir) to /labs/<id>/ and puts the folder in the CI command', () => {
    const teamCourse = [...course, { id: 'team-quiz', title: 'Quiz: our pipeline', lesson: 'containers/cgroups', taskIds: ['registry'], href: '/labs/team-quiz/' }];
    const report = trackReport({ id: 'ours', title: 'Ours', labs: ['cgroups', 'team-quiz'], labsDir: '/srv/team-labs' }, teamCourse, progress);
    expect(report.nextUp).toMatchObject({ id: 'team-quiz', href: '/labs/team-quiz/' });
    const md = trackMarkdown(report, 'http://127.0.0.1:4321');
    expect(md).toContain('- [ ] [Quiz: our pipeline](http://127.0.0.1:4321/labs/team-quiz/) (not started)\n');
    expect(md).toContain('- [x] [Control groups](http://127.0.0.1:4321/containers/cgroups/)');
    expect(md).toContain('Check in CI: `npm run labs -- track ours --labs-dir /srv/team-labs --junit report.xml`');
    expect(JSON.parse(trackJson(report)).ci).toBe('npm run labs -- track ours --labs-dir /srv/team-labs --junit report.xml');
  });

  it('has no next lab once all are completed; a reset lab counts again from zero', () => {
    let all = recordPassed(progress, 'pods', ['b'], ['a', 'b'], '2026-03-04T00:00:00.000Z');
    all = recordPassed(all, 'deployments', ['a'], ['a'], '2026-03-04T00:00:00.000Z');
    expect(trackReport(track, course, all).nextUp).toBeUndefined();
    expect(trackMarkdown(trackReport(track, course, all), '')).toContain('Every lab of the track is completed.');
    const reset = recordReset(all, 'pods', '2026-03-05T00:00:00.000Z');
    // The time spent stays on record, as the completion does.
    expect(trackReport(track, course, reset).items.find((i) => i.id === 'pods')).toMatchObject({ done: 0, timeSpentMs: 40 * 60_000 + 5_000 });
  });
});

describe('time spent', () => {
  it('two tabs counting the same minutes merge to the larger count, not the sum', () => {
    const a = recordActiveTime(emptyProgress(), 'pods', 30 * 60_000);
    const b = recordActiveTime(emptyProgress(), 'pods', 20 * 60_000);
    expect(mergeProgress(a, b).labs.pods!.activeMs).toBe(30 * 60_000);
    expect(mergeProgress(recordReset(a, 'pods', '2026-03-05T00:00:00.000Z'), b).labs.pods!.activeMs).toBe(30 * 60_000);
  });
});
