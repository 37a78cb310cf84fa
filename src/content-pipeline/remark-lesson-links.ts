import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/** Options for {@link remarkLessonLinks}. */
export interface LessonLinksOptions {
  /** Slugs of every lesson that exists. */
  readonly lessonSlugs: ReadonlySet<string>;
  /** Folder holding `sandboxes/<id>/sandbox.json`. */
  readonly sandboxesDir: string;
}

interface JsxAttribute {
  readonly type: string;
  readonly name?: string;
  readonly value?: unknown;
}

interface JsxElement {
  readonly name?: string | null;
  readonly attributes?: readonly JsxAttribute[];
  readonly position?: { readonly start: { readonly line: number } };
}

/**
 * Fails the build on a link to a lesson that does not exist and on a `<Sandbox id>` naming a
 * sandbox that does not exist, with the lesson's path, the line and the reason. Links are
 * resolved the way a browser would from the lesson's own URL, so relative links (which keep
 * working under a base path) are checked too.
 */
export function remarkLessonLinks(options: LessonLinksOptions) {
  return (tree: Root, file: VFile): void => {
    const pageUrl = pageUrlOf(file.path);
    visit(tree, 'link', (node: Link) => {
      const slug = lessonSlugOf(node.url, pageUrl);
      if (slug === undefined || options.lessonSlugs.has(slug)) return;
      const line = node.position?.start.line ?? 0;
      throw new Error(
        `${file.path}:${line}: link to a lesson that does not exist: "${node.url}" (no lesson "${slug}")`,
      );
    });
    visit(tree, (node) => {
      const type: string = node.type;
      if (type !== 'mdxJsxFlowElement' && type !== 'mdxJsxTextElement') return;
      const element = node as unknown as JsxElement;
      if (element.name === 'Exercise') {
        checkExercise(element, file, options.sandboxesDir);
        return;
      }
      if (element.name !== 'Sandbox') return;
      const id = element.attributes?.find((attribute) => attribute.name === 'id')?.value;
      const line = element.position?.start.line ?? 0;
      if (typeof id !== 'string') {
        throw new Error(
          `${file.path}:${line}: <Sandbox> needs a literal id, e.g. <Sandbox id="registration" />`,
        );
      }
      if (!existsSync(join(options.sandboxesDir, id, 'sandbox.json'))) {
        throw new Error(
          `${file.path}:${line}: <Sandbox id="${id}"> names a sandbox that does not exist (no sandboxes/${id}/sandbox.json)`,
        );
      }
    });
  };
}

/**
 * `<Exercise id>` must name an exercise (`sandboxes/<sandbox>/exercises/<id>/exercise.json`)
 * whose `lesson` is this lesson, so the sidebar's ticks and /progress/ agree with the page.
 */
function checkExercise(element: JsxElement, file: VFile, sandboxesDir: string): void {
  const id = element.attributes?.find((attribute) => attribute.name === 'id')?.value;
  const line = element.position?.start.line ?? 0;
  if (typeof id !== 'string') {
    throw new Error(
      `${file.path}:${line}: <Exercise> needs a literal id, e.g. <Exercise id="charge-once" />`,
    );
  }
  const found = existsSync(sandboxesDir)
    ? readdirSync(sandboxesDir)
        .map((sandbox) => join(sandboxesDir, sandbox, 'exercises', id, 'exercise.json'))
        .find((path) => existsSync(path))
    : undefined;
  if (!found) {
    throw new Error(
      `${file.path}:${line}: <Exercise id="${id}"> names an exercise that does not exist (no sandboxes/<sandbox>/exercises/${id}/exercise.json)`,
    );
  }
  const lesson = pageUrlOf(file.path).pathname.replace(/^\/lessons\/|\/$/g, '');
  let declared: unknown;
  try {
    declared = (JSON.parse(readFileSync(found, 'utf8')) as { lesson?: unknown }).lesson;
  } catch {
    return; // the exercise catalog reports bad JSON with its own reason
  }
  if (lesson !== '' && declared !== lesson) {
    throw new Error(
      `${file.path}:${line}: <Exercise id="${id}"> belongs to lesson "${String(declared)}" (${found}), not "${lesson}"`,
    );
  }
}

const origin = 'http://lesson.invalid';

function pageUrlOf(path: string): URL {
  const name = path.replace(/^.*[\\/]/, '').replace(/\.mdx?$/, '');
  const inLessons = /[\\/]lessons[\\/][^\\/]+$/.test(path);
  if (!inLessons) return new URL('/', origin);
  return new URL(`/lessons/${name}/`, origin);
}

/** The lesson slug a link points at, or undefined when it points elsewhere. */
export function lessonSlugOf(href: string, pageUrl: URL): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#') || href.startsWith('//')) {
    return undefined;
  }
  const url = new URL(href, pageUrl);
  if (url.origin !== origin) return undefined;
  const match = /^\/lessons\/([^/]+)\/?$/.exec(url.pathname);
  if (match) return match[1];
  return url.pathname.startsWith('/lessons/') ? url.pathname.slice('/lessons/'.length) : undefined;
}
