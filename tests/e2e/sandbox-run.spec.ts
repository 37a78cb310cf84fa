import { expect, test } from '@playwright/test';
import { consoleLog, linesOf, sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';

test('registration: Run shows output from user, email, profile and analytics', async ({ page }) => {
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await expect(consoleLog(box).locator('.eda-line')).toHaveCount(0);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  for (const service of ['user', 'email', 'profile', 'analytics']) {
    await expect(linesOf(box, service).first()).toBeVisible();
  }
  // The consumers react to what the producer published, not just print a banner.
  await expect(linesOf(box, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);
  await expect(box.getByRole('status').filter({ hasText: 'Running' })).toBeVisible();
});

test('ecommerce: Run shows output from inventory, notification, billing and shipping', async ({
  page,
}) => {
  await page.goto('play/ecommerce/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  for (const service of ['inventory', 'notification', 'billing', 'shipping']) {
    await expect(linesOf(box, service).first()).toBeVisible();
  }
});

test('Stop ends the run at once and Run starts a fresh one', async ({ page }) => {
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  const stop = box.getByRole('button', { name: 'Stop', exact: true });
  await expect(stop).toBeDisabled();
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').first()).toBeVisible();
  await expect(stop).toBeEnabled();
  await stop.click();
  await expect(stop).toBeDisabled();
  await expect(box.getByRole('status').filter({ hasText: 'Stopped' })).toBeVisible();
  const printed = await consoleLog(box).locator('.eda-line').count();
  await page.waitForTimeout(1500);
  // Nothing arrives after Stop: every service was terminated.
  await expect(consoleLog(box).locator('.eda-line')).toHaveCount(printed);

  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'analytics').first()).toBeVisible();
  await expect(consoleLog(box)).not.toContainText('Stopped: every service');
});

test('the file tabs follow the ARIA tabs pattern', async ({ page }) => {
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  const first = box.getByRole('tab', { name: 'user-service.ts' });
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box.getByRole('tabpanel', { name: 'user-service.ts' })).toContainText(
    "redis.publish('user_registered'",
  );
  await first.focus();
  await page.keyboard.press('ArrowRight');
  const second = box.getByRole('tab', { name: 'email-service.ts' });
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(box.getByRole('tabpanel', { name: 'email-service.ts' })).toContainText(
    'sent welcome email',
  );
  await page.keyboard.press('End');
  await expect(box.getByRole('tab', { name: 'analytics-service.ts' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(first).toBeFocused();
});

test('an error’s file:line shows that line in the code view, without loading the editor', async ({
  page,
}) => {
  await page.goto(
    await sharedUrl('play/registration/', 'registration', {
      'profile-service.ts':
        "console.log('starting');\n\nthrow new Error('profile store is down');\n",
    }),
  );
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const location = box.getByRole('button', { name: 'profile-service.ts:3' });
  await expect(location).toBeVisible();
  await location.click();
  const panel = box.getByRole('tabpanel', { name: /profile-service\.ts/ });
  await expect(panel).toBeVisible();
  await expect(panel.locator('.line.eda-flash')).toHaveText(/throw new Error/);
  await expect(box.locator('.monaco-editor')).toHaveCount(0);
});

test('a flood of output is capped at 1,000 lines with a visible note', async ({ page }) => {
  await page.goto(
    await sharedUrl('play/registration/', 'registration', {
      'analytics-service.ts': "for (let i = 1; i <= 1500; i++) console.log('line ' + i);\n",
    }),
  );
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'analytics').filter({ hasText: /^analyticsline 1500$/ })).toHaveCount(
    1,
  );
  await expect(
    box.getByText(/Showing the last 1,000 lines; \d[\d,]* earlier lines were dropped/),
  ).toBeVisible();
  expect(await consoleLog(box).locator('.eda-line').count()).toBeLessThanOrEqual(1000);
  // The oldest lines went first.
  await expect(linesOf(box, 'analytics').filter({ hasText: /^analyticsline 1$/ })).toHaveCount(0);
});
