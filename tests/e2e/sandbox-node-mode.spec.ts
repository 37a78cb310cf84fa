import { expect, test } from '@playwright/test';
import { sandbox, waitForIsland } from './sandbox-helpers';

// The normal build sends no isolation headers, so WebContainers cannot run and Node mode must
// not be offered (tests/isolation/node-mode.spec.ts covers the isolated build).
test('a non-isolated /play/ page does not offer Node mode and loads none of it', async ({
  page,
}) => {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (response.url().endsWith('.js')) scripts.push(response.url());
  });
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(
    box.getByRole('log', { name: 'Console' }).locator('.eda-line').first(),
  ).toBeVisible();
  await expect(box.getByRole('checkbox', { name: 'Node mode' })).toHaveCount(0);
  await expect(box.getByRole('combobox', { name: 'Runtime' })).toHaveCount(0);
  expect(scripts.filter((url) => /\/webcontainer\.[\w-]+\.js$/.test(url))).toEqual([]);
});
