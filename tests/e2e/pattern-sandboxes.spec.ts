import { expect, test } from '@playwright/test';
import { linesOf, sandbox, waitForIsland } from './sandbox-helpers';

/**
 * Each pattern sandbox runs in the browser (sandbox frame, broker worker, a worker per service)
 * and reaches a line of its story. The stories themselves are asserted in Node, line by line,
 * by tests/unit/pattern-sandboxes.test.ts; this proves the same code runs in the page.
 */
const stories: readonly { id: string; service: string; line: string | RegExp }[] = [
  { id: 'event-sourced-account', service: 'atm', line: 'version conflict at v6' },
  { id: 'retries-and-dlq', service: 'payment', line: 'charged o-3: 12.50' },
  {
    id: 'ordering-per-key',
    service: 'auditor',
    line: /checked 12 applied events: [1-9]\d* out of order/,
  },
  { id: 'notification-vs-state', service: 'invoice', line: '(notified of v1: read a later state)' },
  { id: 'schema-evolution', service: 'billing', line: 'cannot invoice offset 2' },
  { id: 'order-saga', service: 'payment', line: 'o-3: refunded 55 (compensation)' },
  { id: 'order-saga-orchestrated', service: 'orchestrator', line: 'o-3: refunding → cancelled' },
  { id: 'tracing-async-flows', service: 'tracer', line: '└ shipping: book courier' },
  {
    id: 'cqrs-orders',
    service: 'dashboard',
    line: 'read model: o-1 paid, o-2 placed; lag 0 events',
  },
];

for (const { id, service, line } of stories) {
  test(`${id}: Run tells its story in the browser`, async ({ page }) => {
    await page.goto(`play/${id}/`);
    const box = sandbox(page);
    await waitForIsland(box);
    await box.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(linesOf(box, service).filter({ hasText: line }).first()).toBeVisible({
      timeout: 30_000,
    });
  });
}
