import { expect, test } from '@playwright/test';
import {
  appendInMonaco,
  consoleLog,
  linesOf,
  sandbox,
  sharedUrl,
  waitForIsland,
} from './sandbox-helpers';

test('a share link round-trips the code and runs nothing until Run', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'profile-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, "console.log('shared profile tweak');");
  await box.getByRole('button', { name: 'Share', exact: true }).click();
  const field = box.getByRole('textbox', { name: 'Share link' });
  await expect(field).toBeVisible();
  const link = await field.inputValue();
  expect(link).toMatch(/#code=[A-Za-z0-9_-]+$/);
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

  // Opened elsewhere (a fresh browser profile), the link shows that code.
  const other = await (await page.context().browser()!.newContext()).newPage();
  await other.goto(link);
  const shared = sandbox(other);
  await waitForIsland(shared);
  await shared.getByRole('tab', { name: /profile-service\.ts/ }).click();
  await expect(shared.getByRole('tabpanel', { name: /profile-service\.ts/ })).toContainText(
    'shared profile tweak',
  );
  await other.waitForTimeout(1500);
  await expect(consoleLog(shared).locator('.eda-line')).toHaveCount(0);
  await shared.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(shared, 'profile').filter({ hasText: 'shared profile tweak' })).toHaveCount(
    1,
  );
  await other.close();
});

test('a share link leaves the reader’s saved edits alone until they edit', async ({ page }) => {
  await page.goto('play/registration/');
  let box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'email-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, "console.log('my own edit');");
  const email = (scope: typeof box) => scope.getByRole('tabpanel', { name: /email-service\.ts/ });

  const link = await sharedUrl('play/registration/', 'registration', {
    'email-service.ts': "console.log('from a colleague');\n",
  });
  // Fresh page loads, as when a link is opened from a chat (the same page would only see a
  // hash change).
  await page.goto('about:blank');
  await page.goto(link);
  box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  await expect(email(box)).toContainText('from a colleague');
  await expect(email(box)).not.toContainText('my own edit');

  // Only looking at shared code keeps the reader's own edits.
  await page.goto('play/registration/');
  box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  await expect(email(box)).toContainText('my own edit');

  // "Back to my code" on a shared link returns to them without a reload.
  await page.goto('about:blank');
  await page.goto(link);
  box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Back to my code' }).click();
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  await expect(email(box)).toContainText('my own edit');
});

test('a share link carries the seed and the faults: the receiver runs what the sender ran', async ({
  page,
}) => {
  const link = await sharedUrl(
    'play/ecommerce/',
    'ecommerce',
    {},
    { seed: 7, faults: { drop: 0, duplicate: 1, delayMs: 0, jitterMs: 0, reorder: 0 } },
  );
  await page.goto(link);
  const box = sandbox(page);
  await waitForIsland(box);
  const faults = page.getByRole('group', { name: 'Faults' });
  await expect(faults.getByRole('switch', { name: 'Duplicate' })).toBeChecked();
  await expect(faults.getByRole('spinbutton', { name: 'Duplicate chance (%)' })).toHaveValue('100');
  await expect(faults.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'billing').filter({ hasText: 'for order o-1001' })).toHaveCount(2);
});

test('a /play/ page has the site navigation and links to the lessons that use its sandbox', async ({
  page,
}) => {
  await page.goto('play/competing-consumers/');
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(
    main.getByRole('link', { name: 'Competing consumers on one queue' }),
  ).toHaveAttribute('aria-current', 'page');
  const usedIn = page.getByRole('navigation', { name: 'Lessons that use this sandbox' });
  await usedIn.getByRole('link', { name: /RabbitMQ/ }).click();
  await expect(page).toHaveURL(/lessons\/rabbitmq\/$/);
});
