import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { lessons, useTheme } from './site-helpers';

const pages = ['', ...lessons().map((lesson) => `lessons/${lesson.slug}/`)];

for (const theme of ['light', 'dark'] as const) {
  for (const path of pages) {
    test(`axe finds no violations on /${path} in the ${theme} theme`, async ({ page }) => {
      await useTheme(page, theme);
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const results = await new AxeBuilder({ page }).analyze();
      const summary = results.violations.map(
        (violation) =>
          `${violation.id}: ${violation.help} (${violation.nodes
            .map((node) => node.target.join(' '))
            .slice(0, 3)
            .join(' | ')})`,
      );
      expect(summary).toEqual([]);
    });
  }
}
