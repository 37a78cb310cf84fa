/**
 * Stands in for `@pagefind/default-ui` (aliased in astro.config.ts). Starlight's search imports
 * that package in idle time on every page and builds the search UI at once: 26 KB gzipped that
 * most readers never use, fetched while a sandbox page is still loading its runtime. This class
 * takes the same options and builds the real UI only when the reader reaches for search (pointer
 * over or focus on the search button, a click, Ctrl/Cmd+K), so the bytes are spent on intent.
 */
/** The options Starlight passes; only `element` (the container's selector) is read here. */
interface SearchUiOptions {
  readonly element: string;
  readonly [option: string]: unknown;
}

// The package's own file: the alias matches only the bare name, so this is the real UI.
const loadRealUi = () => import('@pagefind/default-ui/npm_dist/mjs/ui-core.mjs');

export class PagefindUI {
  constructor(options: SearchUiOptions) {
    let built: Promise<void> | undefined;
    const build = (): Promise<void> =>
      (built ??= loadRealUi().then((ui) => {
        // Read before building: Pagefind deletes the options it has taken from the object.
        const container = document.querySelector(options.element);
        new ui.PagefindUI(options);
        // Starlight focuses the input as the dialog opens; when the reader opened it before
        // the UI was built, that input did not exist yet.
        if (container?.closest('dialog')?.open) container.querySelector('input')?.focus();
      }));
    const button = document.querySelector('site-search button[data-open-modal]');
    for (const type of ['pointerenter', 'focus', 'click'] as const) {
      button?.addEventListener(type, () => void build(), { once: true });
    }
    const onKey = (event: KeyboardEvent): void => {
      if ((event.metaKey || event.ctrlKey) && event.key === 'k') {
        removeEventListener('keydown', onKey);
        void build();
      }
    };
    addEventListener('keydown', onKey);
    // Opened before this ran (a click while the page was still loading).
    if (document.querySelector(options.element)?.closest('dialog')?.open) void build();
  }
}
