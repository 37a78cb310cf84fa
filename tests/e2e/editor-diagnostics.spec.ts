import { readdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { sandbox, waitForIsland } from './sandbox-helpers';

const sandboxIds = readdirSync('sandboxes', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The problems Monaco's TypeScript worker reports for the file in the editor, as the reader
 * reaches them: Alt+F8 ("Go to Next Problem" in this file) opens the marker view, titled
 * "k of n problems", its message an alert whose label starts with the line's code. A probe line
 * with one known error goes in first, in one edit: once the view shows the probe's error, the
 * worker has checked the file with it, and the other problems it lists are all there are.
 */
async function problemsInShownFile(page: Page, box: Locator, probe: string): Promise<string[]> {
  const probeLine = `const ${probe}: number = 'probe';`;
  await box.locator('.monaco-editor').first().click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(probeLine);
  const title = box.getByText(/^\d+ of \d+ problems?$/);
  const message = box.getByRole('alert').last();
  await expect(async () => {
    await page.keyboard.press('Alt+F8');
    await expect(message).toHaveAttribute('aria-label', new RegExp(`^${probeLine}`), {
      timeout: 1_000,
    });
  }).toPass({ timeout: 45_000 });
  const [first, count] = ((await title.textContent()) ?? '').match(/\d+/g)?.map(Number) ?? [];
  const messages: string[] = [];
  for (let shown = 0, index = first ?? 1; shown < (count ?? 0); shown++) {
    messages.push((await message.getAttribute('aria-label')) ?? '');
    await page.keyboard.press('Alt+F8');
    index = (index % (count ?? 1)) + 1;
    await expect(title).toHaveText(new RegExp(`^${index} of `));
  }
  await page.keyboard.press('Escape');
  expect(messages.filter((m) => m.startsWith(probeLine))).toHaveLength(1);
  return messages.filter((m) => !m.startsWith(probeLine));
}

for (const id of sandboxIds) {
  test(`${id}: Monaco's TypeScript worker finds no problem in any file`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`play/${id}/`);
    const box = sandbox(page);
    await waitForIsland(box);
    await box.getByRole('button', { name: 'Edit', exact: true }).click();
    const tabs = box.getByRole('tab');
    // A tab's text ends in a hidden "(edited)" once its file changes; the name is before it.
    const files = (await tabs.allTextContents()).map((t) => t.replace('(edited)', '').trim());
    expect(files.length).toBeGreaterThan(0);
    const found: Record<string, string[]> = {};
    for (const [index, file] of files.entries()) {
      await tabs.nth(index).click();
      found[file] = await problemsInShownFile(page, box, `probe${index}`);
    }
    expect(found).toEqual(Object.fromEntries(files.map((file) => [file, []])));
  });
}
