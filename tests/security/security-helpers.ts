import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { consoleLog, linesOf, sandbox, sharedUrl, waitForIsland } from '../e2e/sandbox-helpers';

export { consoleLog, linesOf, sandbox, sharedUrl, waitForIsland };

/** An address no sandbox may ever reach: nothing listens there, and no request may be made. */
export const forbiddenUrl = 'http://127.0.0.2:9/';

/** Code the reader tries to run on the page through whatever a sandbox hands back. */
export const pagePayloads: Readonly<Record<string, string>> = {
  'parent.document': "return parent.document.title = 'pwned'",
  'top.document': "return top.document.title = 'pwned'",
  localStorage: "return localStorage.setItem('eda-pwned', 'yes')",
  alert: "return alert('eda-pwned')",
  fetch: `return fetch('${forbiddenUrl}eda-pwned')`,
};

/** What the page let out while a test ran. */
export interface Watch {
  /** Every URL requested by the page, its frames and workers, in order. */
  readonly requests: string[];
  /** The text of every dialog that opened (alert, confirm, prompt, beforeunload). */
  readonly dialogs: string[];
  /** Pages a sandbox opened (window.open). */
  readonly popups: string[];
  /** The page's localStorage and title before the attack, to compare after. */
  before?: PageState;
}

interface PageState {
  readonly storage: Record<string, string>;
  readonly title: string;
}

/**
 * Records everything that could leave the page: each request (requests to another origin are
 * recorded and aborted, so a test machine never sends them), dialogs and popups.
 */
export async function watchPage(page: Page): Promise<Watch> {
  const watch: Watch = { requests: [], dialogs: [], popups: [] };
  const origin = new URL(siteUrl(page)).origin;
  const context = page.context();
  context.on('request', (request) => watch.requests.push(request.url()));
  await context.route('**', async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) await route.continue();
    else await route.abort('blockedbyclient');
  });
  page.on('dialog', (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  context.on('page', (other) => watch.popups.push(other.url()));
  return watch;
}

/** Opens a sandbox page with shared files and notes the page's state before anything runs. */
export async function openShared(
  page: Page,
  watch: Watch,
  id: string,
  files: Record<string, string>,
): Promise<Locator> {
  await page.goto(await sharedUrl(`play/${id}/`, id, files));
  const box = sandbox(page);
  await waitForIsland(box);
  // Something of the page's own in its storage, to see that nothing changed it.
  await page.evaluate(() => localStorage.setItem('eda-security-sentinel', 'intact'));
  watch.before = await pageState(page);
  return box;
}

/** Clicks Run and waits until the island says it is running. */
export async function run(box: Locator): Promise<void> {
  await box.getByRole('button', { name: 'Run', exact: true }).click();
}

/** The page's localStorage and title. */
export function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => {
    const storage: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key !== null) storage[key] = localStorage.getItem(key) ?? '';
    }
    return { storage, title: document.title };
  });
}

/** Requests that went anywhere but the site itself (blob: and data: never leave the browser). */
export function offSite(page: Page, watch: Watch): string[] {
  const origin = new URL(siteUrl(page)).origin;
  return watch.requests.filter(
    (url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin,
  );
}

/**
 * Asserts that nothing escaped: storage and title as before, no dialog, no popup, no request
 * off the site (in particular none to {@link forbiddenUrl}), and the page still answers.
 */
export async function expectNothingEscaped(page: Page, watch: Watch): Promise<void> {
  expect(await pageAnswerMs(page), 'the page answers').toBeLessThan(5_000);
  const after = await pageState(page);
  expect(after.storage, 'the page’s localStorage is unchanged').toEqual(watch.before?.storage);
  expect(after.title, 'the page’s title is unchanged').toBe(watch.before?.title);
  expect(watch.dialogs, 'no dialog opened').toEqual([]);
  expect(watch.popups, 'no window opened').toEqual([]);
  expect(offSite(page, watch), 'no request left the site').toEqual([]);
  expect(watch.requests.filter((url) => url.includes('127.0.0.2'))).toEqual([]);
}

/** Milliseconds for one `page.evaluate` round trip: how long the page takes to answer. */
export async function pageAnswerMs(page: Page): Promise<number> {
  const started = performance.now();
  await page.evaluate(() => 1);
  return performance.now() - started;
}

/** Records what became of the attack, in the report (the title says it too). */
export function outcome(info: TestInfo, result: 'BLOCKED' | 'SURVIVED', what: string): void {
  info.annotations.push({ type: result, description: what });
}

/** Records a measured number in the report and on stdout. */
export function measured(info: TestInfo, name: string, ms: number): void {
  const description = `${name}: ${ms.toFixed(0)} ms`;
  info.annotations.push({ type: 'timing', description });
  console.log(`[${info.title}] ${description}`);
}

/** Error lines of one service whose text contains `text`. */
export function errorsOf(box: Locator, service: string, text: string): Locator {
  return linesOf(box, service)
    .and(box.page().locator('[data-level="error"]'))
    .filter({ hasText: text });
}

/** Expects the reader's console to show one `blocked <label>: …` error per label, and no leak. */
export async function expectEveryProbeBlocked(
  box: Locator,
  service: string,
  probes: readonly { readonly label: string; readonly mentions?: string }[],
): Promise<void> {
  const missing: string[] = [];
  // One wait for the last probe (they run in order) or the service's end, then every probe
  // checked at once.
  const last = probes[probes.length - 1];
  if (last) {
    const lines = linesOf(box, service);
    await expect(
      lines
        .filter({ hasText: `${last.label}:` })
        .or(lines.filter({ hasText: /was stopped|crashed/ }))
        .first(),
      'the last probe reported, or the service ended',
    ).toBeVisible({ timeout: 30_000 });
  }
  const log = consoleLog(box);
  const rows = await log.locator('.eda-line').evaluateAll((lines) =>
    lines.map((line) => ({
      level: (line as HTMLElement).dataset['level'] ?? '',
      service: line.querySelector('.eda-svc')?.textContent ?? '',
      text: line.querySelector('.eda-text')?.textContent ?? '',
    })),
  );
  const mine = rows.filter((row) => row.service === service);
  for (const probe of probes) {
    const blocked = mine.find(
      (row) => row.level === 'error' && row.text.startsWith(`blocked ${probe.label}: `),
    );
    const reason = blocked?.text.slice(`blocked ${probe.label}: `.length) ?? '';
    if (!blocked) {
      const other = mine.find((row) => row.text.includes(`${probe.label}:`));
      missing.push(`${probe.label} → ${other ? other.text : 'no report (the service died?)'}`);
    } else if (reason.trim() === '' || (probe.mentions && !reason.includes(probe.mentions))) {
      missing.push(`${probe.label} → unclear error: "${reason}"`);
    }
  }
  expect(missing, 'every probe is refused with a clear error').toEqual([]);
}

function siteUrl(_page: Page): string {
  const base = test.info().project.use.baseURL;
  if (!base) throw new Error('the security config sets baseURL');
  return base;
}
