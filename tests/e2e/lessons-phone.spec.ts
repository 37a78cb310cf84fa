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

test('on a phone a sequence diagram keeps readable text and scrolls inside its figure', async ({
  page,
}) => {
  await page.goto('lessons/what-is-eda/');
  const figure = page.getByRole('figure', { name: /four steps of one user_registered event/ });
  await figure.scrollIntoViewIfNeeded();
  const scale = await figure.evaluate((element) => {
    const svg = [...element.querySelectorAll('svg')].find(
      (s) => s.getBoundingClientRect().width > 0,
    );
    return svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0;
  });
  expect(scale, 'drawn size ÷ natural size').toBeGreaterThanOrEqual(0.74);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'the page scrolls sideways').toBeLessThanOrEqual(0);
  // It scrolls by itself, and takes focus so a keyboard can scroll it too.
  expect(await figure.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
  await expect(figure).toHaveAttribute('tabindex', '0');
});
