// `npm run build:cli` (and `prepare`, so `npm install` runs it): compiles the `labs` CLI with esbuild
// into dist-cli/, one ES-module bundle split per dynamic import, so each command loads only its code.
// The labs' own checks are entry points of the same build and share its chunks (one copy of the kit).
// Packages stay external (read from node_modules). bin/labs.mjs runs it while fingerprint.txt matches.
import { rmSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fingerprint, labCheckFiles, outDirName, repoRoot } from './inputs.mjs';

const started = performance.now();
// Taken before compiling: a file edited during the build leaves it stale, never wrongly current.
const print = fingerprint();
const out = join(repoRoot, outDirName);
const staging = `${out}.new-${process.pid}`;
try {
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, 'checker/cli/main.ts'), ...labCheckFiles()],
    outbase: repoRoot,
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  writeFileSync(join(staging, 'fingerprint.txt'), `${print}\n`);
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
process.stdout.write(`labs CLI compiled to ${outDirName}/ in ${Math.round(performance.now() - started)} ms\n`);
