import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
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

// The event-flow view on the e-commerce fan-out, driven the way a reader does: by role and name.

const services = ['inventory', 'notification', 'billing', 'shipping'];

const flow = flowPanel;

async function openAndRun(page: Page, url = 'play/ecommerce/'): Promise<Locator> {
  await page.goto(url);
  const box = sandbox(page);
  await waitForIsland(box);
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  return box;
}

test('Run shows the four services and their queues in the figure and fills the log', async ({
  page,
}) => {
  await openAndRun(page);
  const figure = flow(page).getByRole('figure', { name: 'Event flow' });
  await expect(figure).toBeVisible();
  for (const name of services) {
    await expect(
      figure.getByRole('button', { name: new RegExp(`^service ${name}\\b`) }),
    ).toBeVisible();
    await expect(figure.getByRole('img', { name: new RegExp(`^queue ${name}:`) })).toBeVisible();
  }
  await expect(figure.getByRole('img', { name: /^exchange orders/ })).toBeVisible();
  await expect.poll(() => eventCount(page)).toBeGreaterThan(40);
  // Every delivery is acked in the end (the services ack each order), and the counts agree
  // with the log: four orders, up to four copies each (a consumer that starts late on a busy
  // machine misses what was published before its queue was bound, as on RabbitMQ).
  const caption = figure.locator('figcaption');
  await expect(caption).toContainText(/4 published\s*(\d+) delivered\s*\1 acked/);
  const delivered = Number(/(\d+) delivered/.exec((await caption.textContent()) ?? '')?.[1]);
  expect(delivered).toBeGreaterThanOrEqual(12);
  expect(delivered).toBeLessThanOrEqual(16);
});

test('Pause stops the log, Step adds exactly one event, Resume continues', async ({ page }) => {
  // Orders 1.5 s apart instead of 0.4 s: on a busy machine the click on Pause can land a
  // second or two after Run, and the test needs orders still to come after it. Paused, the
  // services' calls into the broker wait too, so there is always a next event to step.
  const original = readFileSync('sandboxes/ecommerce/order-service.ts', 'utf8');
  const slower = original.replace('setTimeout(resolve, 400)', 'setTimeout(resolve, 1500)');
  expect(slower).not.toBe(original);
  const box = await openAndRun(
    page,
    await sharedUrl('play/ecommerce/', 'ecommerce', { 'order-service.ts': slower }),
  );
  const panel = flow(page);
  await panel.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Resume', exact: true })).toBeEnabled();
  await page.waitForTimeout(1500);
  const paused = await eventCount(page);
  await page.waitForTimeout(1500);
  expect(await eventCount(page)).toBe(paused);

  await panel.getByRole('button', { name: 'Step', exact: true }).click();
  await expect.poll(() => eventCount(page)).toBe(paused + 1);
  await page.waitForTimeout(1000);
  expect(await eventCount(page)).toBe(paused + 1);

  await panel.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect.poll(() => eventCount(page)).toBeGreaterThan(paused + 10);
  await expect(linesOf(box, 'billing').filter({ hasText: 'o-1004' })).toHaveCount(1);
});

