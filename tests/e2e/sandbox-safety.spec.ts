import { expect, test } from '@playwright/test';
import { consoleLog, linesOf, sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';

test('an infinite loop in one service is stopped with a message; the page keeps working', async ({
  page,
}) => {
  const url = await sharedUrl('play/registration/', 'registration', {
    'analytics-service.ts': "console.log('about to spin');\nwhile (true) {}\n",
  });
  await page.goto(url);
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'analytics').filter({ hasText: 'about to spin' })).toHaveCount(1);
  // The other services still do their work while analytics spins.
  await expect(linesOf(box, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);
  // The runtime ends the busy service and says so.
  await expect(consoleLog(box)).toContainText(/analytics[\s\S]*(stopp|terminat|ended|killed)/i, {
    timeout: 20_000,
  });

  // The page still answers: tabs switch, and another Run works.
  const tab = box.getByRole('tab', { name: 'profile-service.ts' });
  await tab.click();
  await expect(tab).toHaveAttribute('aria-selected', 'true');
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);
});

test('sandbox code cannot reach storage, cookies or the network', async ({ page }) => {
  const attempts = [
    "localStorage.setItem('eda-leak', 'yes')",
    "indexedDB.open('eda-leak')",
    "caches.open('eda-leak')",
    "document.cookie = 'eda-leak=yes'",
    "fetch('/favicon.svg')",
    // Code from strings could hide an import() of a remote URL: refused however it is asked.
    "eval('1')",
    "new Function('return 1')()",
    "(async () => {}).constructor('return 1')()",
    "setTimeout('1', 0)",
    "import('https://example.com/x.js')",
  ];
  const code = attempts
    .map(
      (attempt, i) =>
        `try { await (${attempt}); console.log('LEAK ${i}'); } ` +
        `catch (error) { console.error('blocked ${i}: ' + (error as Error).message); }`,
    )
    .join('\n');
  await page.goto(
    await sharedUrl('play/registration/', 'registration', { 'email-service.ts': code }),
  );
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const errors = linesOf(box, 'email').and(page.locator('[data-level="error"]'));
  for (const [i] of attempts.entries()) {
    await expect(errors.filter({ hasText: `blocked ${i}:` })).toHaveCount(1);
  }
  await expect(consoleLog(box)).not.toContainText('LEAK');
  // And nothing landed in the page's own storage.
  expect(await page.evaluate(() => localStorage.getItem('eda-leak'))).toBeNull();
  expect(await page.evaluate(() => document.cookie)).not.toContain('eda-leak');
});
