// What the compiled `labs` CLI is built from, and whether a build is current.
// Plain JavaScript: bin/labs.mjs reads it before any TypeScript can run.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The compiled CLI (git-ignored): dist-cli/checker/cli/main.js, the lab checks beside it, and fingerprint.txt. */
export const outDirName = 'dist-cli';
const isSource = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts');

function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'fixtures') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (isSource(entry.name)) out.push(path);
  }
  return out;
}

/** The labs' own checks (labs/<id>/checks/*.ts): each is an entry point of the build. */
export function labCheckFiles(root = repoRoot) {
  const labs = join(root, 'labs');
  const out = [];
  for (const lab of readdirSync(labs, { withFileTypes: true })) {
    const checks = join(labs, lab.name, 'checks');
    if (lab.isDirectory() && existsSync(checks)) for (const f of readdirSync(checks)) if (isSource(f)) out.push(join(checks, f));
  }
  return out;
}

/** Every file the build reads: the checker's sources, the labs' checks, and this build's own code. */
export function inputFiles(root = repoRoot) {
  const own = join(root, 'scripts/cli-build');
  const build = readdirSync(own).filter((f) => f.endsWith('.mjs')).map((f) => join(own, f));
  return [...walk(join(root, 'checker'), []), ...labCheckFiles(root), ...build].sort();
}

/**
 * A fingerprint of the inputs: each file's path, size and modification time.
 * An edit, a `git checkout` or `git pull` (both rewrite the files they change),
 * an added or a deleted file all change it; stat-only, so checking it costs a
 * few milliseconds and no reading.
 */
export function fingerprint(root = repoRoot) {
  const hash = createHash('sha1');
  for (const file of inputFiles(root)) {
    const s = statSync(file);
    hash.update(`${relative(root, file).split(sep).join('/')}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The compiled entry's URL when the build matches the sources, else null (then run the sources). */
export function compiledEntry(root = repoRoot) {
  const out = join(root, outDirName);
  const entry = join(out, 'checker/cli/main.js');
  try {
    if (!existsSync(entry)) return null;
    return readFileSync(join(out, 'fingerprint.txt'), 'utf8').trim() === fingerprint(root) ? new URL(`file://${entry}`).href : null;
  } catch {
    return null;
  }
}
