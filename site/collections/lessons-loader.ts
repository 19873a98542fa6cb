import type { Loader } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { lessonModuleProblem, type LessonFrontmatter } from '../schemas/lesson-frontmatter.ts';

/** Where lessons live, relative to the project root. */
export const lessonsDir = './lessons';

/**
 * Loads `lessons/**\/*.{md,mdx}` (names starting with `_` are skipped, as in
 * Starlight's own loader) and fails the build when a lesson's `module` does not
 * match its folder, naming the file.
 */
export function lessonsLoader(): Loader {
  const inner = glob({ base: lessonsDir, pattern: '**/[^_]*.{md,mdx}' });
  return {
    name: 'kubecamp-lessons',
    load: async (context) => {
      await inner.load(context);
      const problems: string[] = [];
      for (const [id, entry] of context.store.entries()) {
        const problem = lessonModuleProblem(id, entry.data as LessonFrontmatter);
        if (problem) problems.push(`${entry.filePath ?? id}: ${problem}`);
      }
      if (problems.length) throw new Error(`lesson frontmatter does not match the lessons/ folders:\n${problems.join('\n')}`);
    },
  };
}
