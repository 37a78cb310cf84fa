import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = '\0eda-monaco-css:';
const SUFFIX = '.js';

/**
 * A Vite plugin that turns the CSS files Monaco's ESM modules import into small JS modules
 * that add a `<style>` when they run. Astro puts every stylesheet reachable from a page's
 * scripts into that page's `<link>`s, dynamic imports included (withastro/astro#9495), so
 * without this every page with a sandbox would download Monaco's ~28 KB of CSS before
 * anyone edits. As JS, the styles travel inside the lazily loaded editor chunk.
 *
 * @example
 * // astro.config.ts
 * vite: { plugins: [monacoCssAsJs()] }
 */
export function monacoCssAsJs(): Plugin {
  return {
    name: 'eda-monaco-css-as-js',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !/\.css(\?|$)/.test(source) || source.includes('?')) return null;
      if (!/[\\/]monaco-editor[\\/]/.test(importer)) return null;
      const resolved = await this.resolve(source, importer, { skipSelf: true });
      if (!resolved || resolved.external) return null;
      return PREFIX + resolved.id + SUFFIX;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length, -SUFFIX.length);
      return cssModule(file, readFileSync(file, 'utf8'));
    },
  };
}

/** The JS module standing in for one CSS file: asset URLs imported, style added once. */
export function cssModule(file: string, css: string): string {
  const imports: string[] = [];
  const parts: string[] = [];
  let last = 0;
  // Relative url(...) (Monaco's codicon font) must become the emitted asset's URL.
  for (const match of css.matchAll(/url\((['"]?)(\.{1,2}\/[^)'"]+)\1\)/g)) {
    const name = `asset${imports.length}`;
    imports.push(
      `import ${name} from ${JSON.stringify(`${resolve(dirname(file), match[2] ?? '')}?url`)};`,
    );
    parts.push(JSON.stringify(css.slice(last, match.index) + 'url("'), name, JSON.stringify('")'));
    last = match.index + match[0].length;
  }
  parts.push(JSON.stringify(css.slice(last)));
  return [
    ...imports,
    `const css = ${parts.join(' + ')};`,
    `const style = document.createElement('style');`,
    `style.dataset.monacoCss = ${JSON.stringify(file.split(/[\\/]/).slice(-2).join('/'))};`,
    'style.textContent = css;',
    'document.head.append(style);',
    'export default css;',
  ].join('\n');
}
