import { expect, test, type Response } from '@playwright/test';
import { consoleLog, linesOf, sandbox, waitForIsland } from '../e2e/sandbox-helpers';

// Offline (this machine), WebContainer.boot() never settles: the 15 s watchdog must send the
// run to the worker runtime with a system line saying why.
const fallbackLine =
  'Node mode is not available (the WebContainer did not boot within 15 s); running in the browser instead.';

test('on an isolated /play/ page Node mode is offered, and a hanging boot falls back to workers', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL ?? '').origin;
  let nodeModeOn = false;
  const before: Response[] = [];
  const after: Response[] = [];
  const failedSameOrigin: string[] = [];
  page.on('response', (response) => (nodeModeOn ? after : before).push(response));
  page.on('requestfailed', (request) => {
    if (request.url().startsWith(origin)) failedSameOrigin.push(request.url());
  });

  const main = await page.goto('play/registration/');
  expect(main?.headers()['cross-origin-opener-policy']).toBe('same-origin');
  expect(main?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  const box = sandbox(page);
  await waitForIsland(box);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // Everything the page loads is same-origin, so COEP require-corp blocks nothing, and no
  // byte of Node mode (its runtime or @webcontainer/api) is loaded before it is chosen. The
  // sandbox frame's workers start from blob: URLs made in the browser, not from the network.
  await page.waitForLoadState('networkidle');
  expect(
    before.map((r) => r.url()).filter((url) => !url.startsWith(origin) && !url.startsWith('blob:')),
  ).toEqual([]);
  const frame = before.find((r) => r.url().endsWith('/play/sandbox-frame.html'));
  // An isolated page only embeds documents that are COEP themselves.
  expect(frame?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
  for (const response of before) {
    if (!response.url().endsWith('.js')) continue;
    expect(await response.text(), response.url()).not.toMatch(/stackblitz|did not boot within/);
  }

  const nodeMode = box.getByRole('checkbox', { name: 'Node mode' });
  await expect(nodeMode).toBeVisible();
  await expect(nodeMode).not.toBeChecked();
  nodeModeOn = true;
  await nodeMode.check();

  const started = Date.now();
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const log = consoleLog(box);
  await expect(log).toContainText('Node mode: starting Node in a WebContainer');
  await expect(log.getByText(fallbackLine)).toBeVisible({ timeout: 30_000 });
  const waitedMs = Date.now() - started;
  expect(waitedMs).toBeGreaterThan(14_000); // the watchdog, not some earlier failure
  for (const service of ['user', 'email', 'profile', 'analytics']) {
    await expect(linesOf(box, service).first()).toBeVisible();
  }
  await expect(linesOf(box, 'email').filter({ hasText: 'ada@example.com' })).toHaveCount(1);

  // The real @webcontainer/api was loaded (on demand) and the runner was served.
  const scripts = after.filter((r) => r.url().endsWith('.js') && r.ok());
  const bodies = await Promise.all(scripts.map((r) => r.text()));
  expect(bodies.some((body) => body.includes('stackblitz'))).toBe(true);
  expect(after.some((r) => r.url().endsWith('/node-runner/cli.mjs') && r.ok())).toBe(true);
  expect(after.some((r) => r.url().endsWith('/node-runner/thread-entry.mjs') && r.ok())).toBe(true);

  // The page keeps working: Stop, then Run again falls back at once (one boot per page).
  const stop = box.getByRole('button', { name: 'Stop', exact: true });
  await stop.click();
  await expect(stop).toBeDisabled();
  const again = Date.now();
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(log.getByText(fallbackLine)).toBeVisible();
  await expect(linesOf(box, 'analytics').first()).toBeVisible();
  expect(Date.now() - again).toBeLessThan(10_000);

  // And with Node mode off, Run goes straight to the workers, with no Node mode lines.
  await nodeMode.uncheck();
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'user').first()).toBeVisible();
  await expect(log).not.toContainText('Node mode');
  expect(failedSameOrigin).toEqual([]);
  console.log(`fallback shown ${waitedMs} ms after Run`);
});

test('lesson pages stay non-isolated, so they do not offer Node mode', async ({ page }) => {
  const response = await page.goto('lessons/from-calls-to-events/');
  expect(response?.headers()['cross-origin-opener-policy']).toBeUndefined();
  expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
  const box = sandbox(page);
  await waitForIsland(box);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await expect(box.getByRole('checkbox', { name: 'Node mode' })).toHaveCount(0);
});
