import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { linesOf, sandbox, waitForIsland } from './sandbox-helpers';

/** Monaco's files: its JS chunks, workers, stylesheets and icon font. */
const MONACO = /monaco|editor\.api|editor\.worker|ts\.worker|tsMode|\/editor\.[\w-]+\.css|codicon/i;
/** Starlight's own scripts (search UI loaded on idle, TOC, code blocks): on every page alike. */
const SITE_SHELL = /Search\.astro|ui-core|pagefind|TableOfContents|starlight-toc|\/ec\.|\/page\./;

test('a lesson with sandboxes ships no Monaco until editing, and stays under 150 KB of JS', async ({
  page,
}) => {
  // Unique URLs: each service's Web Worker loads the same entry file, once over the network.
  const scripts = new Map<string, number>();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && !response.url().endsWith('.js')) return;
    if (scripts.has(response.url())) return;
    // A response the page abandoned (navigation) has no body to weigh.
    const size = await response.body().then(
      (body) => gzipSync(body).length,
      () => 0,
    );
    scripts.set(response.url(), size);
  });
  await page.goto('lessons/from-calls-to-events/');
  const box = sandbox(page, 'User registration with events');
  await box.scrollIntoViewIfNeeded();
  await waitForIsland(box);
  // Run too: the runtime and flow view are part of what a reader loads before editing.
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').first()).toBeVisible();
  await page.waitForLoadState('networkidle');

  expect(requested.filter((url) => MONACO.test(url))).toEqual([]);
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
  const sandboxOnly = [...scripts]
    .filter(([url]) => !SITE_SHELL.test(url))
    .reduce((sum, [, size]) => sum + size, 0);
  const list = [...scripts].map(([url, size]) => `  ${kb(size)} ${new URL(url).pathname}`);
  console.log(
    `JS before editing (gzipped): sandbox ${kb(sandboxOnly)}, whole page ${kb(total)}\n` +
      list.join('\n'),
  );
  // The island, the runtime (with its transpiler), the flow view and the service worker entry.
  expect(sandboxOnly).toBeLessThanOrEqual(150 * 1024);

  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(box.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  expect(requested.some((url) => MONACO.test(url))).toBe(true);
});
