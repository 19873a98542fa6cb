import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ContextError } from '../lib/errors.ts';
import { checkTypes } from './check.ts';
import { labSchema } from './lab.ts';
import { explainZodError, formatPath, parseOrExplain } from './parse.ts';

const file = 'labs/deployments/lab.yaml';

/** A valid lab.yaml; each case below breaks one thing in it. */
const validLab = `
id: deployments
title: Deployments and rollouts
lesson: kubernetes/deployments
environments: [kubernetes]
minutes: 25
solution:
  - apply: deployment.yaml
tasks:
  - id: create-deployment
    title: Create the web Deployment
    hints: [Use kubectl apply.]
    checks:
      - type: k8s.object
        kind: Deployment
        name: web
        expect:
          - { path: spec.replicas, equals: 3 }
      - type: k8s.ready
        kind: Deployment
        name: web
  - id: roll-out
    title: Roll out nginx 1.28
    checks:
      - type: k8s.rollout
        deployment: web
        minRevision: 2
`;

/** The error parseOrExplain throws for this YAML text. */
function errorFor(yamlText: string): ContextError {
  try {
    parseOrExplain(labSchema, parseYaml(yamlText), file);
  } catch (err) {
    expect(err).toBeInstanceOf(ContextError);
    return err as ContextError;
  }
  throw new Error('expected the lab to be rejected');
}

const edit = (from: string, to: string) => {
  expect(validLab).toContain(from);
  return validLab.replace(from, to);
};

describe('formatPath', () => {
  it('writes zod paths the way lab authors write them', () => {
    expect(formatPath(['tasks', 2, 'checks', 0, 'kind'])).toBe('tasks[2].checks[0].kind');
    expect(formatPath(['minutes'])).toBe('minutes');
    expect(formatPath([0, 'id'])).toBe('[0].id');
    expect(formatPath([])).toBe('(top level)');
  });
});

