import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { linesOf, sandbox, waitForIsland } from './sandbox-helpers';

const MONACO = /monaco|editor\.api|editor\.worker|ts\.worker|tsMode/i;

test('a lesson with sandboxes ships no Monaco until editing, and stays under 150 KB of JS', async ({
  page,
}) => {
  const scripts: { url: string; gzip: number }[] = [];
  page.on('response', async (response) => {
    const type = response.request().resourceType();
    if (type !== 'script' && !response.url().endsWith('.js')) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    scripts.push({ url: response.url(), gzip: gzipSync(body).length });
  });
  await page.goto('lessons/from-calls-to-events/');
  const box = sandbox(page, 'User registration with events');
  await box.scrollIntoViewIfNeeded();
  await waitForIsland(box);
  // Run too: the runtime and flow view are part of what a reader loads before editing.
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').first()).toBeVisible();
  await page.waitForLoadState('networkidle');

  expect(scripts.filter((s) => MONACO.test(s.url)).map((s) => s.url)).toEqual([]);
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  console.log(`JS before editing: ${(total / 1024).toFixed(1)} KB gzipped in ${scripts.length} files`);
  expect(total).toBeLessThanOrEqual(150 * 1024);

  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(box.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  expect(scripts.some((s) => MONACO.test(s.url))).toBe(true);
});
