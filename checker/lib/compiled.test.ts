import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledCounterpart, runningCompiled } from './compiled.ts';
import { findRepoRoot } from './repo-root.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubecamp-compiled-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the compiled CLI and its sources', () => {
  it('tests run the TypeScript sources', () => {
    expect(runningCompiled).toBe(false);
  });

  it('maps a lab check to its place in dist-cli/, and nothing outside the repository', () => {
    expect(compiledCounterpart('/repo', '/repo/labs/helm/checks/helm-release.ts')).toBe('/repo/dist-cli/labs/helm/checks/helm-release.js');
    expect(compiledCounterpart('/repo', '/elsewhere/labs/x/checks/y.ts')).toBeNull();
  });

  it('finds the repository from any file below it (the compiled chunks sit deeper or shallower than the sources)', () => {
    mkdirSync(join(tmp, 'dist-cli/checker/cli'), { recursive: true });
    writeFileSync(join(tmp, 'package.json'), '{}');
    expect(findRepoRoot(`file://${join(tmp, 'dist-cli/chunk-X.js')}`)).toBe(tmp);
    expect(findRepoRoot(join(tmp, 'dist-cli/checker/cli/main.js'))).toBe(tmp);
  });
});
