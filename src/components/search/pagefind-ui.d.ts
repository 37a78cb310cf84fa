// Pagefind's default UI ships no types; this is the part deferred-search-ui.ts uses.
declare module '@pagefind/default-ui/npm_dist/mjs/ui-core.mjs' {
  export class PagefindUI {
    constructor(options: Readonly<Record<string, unknown>>);
  }
}
