import { expect, test } from '@playwright/test';
import { diagramCount, lessons, recordForeignRequests } from './site-helpers';

const all = lessons();

test('the curriculum has every lesson the course promises', () => {
  expect(all.length).toBeGreaterThanOrEqual(17);
  const withDiagrams = all.filter((lesson) => diagramCount(lesson) > 0);
  expect(withDiagrams.length).toBeGreaterThanOrEqual(12);
});

for (const [index, lesson] of all.entries()) {
  test(`lesson ${lesson.order} "${lesson.title}" reads with its diagrams and links`, async ({
    page,
    baseURL,
  }) => {
    const foreign = recordForeignRequests(page, baseURL ?? '');
    await page.goto(`lessons/${lesson.slug}/`);
    await expect(page.getByRole('heading', { level: 1, name: lesson.title })).toBeVisible();

    const diagrams = page.getByRole('img').and(page.locator('figure.diagram svg'));
    await expect(diagrams.filter({ visible: true })).toHaveCount(diagramCount(lesson));

    const previous = all[index - 1];
    const next = all[index + 1];
    if (next !== undefined) {
      await page.getByRole('link', { name: `Next ${next.title}`, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/lessons/${next.slug}/$`));
      await expect(page.getByRole('heading', { level: 1, name: next.title })).toBeVisible();
      await page.goBack();
    }
    if (previous !== undefined) {
      await page.getByRole('link', { name: `Previous ${previous.title}`, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`/lessons/${previous.slug}/$`));
    }
    expect(foreign, 'requests that left the site').toEqual([]);
  });
}

test('search for "idempotent" from the home page leads to the delivery-guarantees lesson', async ({
  page,
  baseURL,
}) => {
  const foreign = recordForeignRequests(page, baseURL ?? '');
  await page.goto('');
  await page.getByRole('button', { name: 'Search' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: 'Search' }).fill('idempotent');
  const result = dialog.getByRole('link', { name: /Delivery guarantees/i }).first();
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/lessons\/delivery-guarantees\//);
  expect(foreign, 'requests that left the site').toEqual([]);
});

test('the search UI loads only when the reader reaches for it; Ctrl+K opens it ready to type', async ({
  page,
}) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto('lessons/what-is-eda/');
  await page.waitForLoadState('networkidle');
  // Starlight's idle-time hook has run by now (it builds the UI at once when not deferred).
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve)));
  expect(requested.filter((path) => /ui-core|pagefind/.test(path))).toEqual([]);

  await page.keyboard.press('Control+k');
  const input = page.getByRole('dialog').getByRole('textbox', { name: 'Search' });
  await expect(input).toBeFocused();
  await page.keyboard.type('idempotent');
  await expect(
    page
      .getByRole('dialog')
      .getByRole('link', { name: /Delivery guarantees/i })
      .first(),
  ).toBeVisible();
});
