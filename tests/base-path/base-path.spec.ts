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

test("with the README's nginx block, only sandbox pages are isolated, and sandboxes run there", async ({
  page,
}) => {
  const lesson = await page.goto('lessons/what-is-eda/');
  expect(lesson?.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  const play = await page.goto('play/registration/');
  expect(play?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(play?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const box = page.locator('eda-sandbox').first();
  await expect(box).toHaveAttribute('data-ready', 'true');
  // Isolated, so Node mode is offered, and the default runtime's workers still run. (The HTML
  // standard, and Firefox, start them only if their script carries COEP too, which the block
  // sends; Chromium, the one browser here, is lenient about that, so this cannot show it.)
  await expect(box.getByRole('checkbox', { name: 'Node mode' })).toBeVisible();
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const log = box.getByRole('log', { name: 'Console' });
  for (const service of ['user', 'email', 'profile', 'analytics']) {
    await expect(
      log.locator('.eda-line').filter({ has: page.locator('.eda-svc', { hasText: service }) }),
    ).not.toHaveCount(0);
  }
});

test("a page that does not exist gets the site's own 404 page", async ({ page }) => {
  const response = await page.goto('no-such-lesson/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: '404' })).toBeVisible();
  // Under the sub-path: its styles and links resolve there too.
  await expect(page.getByRole('link', { name: 'Event-Driven Playground' }).first()).toHaveAttribute(
    'href',
    '/training/eda/',
  );
});
