import type { Plugin } from 'vite';
import { buildClientTypings } from './client-typings';

/** The module the editor imports its typings from (see virtual-client-typings.d.ts). */
export const clientTypingsModule = 'virtual:eda-client-typings';
const resolvedId = `\0${clientTypingsModule}`;

/**
 * A Vite plugin that builds the editor's typings at build time (`buildClientTypings`) and
 * serves them as `virtual:eda-client-typings`, a module only the Monaco chunk imports: a page
 * loads them when the reader clicks Edit, never before, from the site's own origin.
 */
export function clientTypings(): Plugin {
  let files: string | undefined;
  return {
    name: 'eda-client-typings',
    resolveId(id) {
      return id === clientTypingsModule ? resolvedId : undefined;
    },
    load(id) {
      if (id !== resolvedId) return undefined;
      files ??= JSON.stringify(buildClientTypings());
      return `export default ${files};`;
    },
  };
}
