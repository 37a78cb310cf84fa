import { z } from 'astro/zod';

/**
 * The fields a lesson adds to Starlight's frontmatter. Astro's content layer reports a
 * mismatch with the lesson's path and the field, which fails `npm run build`.
 */
export const lessonFields = z.object({
  /**
   * Position in the curriculum; the sidebar and previous/next follow it. Every lesson needs one
   * (the lesson catalog fails the build without it, naming the file); pages outside the
   * sequence, such as /play/<id>/, have none.
   */
  order: z.number().int().nonnegative().optional(),
  /** Shown under the title, in search results and in the page's meta description. */
  description: z.string().min(20).max(200),
});
