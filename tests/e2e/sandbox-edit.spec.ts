import { expect, test } from '@playwright/test';
import { appendInMonaco, linesOf, sandbox, waitForIsland } from './sandbox-helpers';
import { useTheme } from './site-helpers';

const EDIT = "console.log('edited by the reader');";
const EDITED = /edited.by.the.reader/;

test('an edit in the editor changes the output, survives a reload, and Reset is undoable', async ({
  page,
}) => {
  await page.goto('play/registration/');
  let box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'email-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, EDIT);
  await expect(box.getByRole('tab', { name: /email-service\.ts.*edited/ })).toBeVisible();

  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').filter({ hasText: EDITED })).toHaveCount(1);

  // A reload (and a browser restart: it is localStorage) brings the edit back.
  await page.reload();
  box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  const emailPanel = box.getByRole('tabpanel', { name: /email-service\.ts/ });
  await expect(emailPanel).toContainText(EDITED);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').filter({ hasText: EDITED })).toHaveCount(1);

  // Reset goes back to the original code…
  await box.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(emailPanel).not.toContainText(EDITED);
  await expect(emailPanel).toContainText('sent welcome email');
  // …and says how to get the reader's code back.
  await box.getByRole('button', { name: 'Undo reset' }).click();
  await expect(emailPanel).toContainText(EDITED);

  // Ctrl+Z in the editor undoes a reset too.
  await box.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(emailPanel).not.toContainText(EDITED);
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  const lines = box.locator('.monaco-editor .view-lines');
  await expect(lines).toBeVisible({ timeout: 30_000 });
  await expect(lines).not.toContainText(EDITED);
  await lines.click();
  await page.keyboard.press('ControlOrMeta+z');
  await expect(lines).toContainText(EDITED);

  // The restored edit is saved again: it is there after another reload.
  await page.reload();
  box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: /email-service\.ts/ }).click();
  await expect(box.getByRole('tabpanel', { name: /email-service\.ts/ })).toContainText(EDITED);
});

test('clicking an error location shows that line of the file', async ({ page }) => {
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'profile-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  await appendInMonaco(page, box, "throw new Error('profile store is down');");
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const location = box.getByRole('button', { name: /^profile-service\.ts:\d+$/ });
  await expect(location).toBeVisible();
  const line = Number((await location.textContent())?.split(':')[1]);
  await box.getByRole('tab', { name: /user-service\.ts/ }).click();
  await location.click();
  await expect(box.getByRole('tab', { name: /profile-service\.ts/ })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(box.locator('.monaco-editor .line-numbers.active-line-number')).toHaveText(
    String(line),
  );
});

test('when Monaco cannot load, Edit falls back to a plain editor that still runs', async ({
  page,
}) => {
  await page.route(/monaco|editor\.api/, (route) => route.abort());
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('tab', { name: 'email-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = box.getByRole('textbox', { name: 'Code of email-service.ts' });
  await expect(editor).toBeVisible();
  await expect(box.getByRole('status').filter({ hasText: 'plain one' })).toBeVisible();
  await editor.press('ControlOrMeta+End');
  await editor.pressSequentially("\nconsole.log('plain but working');");
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'email').filter({ hasText: 'plain but working' })).toHaveCount(1);
});

test('the editor follows the site theme', async ({ page }) => {
  await useTheme(page, 'dark');
  await page.goto('play/registration/');
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Edit', exact: true }).click();
  const editor = box.locator('.monaco-editor');
  await expect(editor).toHaveClass(/vs-dark/, { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Select theme' }).selectOption('light');
  await expect(editor).not.toHaveClass(/vs-dark/);
  await expect(editor).toHaveClass(/\bvs\b/);
});
