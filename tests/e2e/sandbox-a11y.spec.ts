import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { linesOf, sandbox, sharedUrl, waitForIsland } from './sandbox-helpers';
import { useTheme } from './site-helpers';

for (const theme of ['light', 'dark'] as const) {
  test(`a sandbox with output, warnings and errors has no axe violations (${theme})`, async ({
    page,
  }) => {
    await useTheme(page, theme);
    // Every kind of console line: logs from each service, a warning, an error with a location.
    await page.goto(
      await sharedUrl('play/registration/', 'registration', {
        'analytics-service.ts':
          "console.warn('analytics is slow today');\nthrow new Error('analytics store is down');\n",
      }),
    );
    const box = sandbox(page);
    await waitForIsland(box);
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(linesOf(box, 'email').first()).toBeVisible();
    await expect(box.getByRole('button', { name: /^analytics-service\.ts:\d+$/ })).toBeVisible();
    await box.getByRole('button', { name: 'Share', exact: true }).click();
    await expect(box.getByRole('textbox', { name: 'Share link' })).toBeVisible();
    // The flow view inside is checked by its own owner's tests (src/sandbox/flow).
    const results = await new AxeBuilder({ page })
      .include('eda-sandbox')
      .exclude('eda-flow-panel')
      .analyze();
    const summary = results.violations.map(
      (v) =>
        `${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')})`,
    );
    expect(summary).toEqual([]);
  });
}
