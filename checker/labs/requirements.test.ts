import { describe, expect, it } from 'vitest';
import { checkInputSchema } from '../schemas/check.ts';
import { requirementsOf, showRequirement, uncoveredRequirements } from './requirements.ts';

const task = (description: string, checks: object[]) => ({ description, checks: checks.map((c) => checkInputSchema.parse(c)) });

describe('requirementsOf', () => {
  it('reads the bold values and the numbers of the prose, not those in code spans, versions or names', () => {
    expect(requirementsOf('Run **3 replicas** of `nginx:1.30` on port 8080, label **tier=web**, api-v2 and step 1.31.2; ```\nkubectl scale --replicas 9\n```')).toEqual([
      { kind: 'bold', text: '3 replicas' },
      { kind: 'bold', text: 'tier=web' },
      { kind: 'number', text: '8080' },
    ]);
  });
});

describe('uncoveredRequirements', () => {
  const deployment = { type: 'k8s.object', kind: 'Deployment', name: 'web', expect: [{ path: 'spec.replicas', equals: 3 }, { path: 'spec.template.spec.containers[0].image', matches: '^nginx:1\\.30$' }] };

  it('counts a requirement found among the checks\' values, paths and patterns as covered', () => {
    expect(uncoveredRequirements(task('**3 replicas** of **nginx:1.30**, **spec.replicas** set', [deployment]))).toEqual([]);
  });

  it('reports the ones no check reads, a number only as a whole number', () => {
    const uncovered = uncoveredRequirements(task('Mount it **read-only** and keep 30 revisions (not 3)', [deployment]));
    expect(uncovered.map(showRequirement)).toEqual(['**read-only**', 'the number 30']);
  });

  it('takes a check\'s covers: list as its word', () => {
    const covered = { ...deployment, covers: ['read-only', '30'] };
    expect(uncoveredRequirements(task('Mount it **read-only** and keep 30 revisions', [covered]))).toEqual([]);
  });
});
