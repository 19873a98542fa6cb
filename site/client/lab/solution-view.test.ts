import { describe, expect, it } from 'vitest';
import { mainSolutionFile, withoutCommentLines } from './solution-view.ts';

describe('mainSolutionFile', () => {
  it('opens on the lab main file, never answers.yaml', () => {
    expect(mainSolutionFile(['answers.yaml', 'pod.yaml'], ['pod.yaml', 'answers.yaml'])).toBe('pod.yaml');
    expect(mainSolutionFile(['answers.yaml', 'deployment.yaml', 'service.yaml'], ['service.yaml', 'deployment.yaml'])).toBe('service.yaml');
    expect(mainSolutionFile(['answers.yaml', 'Dockerfile'], [])).toBe('Dockerfile');
    expect(mainSolutionFile(['answers.yaml'], ['answers.yaml'])).toBeUndefined();
  });
});

describe('withoutCommentLines', () => {
  it('leaves out comment-only lines, so a starter comment is not a difference', () => {
    const starter = '# Fill in the replicas.\napiVersion: apps/v1\nkind: Deployment\n  # TODO\nspec:\n  replicas: 3 # three\n\n';
    expect(withoutCommentLines(starter, 'deployment.yaml')).toBe('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3 # three\n');
    expect(withoutCommentLines(starter, 'deployment.yaml')).toBe(withoutCommentLines('apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3 # three\n', 'x.yaml'));
  });

  it('keeps Dockerfile parser directives and uses // for JavaScript', () => {
    expect(withoutCommentLines('# syntax=docker/dockerfile:1\n# base image\nFROM alpine\n', 'Dockerfile')).toBe('# syntax=docker/dockerfile:1\nFROM alpine\n');
    expect(withoutCommentLines('// note\n# not a comment in JS\nconst a = 1;\n', 'app.js')).toBe('# not a comment in JS\nconst a = 1;\n');
  });
});
