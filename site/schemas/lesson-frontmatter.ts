import { z } from 'zod';

/** The course modules; each is a folder of `lessons/` and a sidebar group. */
export const moduleIds = ['containers', 'kubernetes'] as const;
export type ModuleId = (typeof moduleIds)[number];

/** A lab id: the name of its folder in `labs/`, kebab-case. */
const labId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a lab id is the kebab-case name of its folder in labs/, e.g. "run-a-container"');

/**
 * What kubecamp adds to Starlight's frontmatter for a lesson (`lessons/**\/*.mdx`).
 * Starlight's own fields (`title`, `description`, `sidebar`, `template`, …) stay
 * as they are; `site/content.config.ts` merges this into `docsSchema()`.
 */
export const lessonFrontmatterSchema = z.object({
  /**
   * The lab that goes with this lesson, by its folder name in `labs/`.
   * The lab pane opens it beside the lesson.
   *
   * Default: no lab.
   * @example
   * lab: run-a-container
   */
  lab: labId.optional().describe('The lab that goes with this lesson: its folder name in labs/. Default: no lab.'),

  /**
   * The module the lesson belongs to. Required for a lesson inside a module
   * folder (`lessons/containers/…`, `lessons/kubernetes/…`) and must match that
   * folder; pages outside them (the home page) leave it out.
   * @example
   * module: kubernetes
   */
  module: z
    .enum(moduleIds)
    .optional()
    .describe('The module: `containers` or `kubernetes`, the same as the lesson\'s folder. Left out on pages outside a module.'),

  /**
   * About how long the lesson and its lab take, in whole minutes. Shown to
   * learners so they can plan.
   *
   * Default: not shown.
   * @example
   * minutes: 15
   */
  minutes: z
    .number()
    .int('minutes is a whole number')
    .positive()
    .max(240, 'a lesson over 4 hours should be split')
    .optional()
    .describe('About how long the lesson and its lab take, in whole minutes. Default: not shown.'),
});

export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

/**
 * Why a lesson's `module` disagrees with where it is, if it does. `id` is the
 * entry id relative to `lessons/` (`kubernetes/pods`); the first folder names
 * the module.
 */
export function lessonModuleProblem(id: string, frontmatter: Pick<LessonFrontmatter, 'module'>): string | undefined {
  const folder = id.includes('/') ? id.slice(0, id.indexOf('/')) : undefined;
  const folderModule = folder && (moduleIds as readonly string[]).includes(folder) ? (folder as ModuleId) : undefined;
  if (folderModule && frontmatter.module === undefined) {
    return `**module**: missing; a lesson in lessons/${folderModule}/ needs \`module: ${folderModule}\``;
  }
  if (folderModule && frontmatter.module !== folderModule) {
    return `**module**: is "${frontmatter.module}" but the lesson is in lessons/${folderModule}/; set \`module: ${folderModule}\` or move the file`;
  }
  if (!folderModule && frontmatter.module !== undefined) {
    return `**module**: "${frontmatter.module}" is set but the page is not in a module folder; move it to lessons/${frontmatter.module}/ or remove the field`;
  }
  return undefined;
}
