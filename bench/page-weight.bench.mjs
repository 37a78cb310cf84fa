// JavaScript each kind of page loads before the reader interacts, gzipped, from dist/.
import { existsSync } from 'node:fs';
import { budgetedPages, measurePage } from '../scripts/page-weight.mjs';
import { printWhenMain } from './section.mjs';

/** Bench section: bytes shipped per page kind. */
export async function run() {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first');
  const pages = budgetedPages('dist');
  const rows = [];
  for (const page of pages) {
    if (!existsSync(`dist/${page.path}index.html`)) continue;
    const weight = measurePage('dist', page.path);
    rows.push({
      name: `JS before interaction: ${page.label} (/${page.path})`,
      value: (weight.eagerBytes / 1024).toFixed(1),
      unit: 'KB gz',
      target: page.maxKb === null ? '' : `≤ ${page.maxKb} KB`,
    });
    rows.push({
      name: `  JS loaded on demand from it`,
      value: (weight.lazyBytes / 1024).toFixed(1),
      unit: 'KB gz',
      target: '',
    });
  }
  return rows;
}

await printWhenMain(import.meta.url, 'JavaScript shipped per page (gzipped)', run);
