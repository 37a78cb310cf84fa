import { build } from 'esbuild';
import { expect, test, type Page } from '@playwright/test';

// `<eda-flow-panel>` on its own, fed a synthetic trace by a fake RunSession, so the view's own
// behaviour (controls, faults, replay, details, caps) is tested apart from the runtime.

let bundle = '';

test.beforeAll(async () => {
  const out = await build({
    entryPoints: ['src/sandbox/flow/index.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'EdaFlow',
    write: false,
    target: 'es2022',
  });
  bundle = out.outputFiles[0]?.text ?? '';
});

const origin = 'http://flow-harness.test';

/** A page with the panel and `window.harness`: a fake session whose trace the test pushes. */
async function harness(page: Page): Promise<void> {
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>flow harness</title></head><body>
<main><eda-flow-panel sandbox="harness"></eda-flow-panel></main>
<script>${bundle}</script>
<script>
  window.harness = {
    calls: [],
    start(startTime = 0) {
      const observers = new Set();
      let finish;
      const next = EdaFlow.createSyntheticTrace({ seed: 5, trouble: 0.2 });
      let time = startTime;
      const calls = this.calls;
      calls.length = 0;
      this.push = (n) => {
        for (let i = 0; i < n; i++) {
          const event = next(time);
          time += 5;
          observers.forEach((o) => o.next(event));
        }
      };
      this.finish = () => finish({ reason: 'stopped', failures: [] });
      const panel = document.querySelector('eda-flow-panel');
      const record = (name) => (...args) => calls.push([name, ...args]);
      panel.session = {
        trace$: { subscribe(o) { observers.add(o); return { unsubscribe() { observers.delete(o); } }; } },
        output$: { subscribe() { return { unsubscribe() {} }; } },
        controls: {
          seed: 99,
          pause: record('pause'), resume: record('resume'), step: record('step'),
          setSpeed: record('setSpeed'), setFaults: record('setFaults'),
          setSkipIdle: record('setSkipIdle'),
          crashService: record('crashService'), restartService: record('restartService'),
          restartBroker: record('restartBroker'),
        },
        stop() {},
        finished: new Promise((resolve) => (finish = resolve)),
      };
    },
  };
</script></body></html>`,
    }),
  );
  await page.goto(`${origin}/`);
}

async function eventCount(page: Page): Promise<number> {
  const rows = await page.getByRole('grid', { name: 'Event log' }).getAttribute('aria-rowcount');
  return Number(rows) - 1;
}

const calls = (page: Page): Promise<unknown[][]> =>
  page.evaluate(() => (window as unknown as { harness: { calls: unknown[][] } }).harness.calls);

const push = (page: Page, n: number): Promise<void> =>
  page.evaluate(
    (count) => (window as unknown as { harness: { push(n: number): void } }).harness.push(count),
    n,
  );

const start = (page: Page, startTime = 0): Promise<void> =>
  page.evaluate(
    (time) => (window as unknown as { harness: { start(time: number): void } }).harness.start(time),
    startTime,
  );

const finish = (page: Page): Promise<void> =>
  page.evaluate(() => (window as unknown as { harness: { finish(): void } }).harness.finish());

test("a second run's log shows its own events, not the first run's in the same rows", async ({
  page,
}) => {
  await harness(page);
  await start(page, 0);
  await push(page, 5);
  await expect.poll(() => eventCount(page)).toBe(5);
  await finish(page);
  // Same kinds of events in the same positions, but later times: every row must say so.
  await start(page, 60_000);
  await push(page, 5);
  await expect.poll(() => eventCount(page)).toBe(5);
  const times = await page
    .getByRole('grid', { name: 'Event log' })
    .locator('[role="row"]:not([hidden]) [role="gridcell"]:nth-child(2)')
    .allInnerTexts();
  expect(times).toHaveLength(5);
  for (const time of times) expect(Number.parseFloat(time)).toBeGreaterThanOrEqual(60);
});

test('time controls call the session and enable only what makes sense', async ({ page }) => {
  await harness(page);
  const pause = page.getByRole('button', { name: 'Pause', exact: true });
  const resume = page.getByRole('button', { name: 'Resume', exact: true });
  const step = page.getByRole('button', { name: 'Step', exact: true });
  await expect(pause).toBeDisabled();
  await start(page);
  await push(page, 30);
  await expect.poll(() => eventCount(page)).toBe(30);
  await expect(step).toBeDisabled();
  await pause.click();
  await expect(resume).toBeEnabled();
  await step.click();
  await step.click();
  await page.getByRole('slider', { name: 'Speed' }).fill('5');
  await resume.click();
  expect(await calls(page)).toEqual([['pause'], ['step'], ['step'], ['setSpeed', 2], ['resume']]);
  await expect(page.getByRole('slider', { name: 'Speed' })).toHaveAttribute('aria-valuetext', '2×');
});

test('the figure is laid out from the trace, with counters, and the log filters', async ({
  page,
}) => {
  await harness(page);
  await start(page);
  await push(page, 400);
  const figure = page.getByRole('figure', { name: 'Event flow' });
  for (const name of ['inventory', 'notification', 'billing', 'shipping']) {
    await expect(
      figure.getByRole('img', { name: new RegExp(`^queue ${name}: \\d+ ready · \\d+ unacked`) }),
    ).toBeVisible();
    await expect(
      figure.getByRole('button', { name: new RegExp(`^service ${name} \\(consumer\\)`) }),
    ).toBeVisible();
  }
  await expect(figure.getByRole('img', { name: /^exchange orders: fanout/ })).toBeVisible();
  await expect(figure).toContainText('dead-lettered');
  await expect.poll(() => eventCount(page)).toBe(400);

  await page.getByRole('combobox', { name: 'Kind' }).selectOption('published');
  const published = await eventCount(page);
  expect(published).toBeGreaterThan(10);
  // Clicking a service's box filters the log to that service.
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('');
  await figure.getByRole('button', { name: /^service billing/ }).click();
  await expect(page.getByRole('combobox', { name: 'Service' })).toHaveValue('billing');
  const billing = await eventCount(page);
  expect(billing).toBeGreaterThan(published);
  expect(billing).toBeLessThan(400);
});

test('selecting a row shows payload, detail and every hop of its message', async ({ page }) => {
  await harness(page);
  await start(page);
  await push(page, 60);
  await page.getByRole('combobox', { name: 'Kind' }).selectOption('published');
  const grid = page.getByRole('grid', { name: 'Event log' });
  await grid.getByRole('row').nth(1).click();
  const details = page.getByRole('region', { name: 'Message details' });
  await expect(details.getByRole('heading', { name: /published/ })).toBeVisible();
  await expect(details).toContainText('"type": "OrderPlaced"');
  // One publish, four routes, then per service a delivery and its ending: at least 13 hops.
  await expect(details.getByRole('heading', { name: /^Path of m1: \d+ hops/ })).toBeVisible();
  const hops = details.getByRole('listitem');
  expect(await hops.count()).toBeGreaterThanOrEqual(13);
  await hops.nth(1).getByRole('button').click();
  await expect(details.getByRole('heading', { name: /routed/ })).toBeVisible();
  // Keyboard: the grid moves its active row with the arrows and selects with Enter.
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(details.getByRole('heading', { name: /^Event #\d+: published/ })).toBeVisible();
});

test('fault switches call setFaults at once, persist per sandbox and become runOptions', async ({
  page,
}) => {
  await harness(page);
  await start(page);
  await push(page, 40);
  const faults = page.getByRole('group', { name: 'Faults' });
  await faults.getByRole('spinbutton', { name: 'Drop chance (%)' }).fill('35');
  await faults.getByRole('spinbutton', { name: 'Drop chance (%)' }).press('Enter');
  await faults.getByRole('switch', { name: 'Drop' }).check();
  await faults.getByRole('switch', { name: 'Delay' }).check();
  await faults.getByRole('spinbutton', { name: 'Seed' }).fill('1234');
  await faults.getByRole('spinbutton', { name: 'Seed' }).press('Enter');
  const setFaults = (await calls(page)).filter((c) => c[0] === 'setFaults');
  expect(setFaults.at(-1)).toEqual([
    'setFaults',
    { drop: 0.35, duplicate: 0, delayMs: 300, jitterMs: 200, reorder: 0 },
  ]);
  await expect(faults).toContainText('This run uses seed 99; the next Run uses 1234.');
  await faults.getByRole('combobox', { name: 'Consumer' }).selectOption('billing');
  await faults.getByRole('button', { name: 'Crash consumer' }).click();
  await faults.getByRole('button', { name: 'Restart consumer' }).click();
  await faults.getByRole('button', { name: 'Restart broker' }).click();
  expect((await calls(page)).slice(-3)).toEqual([
    ['crashService', 'billing'],
    ['restartService', 'billing'],
    ['restartBroker'],
  ]);

  await page.reload();
  const options = await page.evaluate(
    () =>
      (document.querySelector('eda-flow-panel') as unknown as { runOptions: unknown }).runOptions,
  );
  expect(options).toEqual({
    seed: 1234,
    faults: { drop: 0.35, duplicate: 0, delayMs: 300, jitterMs: 200, reorder: 0 },
    skipIdle: false,
  });
  await expect(page.getByRole('switch', { name: 'Drop' })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Duplicate' })).not.toBeChecked();
});

test('after the run the timeline scrubs back and Replay plays the trace again', async ({
  page,
}) => {
  await harness(page);
  await start(page);
  await push(page, 200);
  await expect.poll(() => eventCount(page)).toBe(200);
  const timeline = page.getByRole('slider', { name: 'Timeline' });
  await expect(timeline).toBeDisabled();
  await finish(page);
  await expect(timeline).toBeEnabled();
  await expect(timeline).toHaveAttribute('aria-valuetext', '200 of 200 events');
  await timeline.fill('0');
  await expect.poll(() => eventCount(page)).toBe(0);
  await timeline.fill('100');
  await expect.poll(() => eventCount(page)).toBe(100);
  const figure = page.getByRole('figure', { name: 'Event flow' });
  const atHalf = await figure.locator('.totals').textContent();
  await timeline.fill('200');
  await expect.poll(() => eventCount(page)).toBe(200);
  expect(await figure.locator('.totals').textContent()).not.toBe(atHalf);

  // Slowest speed: 200 recorded events 5 ms apart replay in about 4 s.
  await page.getByRole('slider', { name: 'Speed' }).fill('0');
  await timeline.fill('0');
  await page.getByRole('button', { name: 'Replay' }).click();
  await expect(page.getByRole('button', { name: 'Stop replay' })).toBeVisible();
  await expect.poll(async () => Number(await timeline.inputValue())).toBeGreaterThan(0);
  // Once it is seen moving, the fastest speed plays the rest: on a loaded machine the slowest
  // one can take longer than the wait.
  const speed = page.getByRole('slider', { name: 'Speed' });
  await speed.fill((await speed.getAttribute('max')) ?? '100');
  await expect(timeline).toHaveAttribute('aria-valuetext', '200 of 200 events', {
    timeout: 20_000,
  });
  await expect(page.getByRole('button', { name: 'Replay' })).toBeVisible();
  await expect.poll(() => eventCount(page)).toBe(200);
});

test('a flood of events keeps the DOM bounded: at most 200 dots and a virtual log', async ({
  page,
}) => {
  await harness(page);
  await start(page);
  for (let second = 0; second < 3; second++) {
    for (let tick = 0; tick < 10; tick++) {
      await push(page, 100);
      await page.waitForTimeout(100);
    }
  }
  await expect.poll(() => eventCount(page)).toBe(3000);
  const panel = page.locator('eda-flow-panel');
  expect(await panel.locator('.mover').count()).toBeLessThanOrEqual(200);
  expect(
    await panel.getByRole('grid', { name: 'Event log' }).getByRole('row').count(),
  ).toBeLessThan(80);
  await expect(page.getByText('3,000 events')).toBeVisible();
});

test('with reduced motion nothing moves but the same counters show', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await harness(page);
  await start(page);
  await push(page, 120);
  const figure = page.getByRole('figure', { name: 'Event flow' });
  await expect(figure.getByRole('img', { name: /^queue billing: / })).toBeVisible();
  // No dot was ever created: hops flash their line instead.
  expect(await page.locator('eda-flow-panel').locator('.mover').count()).toBe(0);
  await expect(figure).toContainText('published');
});
