// Measures the JavaScript a built page loads before the reader does anything: every
// <script src> and inline module, plus the chunks they import statically, gzipped. Dynamic
// import() chunks (Monaco, the sandbox runtime on demand) are counted apart.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const staticImport = /(?:^|[;\s}])import\s*(?:[\w*${}\s,]+from\s*)?["'`]([^"'`]+\.m?js)["'`]/g;
const dynamicImport = /import\(\s*["'`]([^"'`]+\.m?js)["'`]\s*\)/g;

/**
 * @param {string} distDir  the built site
 * @param {string} pagePath the page's path under the site, e.g. 'lessons/what-is-eda/'
 * @param {string} base     the site's base path
 */
export function measurePage(distDir, pagePath, base = '/') {
  const html = readFileSync(join(distDir, pagePath, 'index.html'), 'utf8');
  const eager = new Map();
  const lazy = new Map();
  const entries = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1] ?? '';
    const body = match[2] ?? '';
    const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    if (src !== undefined) entries.push(fileFor(distDir, src, base));
    else if (!/type="application\/(ld\+)?json"/.test(attributes) && body.trim() !== '') {
      eager.set(`inline:${eager.size}`, gzipSync(body).length);
      for (const imported of body.matchAll(staticImport)) {
        entries.push(fileFor(distDir, imported[1], base));
      }
    }
  }
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift();
    if (file === undefined || eager.has(file) || !existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    eager.set(file, gzipSync(code).length);
    for (const match of code.matchAll(staticImport)) queue.push(resolve(dirname(file), match[1]));
    for (const match of code.matchAll(dynamicImport)) {
      const target = resolve(dirname(file), match[1]);
      if (existsSync(target) && !lazy.has(target))
        lazy.set(target, gzipSync(readFileSync(target)).length);
    }
  }
  const sum = (map) => [...map.values()].reduce((total, bytes) => total + bytes, 0);
  return { eagerBytes: sum(eager), eagerFiles: eager.size, lazyBytes: sum(lazy) };
}

function fileFor(distDir, src, base) {
  const path = src.startsWith(base) ? src.slice(base.length) : src.replace(/^\//, '');
  return join(distDir, path);
}

/**
 * The pages whose shipped JavaScript has a byte budget (KB gzipped; null = reported only).
 * One list for `npm run check:budgets` and `npm run bench`, so they never disagree.
 */
export function budgetedPages(distDir = 'dist') {
  const play = join(distDir, 'play');
  return [
    { path: '', label: 'home page', maxKb: null },
    { path: 'lessons/what-is-eda/', label: 'plain lesson page', maxKb: 30 },
    { path: 'lessons/delivery-guarantees/', label: 'lesson page with a sandbox', maxKb: 150 },
    ...(existsSync(play)
      ? readdirSync(play, { withFileTypes: true })
          // Sandbox pages are folders; play/ also holds the sandbox frame's document.
          .filter((entry) => entry.isDirectory())
          .map(({ name: id }) => ({
            path: `play/${id}/`,
            label: `sandbox page ${id}`,
            maxKb: 150,
          }))
      : []),
  ];
}
