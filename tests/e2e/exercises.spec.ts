import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { waitForIsland } from './sandbox-helpers';
import { useTheme } from './site-helpers';

// A Check runs the code three times (one run per seed) in the sandbox frame; on a loaded machine
// that takes a while, so these tests wait on the verdict, not on a time.
test.describe.configure({ timeout: 300_000 });

const lesson = 'lessons/delivery-guarantees/';

/** The "Try it" exercise block of one exercise on its lesson page. */
function exercise(page: Page, name: string): Locator {
  return page.locator(`eda-exercise[data-exercise="${name}"]`);
}

async function openExercise(page: Page, name: string): Promise<Locator> {
  await page.goto(lesson);
  const block = exercise(page, name);
  // The exercise island loads as the exercise comes near the screen.
  await block.scrollIntoViewIfNeeded();
  await waitForIsland(block);
  await waitForIsland(block.locator('eda-sandbox'));
  return block;
}

function verdict(block: Locator): Locator {
  return block.locator('[data-part="verdict"]');
}

test('a failed check names the event, and its link opens that row of that seed’s run', async ({
  page,
}) => {
  const block = await openExercise(page, 'charge-once');
  await block.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(block)).toContainText(
    /Order o-\d+ was charged twice on seed 2 — see event #\d+/,
    {
      timeout: 150_000,
    },
  );
  const link = block.getByRole('button', { name: /^see event #\d+$/ });
  const seq = Number(/#(\d+)/.exec((await link.textContent()) ?? '')?.[1]);
  await link.click();
  const panel = block.locator('eda-flow-panel');
  const row = panel.getByRole('grid', { name: 'Event log' }).getByRole('row', { selected: true });
  await expect(row).toBeVisible();
  await expect(row.getByRole('gridcell').first()).toHaveText(String(seq));
  // The console shows that seed's run: billing charged the order twice there.
  await expect(block.getByText('Seed 2 of the last Check.')).toBeVisible();
});

test('typing a fix passes the check; the tick stays after a reload, in the sidebar and on /progress/', async ({
  page,
}) => {
  const block = await openExercise(page, 'charge-once');
  const box = block.locator('eda-sandbox');
  await box.getByRole('tab', { name: 'billing-service.ts' }).click();
  await box.getByRole('button', { name: 'Edit' }).click();
  const editor = box.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let line = 1; line < 19; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.type('const seen = new Set<string>();');
  for (let line = 19; line < 24; line += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('if (seen.has(order.eventId)) return channel.ack(msg);');
  await page.keyboard.press('Enter');
  await page.keyboard.type('seen.add(order.eventId);');
  const typed = await box.evaluate(
    (element) =>
      (element as unknown as { files: Record<string, string> }).files['billing-service.ts'],
  );
  expect(typed).toContain('if (seen.has(order.eventId)) return channel.ack(msg);');

  await block.getByRole('button', { name: 'Check', exact: true }).click();
  await expect(verdict(block)).toHaveText('✓ Passed on seeds 1, 2 and 3', { timeout: 150_000 });
  await expect(block.getByRole('heading', { name: /Charge each order once\s+Done/ })).toBeVisible();

  // "Show solution" puts the solution beside the reader's code and leaves their code alone.
  await block.getByRole('button', { name: 'Show solution' }).click();
  await expect(block.locator('.eda-ex-diff .monaco-diff-editor')).toBeVisible({ timeout: 30_000 });
  const after = await box.evaluate(
    (element) =>
      (element as unknown as { files: Record<string, string> }).files['billing-service.ts'],
  );
  expect(after).toBe(typed);

  await page.reload();
  await exercise(page, 'charge-once').scrollIntoViewIfNeeded();
  await waitForIsland(exercise(page, 'charge-once'));
  await expect(
    exercise(page, 'charge-once').getByRole('heading', { name: /Charge each order once\s+Done/ }),
  ).toBeVisible();
  const sidebarLink = page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /Delivery guarantees/ });
  // The lesson offers two exercises; one is done.
  await expect(sidebarLink).toContainText('1 of 2 exercises done');
  // The edits survived the reload too.
  const reloaded = await exercise(page, 'charge-once')
    .locator('eda-sandbox')
    .evaluate(
      (element) =>
        (element as unknown as { files: Record<string, string> }).files['billing-service.ts'],
    );
  expect(reloaded).toBe(typed);

  await page.goto('progress/');
  await expect(
    page.getByRole('listitem').filter({ hasText: 'Charge each order once' }),
  ).toContainText('passed');
  await expect(page.getByText(/^1 of \d+ exercises done\.$/)).toBeVisible();
});

test('"Use solution" replaces the code with an Undo that brings the reader’s back', async ({
  page,
}) => {
  const block = await openExercise(page, 'charge-once');
  const box = block.locator('eda-sandbox');
  const files = () =>
    box.evaluate(
      (element) =>
        (element as unknown as { files: Record<string, string> }).files['billing-service.ts'],
    );
  const before = await files();
  await block.getByRole('button', { name: 'Use solution' }).click();
  expect(await files()).toContain('charged.has(order.eventId)');
  await box.getByRole('button', { name: 'Undo' }).click();
  expect(await files()).toBe(before);
});

test('hints come one at a time', async ({ page }) => {
  const block = await openExercise(page, 'charge-once');
  const hints = block.getByRole('list', { name: 'Hints' });
  await expect(hints).toBeHidden();
  await block.getByRole('button', { name: 'Show a hint' }).click();
  await expect(hints.getByRole('listitem')).toHaveCount(1);
  await block.getByRole('button', { name: /Show another hint/ }).click();
  await expect(hints.getByRole('listitem')).toHaveCount(2);
});

for (const theme of ['light', 'dark'] as const) {
  test(`an exercise with a verdict and hints has no axe violations (${theme})`, async ({
    page,
  }) => {
    await useTheme(page, theme);
    const block = await openExercise(page, 'charge-once');
    await block.getByRole('button', { name: 'Show a hint' }).click();
    await block.getByRole('button', { name: 'Check', exact: true }).click();
    await expect(verdict(block)).toContainText('see event', { timeout: 150_000 });
    const results = await new AxeBuilder({ page })
      .include('eda-exercise')
      .exclude('eda-flow-panel')
      .analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      ),
    ).toEqual([]);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`/progress/ lists every exercise and has no axe violations (${theme})`, async ({ page }) => {
    await useTheme(page, theme);
    await page.goto('progress/');
    await expect(page.getByText(/^0 of \d+ exercises done\.$/)).toBeVisible();
    await expect(
      page.getByRole('listitem').filter({ hasText: 'Dead-letter a poison message' }),
    ).toContainText('not done yet');
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
      ),
    ).toEqual([]);
  });
}
