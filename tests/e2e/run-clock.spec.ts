import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import {
  consoleLog,
  eventCount,
  flowPanel,
  linesOf,
  sandbox,
  sharedUrl,
  waitForIsland,
} from './sandbox-helpers';

// One clock for the whole run: the services' timers, Date and Math.random run on the run's
// scheduler, so Pause freezes everything and the same seed gives the same run. These tests
// wait on what the run prints, never on the wall clock, except where stillness is the point.

const flow = flowPanel;

/** Every console line as `service: text`, in order. */
async function consoleLines(box: Locator): Promise<string[]> {
  return consoleLog(box)
    .locator('.eda-line')
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.querySelector('.eda-svc')?.textContent ?? ''}: ${row.querySelector('.eda-text')?.textContent ?? ''}`,
      ),
    );
}

/** What the page shows of a run: console, event count and the figure's counters. */
async function snapshot(page: Page, box: Locator) {
  return {
    console: await consoleLines(box),
    events: await eventCount(page),
    // The counters, without the note on hops the figure had no frame to animate: that one
    // depends on the page's frame rate, not on the run.
    counters: (
      await flow(page)
        .getByRole('figure', { name: 'Event flow' })
        .locator('figcaption')
        .textContent()
    )?.replace(/\d+ hops? not animated.*$/, ''),
  };
}

test('after Pause nothing on the page changes, not even a service timer; Step shows one event', async ({
  page,
}) => {
  // Orders 1.5 s of run time apart, on the order service's own timer: whenever the click on
  // Pause lands, orders are still to come, and paused, none may be placed.
  const original = readFileSync('sandboxes/ecommerce/order-service.ts', 'utf8');
  const slower = original.replace('setTimeout(resolve, 400)', 'setTimeout(resolve, 1500)');
  expect(slower).not.toBe(original);
  await page.goto(await sharedUrl('play/ecommerce/', 'ecommerce', { 'order-service.ts': slower }));
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'order').filter({ hasText: 'o-1001' })).toHaveCount(1);
  const panel = flow(page);
  await panel.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  // Work the run had already handed a service finishes; from then on nothing may move.
  await expect
    .poll(async () => JSON.stringify(await snapshot(page, box)), { intervals: [500] })
    .toBe(JSON.stringify(await snapshot(page, box)));
  const paused = await snapshot(page, box);
  // Stillness is what is tested here, so this waits on the wall clock on purpose.
  await page.waitForTimeout(2_000);
  expect(await snapshot(page, box)).toEqual(paused);

  await panel.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => eventCount(page)).toBe(paused.events + 1);

  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(linesOf(box, 'billing').filter({ hasText: 'o-1004' })).toHaveCount(1);
});

/** Runs retry-backoff in the browser until the payment goes through; returns what it showed. */
async function runRetryBackoff(page: Page, box: Locator) {
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(linesOf(box, 'payment').filter({ hasText: 'charged order o-2001' })).toHaveCount(1);
  await expect
    .poll(async () => JSON.stringify(await snapshot(page, box)), { intervals: [300] })
    .toBe(JSON.stringify(await snapshot(page, box)));
  return snapshot(page, box);
}

test('the same seed gives the same run: twice in the browser and once in Node', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('play/retry-backoff/');
  const box = sandbox(page);
  await waitForIsland(box);
  // Skip idle time is on for this sandbox: two minutes of back-off play in a moment.
  await expect(flow(page).getByRole('checkbox', { name: 'Skip idle time' })).toBeChecked({
    checked: true,
  });
  const first = await runRetryBackoff(page, box);
  const second = await runRetryBackoff(page, box);
  expect(second).toEqual(first);
  // The console shows the run's own times: the back-off reaches its 60 s cap.
  expect(first.console).toContain(
    'payment: 09:01:03 attempt 7 failed (gateway timeout charging o-2001); retrying in 60 s',
  );
  expect(first.console).toContain('payment: 09:02:03 charged order o-2001 on attempt 8');

  const seed = await flow(page).getByRole('spinbutton', { name: 'Seed' }).inputValue();
  expect(nodeConsole('retry-backoff', seed)).toEqual(first.console);
});

/** Waits until the page shows the same thing twice, a second apart: the run has gone quiet. */
async function quietSnapshot(page: Page, box: Locator) {
  let previous = '';
  await expect
    .poll(
      async () => {
        const current = JSON.stringify(await snapshot(page, box));
        const same = current === previous && (await consoleLines(box)).length > 0;
        previous = current;
        return same;
      },
      { intervals: [1_000], timeout: 60_000 },
    )
    .toBe(true);
  return snapshot(page, box);
}

/** The console lines of `npm run sandbox -- <id> --json` with this seed, as `service: text`. */
function nodeConsole(id: string, seed: string): string[] {
  const node = spawnSync(
    process.execPath,
    ['scripts/run-sandbox.mjs', id, '--seed', seed, '--skip-idle', '--json'],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return node.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { type: string; line?: { service: string; text: string } })
    .flatMap((record) =>
      record.type === 'output' && record.line
        ? [`${record.line.service}: ${record.line.text}`]
        : [],
    );
}

/** Sandboxes left out of this comparison, each with why. */
const neverQuiet: Readonly<Record<string, string>> = {
  'schema-evolution':
    'the v1 billing reader retries its poison record for as long as the run lasts, as kafkajs does',
  // A known bug, not a difference of runtimes to keep: in Node a worker_thread that calls
  // process.exit(1) right after console.log can end before its last lines reach the host.
  'registration-streams':
    'email-1 ends itself with process.exit(1); the Node runtime can lose the lines printed just before',
};

const sandboxIds = readdirSync('sandboxes', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !Object.hasOwn(neverQuiet, entry.name))
  .map((entry) => entry.name);

for (const id of sandboxIds) {
  test(`${id}: two browser runs and a Node run with the same seed show the same run`, async ({
    page,
  }) => {
    test.setTimeout(150_000);
    await page.goto(`play/${id}/`);
    const box = sandbox(page);
    await waitForIsland(box);
    const runOnce = async () => {
      await box.getByRole('button', { name: 'Run', exact: true }).click();
      // Skip idle time, so each run goes quiet within seconds.
      await flow(page).getByRole('checkbox', { name: 'Skip idle time' }).check();
      return quietSnapshot(page, box);
    };
    const first = await runOnce();
    await box.getByRole('button', { name: 'Stop', exact: true }).click();
    const second = await runOnce();
    expect(second).toEqual(first);
    const seed = await flow(page).getByRole('spinbutton', { name: 'Seed' }).inputValue();
    expect(nodeConsole(id, seed)).toEqual(first.console);
  });
}