describe('parseOrExplain on lab.yaml', () => {
  it('returns the parsed lab with defaults filled in', () => {
    const lab = parseOrExplain(labSchema, parseYaml(validLab), file);
    expect(lab.tasks.map((t) => t.id)).toEqual(['create-deployment', 'roll-out']);
    expect(lab.images).toEqual([]);
    expect(lab.setup).toEqual([]);
    expect(lab.tasks[1].hints).toEqual([]);
    expect(lab.tasks[1].description).toBe('');
    expect(lab.tasks[0].checks[1]).toEqual({ type: 'k8s.ready', kind: 'Deployment', name: 'web', within: '60s' });
    expect(lab.tasks[0].checks[0]).toEqual({ type: 'k8s.object', kind: 'Deployment', name: 'web', expect: [{ path: 'spec.replicas', equals: 3 }] });
    expect(lab.tasks[1].checks[0]).toEqual({ type: 'k8s.rollout', deployment: 'web', minRevision: 2, within: '30s' });
  });

  it('missing tasks', () => {
    const err = errorFor(validLab.slice(0, validLab.indexOf('tasks:')));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks: is required (expected array)`);
    expect(err.fix).toBe(`correct the field above in ${file}`);
  });

  it('an empty task list', () => {
    const err = errorFor(`${validLab.slice(0, validLab.indexOf('tasks:'))}tasks: []\n`);
    expect(err.message).toBe(`${file} is not valid:\n  - tasks: array must contain at least 1 element(s)`);
  });

  it('a check with an unknown type lists the known ones and repeats the wrong one', () => {
    const err = errorFor(edit('type: k8s.ready', 'type: k8s.readiness'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0].checks[1].type: expected one of ${checkTypes.join(', ')}, got "k8s.readiness"`);
    expect(err.message).toContain('expected one of k8s.object, k8s.condition, k8s.ready, k8s.endpoints, k8s.rollout, k8s.can, k8s.event, ');
    expect(err.fix).toBe(`correct the field above in ${file}`);
  });

  it('a check without a type', () => {
    const err = errorFor(edit('      - type: k8s.ready\n', '      - \n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0].checks[1].type: expected one of ${checkTypes.join(', ')}`);
  });

  it('a k8s.object check missing kind is reported against that check only', () => {
    const err = errorFor(edit('      - type: k8s.object\n        kind: Deployment\n', '      - type: k8s.object\n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0].checks[0].kind: is required (expected string)`);
  });

  it('an assertion with no operator', () => {
    const err = errorFor(edit('{ path: spec.replicas, equals: 3 }', '{ path: spec.replicas }'));
    expect(err.message).toBe(
      `${file} is not valid:\n  - tasks[0].checks[0].expect[0]: give an operator: equals, notEquals, matches, contains, gte, lte, oneOf, absent, minItems, maxItems, image, selects, notSelects, reachesPort, routes, presentsFiles, scalesDownAtMost, rollingUpdate, mounts, allows, denies, capabilities, pid1 or env`,
    );
  });

  it('a misspelled operator is an unknown field (and, since none is left, a missing operator)', () => {
    const err = errorFor(edit('{ path: spec.replicas, equals: 3 }', '{ path: spec.replicas, equal: 3 }'));
    expect(err.message).toBe(
      `${file} is not valid:\n` +
        '  - tasks[0].checks[0].expect[0]: unknown field "equal" (check the spelling)\n' +
        '  - tasks[0].checks[0].expect[0]: give an operator: equals, notEquals, matches, contains, gte, lte, oneOf, absent, minItems, maxItems, image, selects, notSelects, reachesPort, routes, presentsFiles, scalesDownAtMost, rollingUpdate, mounts, allows, denies, capabilities, pid1 or env',
    );
    expect(err.fix).toBe(`correct the fields above in ${file}`);
  });

  it('a misspelled field of a check', () => {
    const err = errorFor(edit('        deployment: web\n', '        deployment: web\n        minRevison: 3\n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[1].checks[0]: unknown field "minRevison" (check the spelling)`);
  });

  it('misspelled fields at the top level', () => {
    const err = errorFor(`${validLab}minuts: 5\nlesons: x\n`);
    expect(err.message).toBe(`${file} is not valid:\n  - (top level): unknown fields "minuts", "lesons" (check the spelling)`);
  });

  it('a misspelled field of a task', () => {
    const err = errorFor(edit('    hints: [Use kubectl apply.]', '    hint: [Use kubectl apply.]'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0]: unknown field "hint" (check the spelling)`);
  });

  it('duplicate task ids name the second one', () => {
    const err = errorFor(edit('  - id: roll-out', '  - id: create-deployment'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[1].id: duplicate task id "create-deployment"`);
  });

  it('an unknown environment', () => {
    const err = errorFor(edit('environments: [kubernetes]', 'environments: [kubernetes, kind]'));
    expect(err.message).toBe(`${file} is not valid:\n  - environments[1]: expected one of "kubernetes", "docker", "sandbox", got "kind"`);
  });

  it('a condition status written in lower case', () => {
    const err = errorFor(edit('      - type: k8s.ready\n', '      - type: k8s.condition\n        condition: Available\n        status: "true"\n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0].checks[1].status: expected one of "True", "False", "Unknown", got "true"`);
  });

  it('a malformed duration', () => {
    const err = errorFor(edit('        minRevision: 2\n', '        minRevision: 2\n        within: 30 seconds\n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[1].checks[0].within: a duration like 500ms, 30s or 2m`);
  });

  it('a wrong type of value', () => {
    const err = errorFor(edit('minutes: 25', 'minutes: "25"'));
    expect(err.message).toBe(`${file} is not valid:\n  - minutes: expected number, got string`);
  });

  it('an id that is not kebab-case', () => {
    const err = errorFor(edit('id: deployments', 'id: Deployments_Lab'));
    expect(err.message).toBe(`${file} is not valid:\n  - id: kebab-case, the same as the folder name`);
  });

  it('a k8s.can check with neither serviceAccount nor user', () => {
    const err = errorFor(edit('      - type: k8s.ready\n        kind: Deployment\n        name: web\n', '      - type: k8s.can\n        verb: get\n        resource: pods\n'));
    expect(err.message).toBe(`${file} is not valid:\n  - tasks[0].checks[1]: give exactly one of serviceAccount or user`);
  });

  it('several problems, one line each, in document order', () => {
    const err = errorFor(edit('title: Deployments and rollouts\n', '').replace('        kind: Deployment\n        name: web\n        expect', '        kind: 3\n        name: web\n        expect'));
    expect(err.message).toBe(`${file} is not valid:\n  - title: is required (expected string)\n  - tasks[0].checks[0].kind: expected string, got number`);
    expect(err.fix).toBe(`correct the fields above in ${file}`);
  });

  it('a file that is not a mapping at all', () => {
    expect(errorFor('- just\n- a list\n').message).toBe(`${file} is not valid:\n  - (top level): expected object, got array`);
    expect(errorFor('').message).toBe(`${file} is not valid:\n  - (top level): expected object, got null`);
  });
});

describe('explainZodError', () => {
  it('gives one line per issue', () => {
    const result = labSchema.safeParse({ id: 'x' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(explainZodError(result.error)).toEqual([
      'title: is required (expected string)',
      'lesson: is required (expected string)',
      'minutes: is required (expected number)',
      'solution: is required (expected array)',
      'tasks: is required (expected array)',
    ]);
  });
});

describe('one operator per assertion, known step kinds', () => {
  it('rejects two operators in one assertion, naming both', () => {
    const err = errorFor(edit('{ path: spec.replicas, equals: 3 }', '{ path: spec.replicas, equals: 3, absent: false }'));
    expect(err.message).toBe(
      `${file} is not valid:\n  - tasks[0].checks[0].expect[0]: give one operator per assertion, not equals and absent: split it into 2 assertions with the same path`,
    );
  });

  it('accepts a range (gte with lte) as one operator', () => {
    expect(() => parseOrExplain(labSchema, parseYaml(edit('equals: 3 }', 'gte: 2, lte: 4 }')), file)).not.toThrow();
  });

  it('names the step kinds when a step is unknown', () => {
    const err = errorFor(edit('  - apply: deployment.yaml', '  - kubectl: apply -f deployment.yaml'));
    expect(err.message).toBe(`${file} is not valid:\n  - solution[0]: expected one of {apply: file}, {run: command} or {sandbox: command}`);
  });
});
