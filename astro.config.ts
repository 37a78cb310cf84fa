import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import {
  basePath,
  createDiagramRenderer,
  diagramFallback,
  lessonsDir,
  readLessonCatalog,
  remarkLessonLinks,
  remarkMermaidDiagrams,
  sandboxesDir,
} from './src/content-pipeline/index';
import { crossOriginIsolation, monacoCssAsJs, sandboxFrame } from './src/sandbox/build/index';
import { clientTypings } from './src/sandbox/editor/typings/client-typings-plugin';

const lessons = readLessonCatalog(lessonsDir);
const diagrams = createDiagramRenderer();
if (diagrams.mode === 'client') {
  console.warn(
    '[eda] Chromium not found (set EDA_CHROMIUM_PATH or install Debian\'s "chromium"): ' +
      'diagrams will render in the browser instead of at build time.',
  );
}

function contentDirName(): string {
  return process.env['EDA_CONTENT_DIR'] ?? 'content';
}

/** Every sandbox with a manifest, for the sidebar; the catalog validates them in full. */
function sandboxLinks(): Array<{ label: string; link: string }> {
  if (!existsSync(sandboxesDir)) return [];
  return readdirSync(sandboxesDir)
    .filter((id) => existsSync(join(sandboxesDir, id, 'sandbox.json')))
    .sort()
    .map((id) => {
      const manifest = JSON.parse(readFileSync(join(sandboxesDir, id, 'sandbox.json'), 'utf8')) as {
        title?: string;
      };
      return { label: manifest.title ?? id, link: `/play/${id}/` };
    });
}

/**
 * Lesson slug → the exercises its "Try it" offers (from each exercise.json's `lesson`), for
 * the sidebar's ticks; the exercise catalog validates them in full.
 */
function exercisesByLesson(): Map<string, string[]> {
  const byLesson = new Map<string, string[]>();
  if (!existsSync(sandboxesDir)) return byLesson;
  for (const id of readdirSync(sandboxesDir).sort()) {
    const folder = join(sandboxesDir, id, 'exercises');
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name, 'exercise.json');
      if (!existsSync(path)) continue;
      const { lesson } = JSON.parse(readFileSync(path, 'utf8')) as { lesson?: string };
      if (typeof lesson === 'string') byLesson.set(lesson, [...(byLesson.get(lesson) ?? []), name]);
    }
  }
  return byLesson;
}
const exercises = exercisesByLesson();

// https://docs.astro.build/en/reference/configuration-reference/
export default defineConfig({
  base: basePath,
  // A fixture build (EDA_CONTENT_DIR) keeps its own cache so it never mixes entries with the
  // real site's; EDA_OUT_DIR lets a build (fixture, or base-path test) leave dist/ alone.
  ...(process.env['EDA_CONTENT_DIR'] === undefined
    ? {}
    : {
        cacheDir: `./node_modules/.astro-fixture/${encodeURIComponent(contentDirName())}`,
        outDir: './dist-fixture',
      }),
  ...(process.env['EDA_OUT_DIR'] === undefined ? {} : { outDir: process.env['EDA_OUT_DIR'] }),
  markdown: {
    // Astro 7's default processor ignores remark plugins; unified() keeps our build-time checks.
    processor: unified({
      remarkPlugins: [
        [
          remarkLessonLinks,
          { lessonSlugs: new Set(lessons.map((lesson) => lesson.slug)), sandboxesDir },
        ],
        [remarkMermaidDiagrams, { renderer: diagrams, base: basePath }],
      ],
    }),
  },
  integrations: [
    starlight({
      title: 'Event-Driven Playground',
      description:
        'Learn event-driven architecture by doing it: lessons, diagrams and sandboxes you can run.',
      markdown: { processedDirs: ['content'] },
      customCss: ['./src/styles/site.css'],
      components: {
        Search: './src/components/SiteSearch.astro',
        Sidebar: './src/components/ProgressSidebar.astro',
      },
      // Wrapped lines never scroll sideways, so expressive-code never turns a code block into an
      // unlabelled scrollable region (axe: landmark-unique) and phones need no sideways panning.
      expressiveCode: { defaultProps: { wrap: true } },
      lastUpdated: false,
      pagination: true,
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 3 },
      sidebar: [
        {
          label: 'Lessons',
          items: lessons
            .filter((lesson) => lesson.slug !== 'glossary')
            .map((lesson) => ({
              label: lesson.title,
              slug: `lessons/${lesson.slug}`,
              ...(exercises.has(lesson.slug)
                ? { attrs: { 'data-exercises': (exercises.get(lesson.slug) ?? []).join(' ') } }
                : {}),
            })),
        },
        {
          label: 'Reference',
          items: [
            ...lessons
              .filter((lesson) => lesson.slug === 'glossary')
              .map((lesson) => ({ label: lesson.title, slug: `lessons/${lesson.slug}` })),
            { label: 'Your progress', link: '/progress/' },
          ],
        },
        { label: 'Sandboxes', items: sandboxLinks() },
      ],
    }),
    diagramFallback(diagrams.mode === 'client'),
    // Sends COOP/COEP on /play/ pages only when EDA_CROSS_ORIGIN_ISOLATION=1 (dev, preview, tests).
    crossOriginIsolation(),
    // The sandbox runner: an opaque-origin iframe the sandboxes run in (src/runtime/frame).
    sandboxFrame(),
  ],
  vite: {
    worker: { format: 'es' },
    resolve: {
      // Starlight's search builds Pagefind's UI in idle time on every page; this stand-in
      // builds it when the reader reaches for search (src/components/search).
      alias: [
        {
          find: /^@pagefind\/default-ui$/,
          replacement: fileURLToPath(
            new URL('./src/components/search/deferred-search-ui.ts', import.meta.url),
          ),
        },
      ],
    },
    // Keeps Monaco's CSS out of every page's <link> tags: it loads with the editor, on demand.
    // The editor's client typings, built from the real packages' at build time, Edit-only.
    plugins: [monacoCssAsJs(), clientTypings()],
  },
});
