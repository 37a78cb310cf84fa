import { expect, test } from '@playwright/test';
import { sandbox, waitForIsland } from './sandbox-helpers';

// On a phone the event-flow figure folds away behind a button; the log carries the same events.
test('on a phone the figure collapses to the log and opens on demand', async ({ page }) => {
  await page.goto('play/ecommerce/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const panel = page.locator('eda-flow-panel');
  const grid = panel.getByRole('grid', { name: 'Event log' });
  await expect
    .poll(async () => Number(await grid.getAttribute('aria-rowcount')))
    .toBeGreaterThan(20);
  const figure = panel.getByRole('figure', { name: 'Event flow' });
  await expect(figure).toBeHidden();
  const toggle = panel.getByRole('button', { name: 'Show diagram' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(figure).toBeVisible();
  await expect(figure.getByRole('img', { name: /^queue billing:/ })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Hide diagram' })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
});
