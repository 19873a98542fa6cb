/// <reference types="astro/client" />
import { docsSchema } from '@astrojs/starlight/schema';
import { defineCollection } from 'astro:content';
import { lessonsLoader } from './collections/lessons-loader.ts';
import { lessonFrontmatterSchema } from './schemas/lesson-frontmatter.ts';

/**
 * Starlight renders the `docs` collection; ours is loaded from `lessons/` at
 * the project root instead of `site/content/docs/`, so lessons sit beside labs.
 */
export const collections = {
  docs: defineCollection({
    loader: lessonsLoader(),
    schema: docsSchema({ extend: lessonFrontmatterSchema }),
  }),
};
