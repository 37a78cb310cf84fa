import { expect, test } from '@playwright/test';

test('under a sub-path, lessons, assets, diagrams and search all work', async ({ page }) => {
  const failures: string[] = [];
  page.on('response', (response) => {
    if (response.status() >= 400) failures.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('');
  await expect(page).toHaveURL(/\/training\/eda\/$/);
  await page.getByRole('link', { name: 'Start with lesson 1' }).click();
  await expect(page).toHaveURL(/\/training\/eda\/lessons\/what-is-eda\/$/);
  await expect(page.locator('figure.diagram svg').filter({ visible: true }).first()).toBeVisible();

  await page.getByRole('link', { name: /^Next / }).click();
  await expect(page).toHaveURL(/\/training\/eda\/lessons\/from-calls-to-events\/$/);

  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('dialog').getByRole('textbox', { name: 'Search' }).fill('idempotent');
  const result = page
    .getByRole('dialog')
    .getByRole('link', { name: /Delivery guarantees/i })
    .first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/training\/eda\/lessons\/delivery-guarantees\//);
  expect(failures).toEqual([]);
});
