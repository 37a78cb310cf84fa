import { expect, test } from '@playwright/test';
import { linesOf, sandbox, waitForIsland } from './sandbox-helpers';

// Runs in the "phone" project (Pixel 7): Monaco does not support mobile browsers.
test('on a phone, Edit gives a plain editor and Run uses its code', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'email-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = box.getByRole('textbox', { name: 'Code of email-service.ts' });
  await expect(editor).toBeVisible();
  const code = await editor.inputValue();
  await editor.fill(`${code}\nconsole.log('typed on a phone');\n`);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').filter({ hasText: 'typed on a phone' })).toHaveCount(1);
  expect(requests.filter((url) => /monaco|editor\.api|codicon|tsMode/i.test(url))).toEqual([]);
});
