import { readdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { appendInMonaco, sandbox, waitForIsland } from './sandbox-helpers';

const sandboxIds = readdirSync('sandboxes', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/**
 * The problems Monaco's TypeScript worker reports for the file in the editor, as the reader
 * reaches them: F8 ("Go to next problem") opens the marker view, titled "k of n problems",
 * its message an alert. A probe line with one known error goes in first: seeing it proves the
 * worker has checked this version of the file, so what else it lists is the whole answer.
 */
async function problemsInShownFile(page: Page, box: Locator, probe: string): Promise<string[]> {
  await appendInMonaco(page, box, `const ${probe}: number = 'probe';`);
  const title = box.getByText(/^\d+ of \d+ problems?$/);
  await expect(async () => {
    await page.keyboard.press('F8');
    await expect(title).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  const count = Number((await title.textContent())?.split(' of ')[1]?.split(' ')[0]);
  const messages: string[] = [];
  for (let shown = 0; shown < count; shown++) {
    messages.push((await box.getByRole('alert').last().getAttribute('aria-label')) ?? '');
    await page.keyboard.press('F8');
  }
  await page.keyboard.press('Escape');
  expect(messages.filter((m) => m.includes(probe) || m.includes("'probe'"))).not.toEqual([]);
  return messages.filter((m) => !/Type 'string' is not assignable to type 'number'/.test(m));
}

for (const id of sandboxIds) {
  test(`${id}: Monaco's TypeScript worker finds no problem in any file`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`play/${id}/`);
    const box = sandbox(page);
    await waitForIsland(box);
    await box.getByRole('button', { name: 'Edit', exact: true }).click();
    const tabs = box.getByRole('tab');
    const names = await tabs.allTextContents();
    expect(names.length).toBeGreaterThan(0);
    const found: Record<string, string[]> = {};
    for (const [index, name] of names.entries()) {
      await tabs.nth(index).click();
      found[name.trim()] = await problemsInShownFile(page, box, `probe${index}`);
    }
    expect(found).toEqual(Object.fromEntries(names.map((name) => [name.trim(), []])));
  });
}
