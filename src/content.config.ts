import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { contentDir } from './content-pipeline/site-paths';
import { lessonFields } from './content-pipeline/lesson-schema';

// Lessons live at the repository root (content/), not in src/content/docs, so trainers find
// them first; the home page is content/index.mdx.
export const collections = {
  docs: defineCollection({
    loader: glob({ base: contentDir, pattern: '{index.mdx,lessons/[^_]*.mdx}' }),
    schema: docsSchema({ extend: lessonFields }),
  }),
};
