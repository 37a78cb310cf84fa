import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

/** What the site needs to know about one lesson before Astro reads it (sidebar, link checks). */
export interface LessonEntry {
  readonly slug: string;
  readonly title: string;
  readonly order: number;
  readonly file: string;
}

const frontmatterPattern = /^---\r?\n([\s\S]*?)\r?\n---/;

/**
 * Lists the lessons in `dir` (one `.mdx` per lesson), sorted by their `order`.
 * The full schema check happens in Astro's content layer; this only reads what the sidebar
 * needs, and fails with the file's path when even that is missing, so the build stops early.
 *
 * @example
 * readLessonCatalog('content/lessons').map((l) => l.slug); // ['what-is-eda', …]
 */
export function readLessonCatalog(dir: string): LessonEntry[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.mdx') && !name.startsWith('_'));
  const lessons = files.map((name) => readLessonEntry(join(dir, name)));
  return lessons.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

function readLessonEntry(file: string): LessonEntry {
  const slug = file.replace(/^.*[\\/]/, '').replace(/\.mdx$/, '');
  const match = frontmatterPattern.exec(readFileSync(file, 'utf8'));
  if (!match)
    throw new Error(`${file}: the lesson has no frontmatter (--- title, description, order ---)`);
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new Error(`${file}: the frontmatter is not valid YAML: ${(error as Error).message}`);
  }
  const fields = (data ?? {}) as Record<string, unknown>;
  if (typeof fields['title'] !== 'string' || fields['title'].trim() === '') {
    throw new Error(`${file}: frontmatter field "title" is missing or not text`);
  }
  if (typeof fields['order'] !== 'number' || !Number.isInteger(fields['order'])) {
    throw new Error(`${file}: frontmatter field "order" is missing or not a whole number`);
  }
  return { slug, title: fields['title'], order: fields['order'], file };
}
