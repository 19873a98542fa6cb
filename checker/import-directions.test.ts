import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './labs/load.ts';

/**
 * The directions dependencies may point in, read from the imports of every
 * source file (static, re-exports and dynamic `import()`): site and scripts
 * use the checker, never the reverse; the site's shared code runs in the
 * browser too, so it never reaches into the server; a lab's own checks use
 * the declared kit (checker/kit.ts), not the checker's internals.
 */

const sourceFile = /\.(ts|mts|mjs|js)$/;

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesUnder(path));
    else if (sourceFile.test(entry.name)) out.push(path);
  }
  return out;
}

/** The module specifiers a file imports, re-exports or imports dynamically. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Repository-relative path (with /) of a relative import, or null for packages and node: builtins. */
function target(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return relative(repoRoot, resolve(dirname(file), specifier)).split(sep).join('/');
}

interface Rule {
  name: string;
  files: (path: string) => boolean;
  /** Why an import is not allowed, or null. */
  forbids: (to: string, from: string) => string | null;
}

const isLabCheck = (p: string) => /^labs\/[^/]+\/checks\//.test(p);

const rules: Rule[] = [
  {
    name: 'checker never imports site/ or scripts/',
    files: (p) => p.startsWith('checker/'),
    forbids: (to) => (/^(site|scripts)\//.test(to) ? 'the checker is a library the site and scripts use' : null),
  },
  {
    name: 'site/shared never imports site/server',
    files: (p) => p.startsWith('site/shared/'),
    forbids: (to) => (to.startsWith('site/server/') ? 'shared code runs in the browser too' : null),
  },
  {
    name: "labs/*/checks import the checker's kit only",
    files: isLabCheck,
    forbids: (to, from) => {
      const ownDir = from.slice(0, from.indexOf('/checks/') + '/checks/'.length);
      if (to === 'checker/kit.ts' || to.startsWith(ownDir)) return null;
      return 'a lab check imports checker/kit.ts (and files beside it), never engine internals';
    },
  },
];

const files = ['checker', 'site', 'labs', 'scripts', 'bin'].flatMap((d) => sourcesUnder(join(repoRoot, d)));

describe('import directions', () => {
  it('reads every kind of import', () => {
    expect(importsOf("import a from './a.ts';\nexport { b } from '../b.ts';\nimport type { C } from './c.ts';\nconst d = await import('./d.ts');\nimport 'node:fs';")).toEqual([
      './a.ts',
      '../b.ts',
      './c.ts',
      './d.ts',
      'node:fs',
    ]);
  });

  it('covers the custom checks and the checker', () => {
    const paths = files.map((f) => relative(repoRoot, f).split(sep).join('/'));
    expect(paths.filter(isLabCheck).length).toBeGreaterThan(0);
    expect(paths).toContain('checker/engine/engine.ts');
  });

  for (const rule of rules) {
    it(rule.name, () => {
      const violations: string[] = [];
      for (const file of files) {
        const from = relative(repoRoot, file).split(sep).join('/');
        if (!rule.files(from)) continue;
        for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
          const to = target(file, specifier);
          const why = to === null ? null : rule.forbids(to, from);
          if (why) violations.push(`${from} imports ${to}: ${why}`);
        }
      }
      expect(violations).toEqual([]);
    });
  }
});
