import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { appendInMonaco, waitForIsland } from './sandbox-helpers';

/** The lesson's own embed of the e-commerce sandbox (not an exercise's copy of it). */
function lessonEmbed(page: Page) {
  return page.locator('eda-sandbox[data-sandbox="ecommerce"]:not([data-store-key])').first();
}

// What differs from a lesson's setup is always in view, and stays with the embed it was made in.

test('the state line names the faults that are on and the edited files, and resets both', async ({
  page,
}) => {
  await page.goto('lessons/ecommerce-orders/');
  const box = lessonEmbed(page);
  await waitForIsland(box);
  const state = box.getByRole('status').filter({ hasText: /edited|on$/ });
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, "console.log('my change');");
  await expect(state).toHaveText('1 file edited');

  // In a lesson the event flow (with its Faults) is folded away until the reader opens it.
  await box.locator('summary', { hasText: 'Event flow' }).click();
  const faults = box.getByRole('group', { name: 'Faults' });
  await faults.getByRole('switch', { name: 'Duplicate' }).check();
  await expect(state).toHaveText('Duplicate 30 % on · 1 file edited');

  // Another lesson embeds the same sandbox: it starts as that lesson set it up.
  await page.goto('lessons/delivery-guarantees/');
  const other = lessonEmbed(page);
  await waitForIsland(other);
  await other.locator('summary', { hasText: 'Event flow' }).click();
  await expect(
    other.getByRole('group', { name: 'Faults' }).getByRole('switch', { name: 'Duplicate' }),
  ).not.toBeChecked();
  await expect(other.getByRole('button', { name: 'Reset code and faults' })).toBeHidden();

  // Back in the first lesson, the change is still there, and one click undoes both.
  await page.goto('lessons/ecommerce-orders/');
  const again = lessonEmbed(page);
  await waitForIsland(again);
  // As the reader scrolls to it: the flow view (which holds the faults) loads with the sandbox.
  await again.scrollIntoViewIfNeeded();
  const line = again.getByRole('status').filter({ hasText: /edited/ });
  await expect(line).toHaveText('Duplicate 30 % on · 1 file edited');
  await again.getByRole('button', { name: 'Reset code and faults' }).click();
  await expect(again.getByRole('button', { name: 'Reset code and faults' })).toBeHidden();
  // The state line reads the flow view's faults: hidden now, so Duplicate is off as well.
  await expect(again.getByRole('status').filter({ hasText: /on|edited/ })).toHaveCount(0);
});
