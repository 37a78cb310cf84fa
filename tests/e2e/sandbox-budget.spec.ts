import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { measureJsBeforeEditing, monacoFile } from './js-before-editing';
import { sandbox } from './sandbox-helpers';

// 150 KB until the run worker carried Redis Streams and NATS (core + JetStream), which
// add about 40 KB gzipped to sandbox-frame.html. Loading only the sandbox's own model in the
// frame would take it back under 150 KB; until then the budget says what ships.
const budgetKb = 200;
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const sandboxIds = readdirSync('sandboxes', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Everything the browser loads up to the first line of a Run: the page, Starlight's shell,
// the island, the runtime with its transpiler and broker, the flow view, the workers' script.
for (const path of ['lessons/from-calls-to-events/', ...sandboxIds.map((id) => `play/${id}/`)]) {
  test(`/${path} loads at most ${budgetKb} KB of JS (gzipped) before editing, Run included, and no Monaco`, async ({
    page,
  }) => {
    const measured = await measureJsBeforeEditing(page, path);
    console.log(
      `/${path}: ${kb(measured.totalBytes)}\n` +
        measured.files.map((f) => `  ${kb(f.bytes).padStart(9)} ${f.path}`).join('\n'),
    );
    expect(measured.requested.filter((url) => monacoFile.test(url))).toEqual([]);
    expect(measured.totalBytes).toBeLessThanOrEqual(budgetKb * 1024);
  });
}

test('Monaco loads when the reader starts editing', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto('play/registration/');
  const box = sandbox(page);
  await expect(box).toHaveAttribute('data-ready', 'true');
  expect(requested.some((url) => monacoFile.test(url))).toBe(false);
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await expect(box.locator('.monaco-editor')).toBeVisible({ timeout: 30_000 });
  expect(requested.some((url) => monacoFile.test(url))).toBe(true);
});
