// Lighthouse (mobile, the default form factor) on a lesson page and a sandbox page of the
// built site, offline, in Debian's Chromium. Prints scores; budgets are targets, not asserts.
import { chromiumPath, quietChromiumFlags } from '../scripts/chromium.mjs';
import { existsSync } from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { printWhenMain } from './section.mjs';
import { serveBuiltSite } from './static-site.mjs';

const pages = [
  { path: 'lessons/what-is-eda/', performance: 98, accessibility: 100 },
  { path: 'lessons/delivery-guarantees/', performance: 95, accessibility: 100 },
  { path: 'play/registration/', performance: 95, accessibility: 100 },
];

async function audit(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', ...quietChromiumFlags],
  });
  try {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility'],
    });
    return result?.lhr;
  } finally {
    await chrome.kill();
  }
}

/** Bench section: Lighthouse mobile scores for the pages readers land on. */
export async function run() {
  if (!existsSync('dist/index.html'))
    throw new Error('dist/ is missing: run `npm run build` first');
  const site = await serveBuiltSite(4791);
  const rows = [];
  try {
    for (const page of pages) {
      let lhr;
      // Lighthouse sometimes reports NO_NAVSTART on a cold Chromium; one retry settles it.
      for (
        let attempt = 0;
        attempt < 2 && lhr?.categories?.performance?.score == null;
        attempt += 1
      ) {
        lhr = await audit(site.url + page.path);
      }
      const score = (name) => Math.round((lhr?.categories?.[name]?.score ?? NaN) * 100);
      rows.push({
        name: `Lighthouse mobile performance /${page.path}`,
        value: score('performance'),
        unit: '/100',
        target: `≥ ${page.performance}`,
      });
      rows.push({
        name: `Lighthouse mobile accessibility /${page.path}`,
        value: score('accessibility'),
        unit: '/100',
        target: `${page.accessibility}`,
      });
      // Name the audits that cost accessibility points, so a score below 100 says what to fix.
      for (const ref of lhr?.categories?.accessibility?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit?.score !== null && audit?.score < 1) {
          rows.push({
            name: `  accessibility audit failing: ${ref.id}`,
            value: audit.score,
            unit: '',
            target: '1',
          });
        }
      }
      const lcp = lhr?.audits?.['largest-contentful-paint']?.numericValue;
      rows.push({
        name: `  largest contentful paint /${page.path}`,
        value: Math.round(lcp ?? NaN),
        unit: 'ms',
        target: '',
      });
    }
  } finally {
    site.stop();
  }
  return rows;
}

await printWhenMain(import.meta.url, 'Lighthouse (mobile, offline, Debian Chromium)', run);
