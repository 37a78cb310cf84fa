import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { readLessonCatalog, type LessonEntry } from '../../src/content-pipeline/lesson-catalog';

/** Every lesson in curriculum order, read the way the site's sidebar reads them. */
export function lessons(): LessonEntry[] {
  return readLessonCatalog('content/lessons');
}

/** How many Mermaid fences a lesson's source has: the page must show that many diagrams. */
export function diagramCount(lesson: LessonEntry): number {
  return (readFileSync(lesson.file, 'utf8').match(/^```mermaid\s*$/gm) ?? []).length;
}

/**
 * Records every request the page makes to another origin. The site promises to work offline
 * with no CDN, fonts or analytics, so any entry here is a failure.
 */
export function recordForeignRequests(page: Page, baseURL: string): string[] {
  const own = new URL(baseURL).origin;
  const foreign: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return;
    if (new URL(url).origin !== own) foreign.push(url);
  });
  return foreign;
}

/** Starlight keeps the reader's theme in localStorage; set it before the page's first script. */
export async function useTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.addInitScript((value) => {
    localStorage.setItem('starlight-theme', value);
  }, theme);
}
