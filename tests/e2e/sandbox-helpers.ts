import { expect, type Locator, type Page } from '@playwright/test';
import { encodeSharedCode, type SharedCode } from '../../src/sandbox/share-code';

/** The sandbox region on a page (the first one unless a title is given). */
export function sandbox(page: Page, title?: string | RegExp): Locator {
  const regions = page.locator('eda-sandbox');
  return title === undefined ? regions.first() : regions.filter({ hasText: title }).first();
}

/** The console of a sandbox, found by role and name. */
export function consoleLog(scope: Locator | Page): Locator {
  return scope.getByRole('log', { name: 'Console' });
}

/** Console lines printed by one service (the tag is the service's name as text). */
export function linesOf(scope: Locator, service: string): Locator {
  const tag = scope.page().locator('.eda-svc', { hasText: new RegExp(`^${service}$`) });
  return consoleLog(scope).locator('.eda-line').filter({ has: tag });
}

/** Waits until the island has wired its buttons (the page is static HTML until then). */
export async function waitForIsland(scope: Locator): Promise<void> {
  await expect(scope).toHaveAttribute('data-ready', 'true');
}

/** A URL that opens a sandbox page with the given files replaced, as a Share link would. */
export async function sharedUrl(
  path: string,
  id: string,
  files: Record<string, string>,
  run: Pick<SharedCode, 'seed' | 'faults'> = {},
): Promise<string> {
  return `${path}#${await encodeSharedCode({ id, files, ...run })}`;
}

/**
 * Types at the end of the file shown in Monaco, on a new line. Monaco closes brackets and
 * quotes as they are typed and types over them when the closer is typed, so typed code ends
 * up as written.
 */
export async function appendInMonaco(page: Page, scope: Locator, line: string): Promise<void> {
  const editor = scope.locator('.monaco-editor').first();
  await expect(editor).toBeVisible({ timeout: 30_000 });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(line);
}

/** The event-flow view (its shadow root is open, so role locators reach inside). */
export function flowPanel(page: Page): Locator {
  return page.locator('eda-flow-panel');
}

/** How many trace events the flow view's log holds (its grid counts one header row). */
export async function eventCount(page: Page): Promise<number> {
  const rows = await flowPanel(page)
    .getByRole('grid', { name: 'Event log' })
    .getAttribute('aria-rowcount');
  return Number(rows) - 1;
}
