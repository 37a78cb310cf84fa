import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { consoleLog, linesOf, sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';

// Crashing a Redis subscriber in the registration sandbox, the way a reader does. Its process
// is gone, so it must miss what is published from then on: Pub/Sub keeps nothing, and a dead
// process cannot reconnect (a live ioredis client would, after a dropped connection).

test('a crashed Redis subscriber stays down and misses every later event', async ({ page }) => {
  // The user service waits 2 s before its first registration, so the crash comes first.
  const original = readFileSync('sandboxes/registration/user-service.ts', 'utf8');
  const later = original.replace(
    'for (const user of users) {',
    'await new Promise((resolve) => setTimeout(resolve, 2000));\nfor (const user of users) {',
  );
  expect(later).not.toBe(original);
  await page.goto(
    await sharedUrl('play/registration/', 'registration', { 'user-service.ts': later }),
  );
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(
    linesOf(box, 'email').filter({ hasText: 'listening on user_registered' }),
  ).toHaveCount(1);

  const faults = page.locator('eda-flow-panel').getByRole('group', { name: 'Faults' });
  await faults.getByRole('combobox', { name: 'Consumer' }).selectOption('email');
  await faults.getByRole('button', { name: 'Crash consumer' }).click();

  const user = linesOf(box, 'user');
  await expect(user.filter({ hasText: /published user_registered for u-3/ })).toHaveCount(1, {
    timeout: 15_000,
  });
  await expect(user.filter({ hasText: 'received by 2 subscribers' })).toHaveCount(3);
  await expect(linesOf(box, 'email').filter({ hasText: 'sent welcome email' })).toHaveCount(0);
  await expect(linesOf(box, 'profile').filter({ hasText: 'created profile page' })).toHaveCount(3);
  const figure = page.locator('eda-flow-panel').getByRole('figure', { name: 'Event flow' });
  await expect(figure.getByRole('button', { name: /^service email/ })).toHaveAccessibleName(
    /crashed/,
  );
  // Nothing went wrong in the page itself.
  await expect(consoleLog(box)).not.toContainText('Could not');
});

test('scrubbing back from the end of the log shows its first rows, not a blank', async ({
  page,
}) => {
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'user').filter({ hasText: 'for u-3' })).toHaveCount(1);
  await box.getByRole('button', { name: 'Stop' }).click();
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await expect(timeline).toBeEnabled();
  await timeline.fill('8');
  const log = page.getByRole('grid', { name: 'Event log' });
  await expect(log).toHaveAttribute('aria-rowcount', '9');
  await log.scrollIntoViewIfNeeded();
  // The log had scrolled to its end; the first events must be drawn where the reader looks.
  for (const index of ['2', '9']) {
    await expect(log.locator(`[role="row"][aria-rowindex="${index}"]`)).toBeInViewport();
  }
});
