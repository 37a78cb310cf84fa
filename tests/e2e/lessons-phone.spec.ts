import { expect, test } from '@playwright/test';

// Runs in the "phone" project (Pixel 7 viewport and touch).
test('on a phone a lesson fits the screen, diagrams included, and the menu navigates', async ({
  page,
}) => {
  await page.goto('lessons/rabbitmq/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);

  const diagram = page.locator('figure.diagram svg').filter({ visible: true }).first();
  await diagram.scrollIntoViewIfNeeded();
  const box = await diagram.boundingBox();
  const viewport = page.viewportSize();
  expect(box?.width ?? Infinity).toBeLessThanOrEqual(viewport?.width ?? 0);

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('link', { name: 'Ordering', exact: true }).click();
  await expect(page).toHaveURL(/\/lessons\/ordering\/$/);
});
