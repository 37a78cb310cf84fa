import { expect, test } from '@playwright/test';
import { appendInMonaco, sandbox, waitForIsland } from './sandbox-helpers';

// What differs from a lesson's setup is always in view, and stays with the embed it was made in.

test('the state line names the faults that are on and the edited files, and resets both', async ({
  page,
}) => {
  await page.goto('lessons/ecommerce-orders/');
  const box = sandbox(page).filter({ hasText: 'OrderPlaced fanned out' });
  await waitForIsland(box);
  const state = box.getByRole('status').filter({ hasText: /edited|on$/ });
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, "console.log('my change');");
  await expect(state).toHaveText('1 file edited');

  const faults = box.getByRole('group', { name: 'Faults' });
  await faults.getByRole('switch', { name: 'Duplicate' }).check();
  await expect(state).toHaveText('Duplicate 30 % on · 1 file edited');

  // Another lesson embeds the same sandbox: it starts as that lesson set it up.
  await page.goto('lessons/delivery-guarantees/');
  const other = sandbox(page).filter({ hasText: 'OrderPlaced fanned out' });
  await waitForIsland(other);
  await expect(
    other.getByRole('group', { name: 'Faults' }).getByRole('switch', { name: 'Duplicate' }),
  ).not.toBeChecked();
  await expect(other.getByRole('button', { name: 'Reset code and faults' })).toBeHidden();

  // Back in the first lesson, the change is still there, and one click undoes both.
  await page.goto('lessons/ecommerce-orders/');
  const again = sandbox(page).filter({ hasText: 'OrderPlaced fanned out' });
  await waitForIsland(again);
  const line = again.getByRole('status').filter({ hasText: /edited/ });
  await expect(line).toHaveText('Duplicate 30 % on · 1 file edited');
  await again.getByRole('button', { name: 'Reset code and faults' }).click();
  await expect(again.getByRole('button', { name: 'Reset code and faults' })).toBeHidden();
  await expect(
    again.getByRole('group', { name: 'Faults' }).getByRole('switch', { name: 'Duplicate' }),
  ).not.toBeChecked();
});
