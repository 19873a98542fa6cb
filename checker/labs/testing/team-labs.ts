import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A team's own labs folder, as `--labs-dir` reads it: one quiz lab that needs
 * no environment (`team-quiz`, one `answer` task) and one track listing it
 * beside a built-in lab. Returns the folder.
 */
export function writeTeamLabs(dir: string, options: { labId?: string } = {}): string {
  const id = options.labId ?? 'team-quiz';
  const lab = join(dir, id);
  mkdirSync(join(lab, 'starter'), { recursive: true });
  mkdirSync(join(lab, 'solution'), { recursive: true });
  mkdirSync(join(dir, 'tracks'), { recursive: true });
  writeFileSync(
    join(lab, 'lab.yaml'),
    [
      `id: ${id}`,
      'title: "Quiz: our deploy pipeline"',
      'lesson: containers/image-security',
      'environments: []',
      'minutes: 2',
      'starter: [answers.yaml]',
      'solution:',
      '  - run: "true"',
      'tasks:',
      '  - id: registry',
      '    title: Where our images live',
      '    question: Which host name does our team push images to?',
      '    checks:',
      '      - type: answer',
      "        pattern: '^registry\\.example\\.com$'",
      '',
    ].join('\n'),
  );
  writeFileSync(join(lab, 'starter', 'answers.yaml'), '# registry:\n');
  writeFileSync(join(lab, 'solution', 'answers.yaml'), 'registry: registry.example.com\n');
  for (const [name, answer] of [['public-hub', 'docker.io'], ['with-scheme', 'https://registry.example.com']]) {
    mkdirSync(join(lab, 'wrong', name!), { recursive: true });
    writeFileSync(join(lab, 'wrong', name!, 'answers.yaml'), `registry: ${answer}\n`);
    writeFileSync(join(lab, 'wrong', name!, 'variant.yaml'), `description: Answers ${answer}.\nfails: registry\nmessage: '"${answer}" is not the answer'\nsteps:\n  - run: "true"\n`);
  }
  writeFileSync(join(dir, 'tracks', 'team-onboarding.yaml'), ['id: team-onboarding', 'title: Team onboarding', 'description: Our first day.', 'labs:', '  - image-security', `  - ${id}`, ''].join('\n'));
  return dir;
}
