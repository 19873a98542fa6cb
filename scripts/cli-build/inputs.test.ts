import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledEntry, fingerprint, inputFiles } from './inputs.mjs';

const root = mkdtempSync(join(tmpdir(), 'kubecamp-cli-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const put = (path: string, text: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), text);
};
put('checker/cli/main.ts', 'main');
put('checker/engine/engine.ts', 'engine');
put('checker/engine/engine.test.ts', 'a test');
put('labs/helm/checks/helm-release.ts', 'check');
put('labs/helm/lab.yaml', 'id: helm');
put('scripts/cli-build/main.mjs', 'build');
put('dist-cli/checker/cli/main.js', 'compiled');

describe('is the compiled CLI current?', () => {
  it('reads the checker sources, the labs checks and the build, not tests or lab.yaml', () => {
    expect(inputFiles(root).map((f) => f.slice(root.length + 1))).toEqual([
      'checker/cli/main.ts',
      'checker/engine/engine.ts',
      'labs/helm/checks/helm-release.ts',
      'scripts/cli-build/main.mjs',
    ]);
  });

  it('runs the build while its fingerprint matches, and the sources after an edit, an added or a deleted file', () => {
    writeFileSync(join(root, 'dist-cli/fingerprint.txt'), `${fingerprint(root)}\n`);
    expect(compiledEntry(root)).toBe(`file://${join(root, 'dist-cli/checker/cli/main.js')}`);

    const built = fingerprint(root);
    utimesSync(join(root, 'checker/engine/engine.ts'), new Date(), new Date(Date.now() + 5000));
    expect(fingerprint(root)).not.toBe(built);
    expect(compiledEntry(root)).toBeNull();

    writeFileSync(join(root, 'dist-cli/fingerprint.txt'), `${fingerprint(root)}\n`);
    put('labs/helm/checks/another.ts', 'new check');
    expect(compiledEntry(root)).toBeNull();

    rmSync(join(root, 'labs/helm/checks/another.ts'));
    expect(compiledEntry(root)).not.toBeNull();
    rmSync(join(root, 'checker/engine/engine.ts'));
    expect(compiledEntry(root)).toBeNull();
  });

  it('runs the sources when there is no build', () => {
    rmSync(join(root, 'dist-cli'), { recursive: true });
    expect(compiledEntry(root)).toBeNull();
  });
});