test('Duplicate with a fixed seed shows duplicated deliveries and billing charges twice', async ({
  page,
}) => {
  await page.goto('play/ecommerce/');
  const box = sandbox(page);
  await waitForIsland(box);
  const panel = flow(page);
  const faults = panel.getByRole('group', { name: 'Faults' });
  await faults.getByRole('spinbutton', { name: 'Seed' }).fill('7');
  await faults.getByRole('spinbutton', { name: 'Seed' }).press('Enter');
  await faults.getByRole('spinbutton', { name: 'Duplicate chance (%)' }).fill('100');
  await faults.getByRole('spinbutton', { name: 'Duplicate chance (%)' }).press('Enter');
  await faults.getByRole('switch', { name: 'Duplicate' }).check();
  await box.getByRole('button', { name: 'Run', exact: true }).click();

  await expect(linesOf(box, 'billing').filter({ hasText: 'for order o-1001' })).toHaveCount(2);
  await expect(consoleLog(box)).toContainText('o-1004');
  await panel.getByRole('combobox', { name: 'Kind' }).selectOption('duplicated');
  await expect.poll(() => eventCount(page)).toBeGreaterThanOrEqual(16);
  await expect(faults.getByText(/seed 7\b/)).toBeVisible();
  // The settings stay for the next visit of this sandbox.
  await page.reload();
  await waitForIsland(sandbox(page));
  await sandbox(page).getByRole('button', { name: 'Run', exact: true }).click();
  const again = flow(page).getByRole('group', { name: 'Faults' });
  await expect(again.getByRole('switch', { name: 'Duplicate' })).toBeChecked();
  await expect(again.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('7');
});

// Billing acks only after 4 s, so a crash finds its delivery unacked (RabbitMQ requeues it).
const slowBilling = `import amqp from 'amqplib';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('orders', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('billing', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(1);
await channel.consume(queue, (msg) => {
  if (!msg) return;
  const order = JSON.parse(msg.content.toString());
  console.log(\`charging \${order.orderId} (redelivered: \${msg.fields.redelivered})\`);
  setTimeout(() => channel.ack(msg), 4000);
});
console.log('waiting for orders on queue billing');
`;

test('a crashed consumer leaves its messages in its queue; after Restart they come back redelivered', async ({
  page,
}) => {
  const url = await sharedUrl('play/ecommerce/', 'ecommerce', {
    'billing-service.ts': slowBilling,
  });
  const box = await openAndRun(page, url);
  await expect(
    linesOf(box, 'billing').filter({ hasText: 'charging o-1001 (redelivered: false)' }),
  ).toHaveCount(1);

  const panel = flow(page);
  const faults = panel.getByRole('group', { name: 'Faults' });
  await faults.getByRole('combobox', { name: 'Consumer' }).selectOption('billing');
  await faults.getByRole('button', { name: 'Crash consumer' }).click();
  const figure = panel.getByRole('figure', { name: 'Event flow' });
  // All four orders wait in billing's queue: o-1001 requeued, the rest never delivered.
  await expect(
    figure.getByRole('img', { name: /^queue billing: 4 ready · 0 unacked/ }),
  ).toBeVisible();
  await expect(figure.getByRole('button', { name: /^service billing/ })).toHaveAccessibleName(
    /crashed/,
  );

  await faults.getByRole('button', { name: 'Restart consumer' }).click();
  await expect(
    linesOf(box, 'billing').filter({ hasText: 'charging o-1001 (redelivered: true)' }),
  ).toHaveCount(1);
  await panel.getByRole('combobox', { name: 'Kind' }).selectOption('redelivered');
  await expect.poll(() => eventCount(page)).toBeGreaterThanOrEqual(1);
  const grid = panel.getByRole('grid', { name: 'Event log' });
  await grid.getByRole('row').nth(1).click();
  const details = panel.getByRole('region', { name: 'Message details' });
  await expect(details).toContainText('redelivered');
  await expect(
    details
      .getByRole('definition')
      .filter({ hasText: /^true$/ })
      .first(),
  ).toBeVisible();
  await expect(details).toContainText('requeued');
});

for (const theme of ['light', 'dark'] as const) {
  test(`the page has no axe violations during a run (${theme})`, async ({ page }) => {
    await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
    await openAndRun(page);
    await expect.poll(() => eventCount(page)).toBeGreaterThan(20);
    // Select a message so the details pane and the highlighted path are checked too.
    await flow(page).getByRole('grid', { name: 'Event log' }).getByRole('row').nth(1).click();
    // The site header (Starlight's search button) is the shell's, checked by accessibility.spec.
    const results = await new AxeBuilder({ page }).exclude('header').analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
      ),
    ).toEqual([]);
  });
}

test('a broker restart ends the consumers that do not listen for connection errors, in their own console lines', async ({
  page,
}) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const box = await openAndRun(page);
  await expect(linesOf(box, 'billing').filter({ hasText: 'o-1004' })).toHaveCount(1);
  const faults = flow(page).getByRole('group', { name: 'Faults' });
  await faults.getByRole('button', { name: 'Restart broker' }).click();
  await expect(consoleLog(box)).toContainText('RabbitMQ restarted: every connection closed');
  // amqplib's connection is an EventEmitter: an 'error' nobody listens for ends the process.
  for (const service of services) {
    await expect(
      linesOf(box, service).filter({ hasText: /Uncaught Error: Connection closed: 320/ }),
    ).toHaveCount(1);
  }
  expect(pageErrors).toEqual([]);
});

test('with the default seed and Duplicate on, billing gets o-1001 and o-1002 twice, run after run (as the lesson says)', async ({
  page,
}) => {
  await page.goto('lessons/delivery-guarantees/');
  const box = sandbox(page, 'OrderPlaced fanned out to four services');
  await box.scrollIntoViewIfNeeded();
  await waitForIsland(box);
  const panel = box.locator('eda-flow-panel');
  // The flow view is a collapsed section on lesson pages: open it as a reader would.
  await box.locator('summary', { hasText: 'Event flow' }).click();
  const faults = panel.getByRole('group', { name: 'Faults' });
  await expect(faults.getByRole('spinbutton', { name: 'Seed' })).toHaveValue('55');
  await faults.getByRole('switch', { name: 'Duplicate' }).check();
  for (let run = 0; run < 2; run += 1) {
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(consoleLog(box)).toContainText('o-1004');
    const billing = linesOf(box, 'billing');
    await expect(billing.filter({ hasText: /charged .* for order o-1004/ })).toHaveCount(1);
    await expect(billing.filter({ hasText: /charged .* for order o-1001/ })).toHaveCount(2);
    await expect(billing.filter({ hasText: /charged .* for order o-1002/ })).toHaveCount(2);
    await expect(billing.filter({ hasText: /charged .* for order o-1003/ })).toHaveCount(1);
    await box.getByRole('button', { name: 'Stop' }).click();
  }
});
