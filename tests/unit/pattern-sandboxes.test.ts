import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { loadSandbox } from '../../src/runtime/catalog';
import type {
  OutputLine,
  RunControls,
  RunOptions,
  SandboxSource,
} from '../../src/runtime/contract';
import { playbackScheduler, simulatedBroker } from '../../src/runtime/host/broker-adapter';
import { inProcessTransport } from '../../src/runtime/host/in-process-transport';
import { startRun } from '../../src/runtime/host/start-run';

/**
 * The pattern sandboxes' stories, proved by running them in Node: each lesson says what to watch
 * for and which fault or edit to try, and these tests hold the sandbox to it. If a prediction
 * stops coming true, the test's name is the lesson's claim.
 */
async function consoleOf(
  source: SandboxSource,
  extra: Partial<RunOptions> = {},
  /** What the reader does while it runs: called on every line, as the line is printed. */
  react?: (line: OutputLine, controls: RunControls) => void,
): Promise<readonly OutputLine[]> {
  const session = startRun(
    source,
    // Seed 55 is the fault panel's default (src/sandbox/flow/fault-preferences.ts): what a
    // reader who just presses Run sees.
    { seed: 55, durationMs: 30_000, skipIdle: true, ...extra },
    {
      spawn: () => inProcessTransport(),
      createBroker: simulatedBroker,
      createScheduler: playbackScheduler,
    },
  );
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  if (react) session.output$.subscribe((line) => react(line, session.controls));
  const result = await session.finished;
  expect(result.failures).toEqual([]);
  return lines;
}

/** The sandbox with one file's text changed as the lesson tells the reader to. */
function edited(id: string, file: string, from: string, to: string): SandboxSource {
  const source = loadSandbox(id);
  const text = source.files[file];
  if (text === undefined) throw new Error(`${id} has no ${file}`);
  if (!text.includes(from)) throw new Error(`${id}/${file} no longer contains ${from}`);
  return { ...source, files: { ...source.files, [file]: text.replace(from, to) } };
}

const of = (lines: readonly OutputLine[], service: string): string[] =>
  lines.filter((l) => l.service === service).map((l) => l.text);

/** The numbers a regular expression's first group captures, line by line. */
const numbers = (texts: readonly string[], pattern: RegExp): number[] =>
  texts.flatMap((t) => {
    const match = pattern.exec(t);
    return match ? [Number(match[1])] : [];
  });

describe('lesson event-sourcing: event-sourced-account', () => {
  const appendedSum = (lines: readonly OutputLine[]): number => {
    const appended = [...of(lines, 'teller'), ...of(lines, 'atm')];
    const deposits = numbers(appended, /^appended v\d+ MoneyDeposited (\d+)/);
    const withdrawals = numbers(appended, /^appended v\d+ MoneyWithdrawn (\d+)/);
    return deposits.reduce((a, b) => a + b, 0) - withdrawals.reduce((a, b) => a + b, 0);
  };

  it('the version check lets only one of two concurrent withdrawals in, and the loser is rejected on reload', async () => {
    const lines = await consoleOf(loadSandbox('event-sourced-account'));
    const atm = of(lines, 'atm');
    expect(atm.filter((t) => t.startsWith('version conflict at v6'))).toHaveLength(1);
    expect(atm).toContain('rejected withdraw: insufficient funds: balance 65, asked 120');
    expect(of(lines, 'teller')).toContain('appended v6 MoneyWithdrawn 80');
  }, 60_000);

  it('the statement rebuilt from the log equals the sum of the appended events, and loads use the snapshot', async () => {
    const lines = await consoleOf(loadSandbox('event-sourced-account'));
    const rebuilt = numbers(of(lines, 'statement'), /^rebuilt from 8 events: balance (-?\d+)/);
    expect(rebuilt).toEqual([appendedSum(lines)]);
    expect(rebuilt).toEqual([95]);
    expect(of(lines, 'teller')).toContain('loaded v7 from snapshot v6 + 1 events: balance 105');
  }, 60_000);

  it('without snapshots every load folds the whole stream, and the balance is the same', async () => {
    const lines = await consoleOf(
      edited('event-sourced-account', 'snapshotter.ts', 'const every = 3;', 'const every = 1000;'),
    );
    expect(of(lines, 'snapshotter')).toEqual([]);
    expect(of(lines, 'teller')).toContain('loaded v7 from the start + 7 events: balance 105');
    expect(numbers(of(lines, 'statement'), /^rebuilt from 8 events: balance (-?\d+)/)).toEqual([
      95,
    ]);
  }, 60_000);

  it('a statement restarted from nothing rebuilds the same balance from the log', async () => {
    let restarted = false;
    const lines = await consoleOf(loadSandbox('event-sourced-account'), {}, (line, controls) => {
      if (line.service === 'statement' && line.text.startsWith('rebuilt') && !restarted) {
        restarted = true;
        controls.restartService('statement');
      }
    });
    expect(numbers(of(lines, 'statement'), /^rebuilt from 8 events: balance (-?\d+)/)).toEqual([
      95, 95,
    ]);
  }, 60_000);
});

describe('lesson delivery-guarantees: retries-and-dlq', () => {
  const charged = (lines: readonly OutputLine[], orderId: string) =>
    of(lines, 'payment').filter((t) => t.includes(`charged ${orderId}:`));

  it('transient failures wait in retry queues with growing, jittered delays, then succeed; the poison message is parked at once', async () => {
    const lines = await consoleOf(loadSandbox('retries-and-dlq'));
    const payment = of(lines, 'payment');
    const waits = (orderId: string) =>
      numbers(
        payment.filter((t) => t.includes(`${orderId} failed`)),
        /retry \d in (\d+) ms/,
      );
    expect(waits('o-1')).toHaveLength(3);
    // Each wait is 1 s, 2 s, 4 s times a jitter factor between 1 and 2.
    waits('o-1').forEach((wait, i) => {
      expect(wait).toBeGreaterThanOrEqual(1000 * 2 ** i);
      expect(wait).toBeLessThanOrEqual(2000 * 2 ** i);
    });
    expect(waits('o-2')[0]).not.toBe(waits('o-1')[0]);
    expect(charged(lines, 'o-1')).toHaveLength(1);
    expect(charged(lines, 'o-2')).toHaveLength(1);
    expect(charged(lines, 'o-4')).toHaveLength(1);
    expect(waits('o-3')).toEqual([]);
    expect(payment.filter((t) => t.includes('o-3 parked in payments.dlq'))).toHaveLength(1);
    // The operator repairs and replays it: charged once, at the replay.
    expect(of(lines, 'operator')).toContain('09:00:15 replayed 1 messages from payments.dlq');
    expect(charged(lines, 'o-3')).toEqual(['09:00:15 charged o-3: 12.50']);
  }, 60_000);

  it('a replay without the fix parks the poison message again', async () => {
    const lines = await consoleOf(
      edited('retries-and-dlq', 'dlq-replay.ts', 'const order = repair(', 'const order = ('),
    );
    expect(
      of(lines, 'payment').filter((t) => t.includes('o-3 parked in payments.dlq')),
    ).toHaveLength(2);
    expect(charged(lines, 'o-3')).toEqual([]);
  }, 60_000);

  it('a payment service crashed while a message waits in a retry queue loses nothing', async () => {
    let crashed = false;
    const lines = await consoleOf(loadSandbox('retries-and-dlq'), {}, (line, controls) => {
      if (
        !crashed &&
        line.service === 'payment' &&
        line.text.includes('o-1 failed') &&
        line.text.includes('retry 3')
      ) {
        crashed = true;
        controls.crashService('payment');
        controls.restartService('payment');
      }
    });
    expect(crashed).toBe(true);
    expect(charged(lines, 'o-1')).toHaveLength(1);
    expect(charged(lines, 'o-2')).toHaveLength(1);
  }, 60_000);
});

describe('lesson ordering: ordering-per-key', () => {
  const summary = (lines: readonly OutputLine[]) =>
    numbers(of(lines, 'auditor'), /^checked 12 applied events: (\d+) out of order/);
  const keyed = () =>
    edited('ordering-per-key', 'producer.ts', 'const useKeys = false;', 'const useKeys = true;');

  it("without keys, three competing workers apply one customer's events out of order, and the sequence numbers show it", async () => {
    const lines = await consoleOf(loadSandbox('ordering-per-key'));
    expect(summary(lines)).toHaveLength(1);
    expect(summary(lines)[0]).toBeGreaterThan(0);
    expect(
      of(lines, 'auditor').some((t) => /: late, a newer address was overwritten$/.test(t)),
    ).toBe(true);
    expect(of(lines, 'auditor').some((t) => /: gap, #\d not applied yet$/.test(t))).toBe(true);
  }, 60_000);

  it.each([55, 1, 2, 3])(
    "with keys, each customer's events stay in order (seed %i)",
    async (seed) => {
      const lines = await consoleOf(keyed(), { seed });
      expect(summary(lines)).toEqual([0]);
      expect(of(lines, 'producer')[0]).toMatch(/^sent 12 events keyed by customer/);
    },
    60_000,
  );

  it('keys do not stop duplicates: with Duplicate on, the auditor flags a sequence number seen twice', async () => {
    const lines = await consoleOf(keyed(), {
      faults: { drop: 0, duplicate: 0.3, delayMs: 0, jitterMs: 0, reorder: 0 },
    });
    expect(of(lines, 'auditor').some((t) => t.endsWith('again: a duplicate'))).toBe(true);
    expect(of(lines, 'auditor').some((t) => /late|gap/.test(t))).toBe(false);
  }, 60_000);
});

describe('lesson notification-vs-state-transfer: notification-vs-state', () => {
  it('the thin consumer calls back once per notification and once per invoice, and reads a later state than it was told of; the state consumer never calls', async () => {
    const lines = await consoleOf(loadSandbox('notification-vs-state'));
    const invoice = of(lines, 'invoice');
    expect(invoice).toContain(
      'c-1 changed; called back, got v2: 1 Old Street, Flat 2 (notified of v1: read a later state)',
    );
    expect(invoice).toContain('5 calls to the customer service');
    expect(of(lines, 'customer')).toContain('served 5 calls for customer data');
    const shipping = of(lines, 'shipping');
    expect(shipping).toContain('copy of c-1 is now v1: 1 Old Street');
    expect(shipping).toContain('parcel for c-1 labelled 1 Old Street, Flat 2 (local copy v2)');
    expect(shipping).toContain('0 calls to the customer service');
  }, 60_000);

  it('with the customer service crashed, the invoice run fails and the dispatch run works from its copies', async () => {
    let crashed = false;
    const lines = await consoleOf(loadSandbox('notification-vs-state'), {}, (line, controls) => {
      if (
        !crashed &&
        line.service === 'invoice' &&
        line.text.startsWith('c-2 changed; called back')
      ) {
        crashed = true;
        controls.crashService('customer');
      }
    });
    expect(crashed).toBe(true);
    const errors = lines
      .filter((l) => l.service === 'invoice' && l.level === 'error')
      .map((l) => l.text);
    expect(errors).toEqual([
      'no invoice for c-1: the customer service did not answer in 1000 ms',
      'no invoice for c-2: the customer service did not answer in 1000 ms',
    ]);
    expect(of(lines, 'shipping')).toContain(
      'parcel for c-2 labelled 7 Harbour Road (local copy v1)',
    );
  }, 60_000);
});

describe('lesson schemas-and-versioning: schema-evolution', () => {
  it('the v1 reader breaks on the first v2 event and its partition is stuck behind it; the upcasting ledger reads both', async () => {
    const lines = await consoleOf(loadSandbox('schema-evolution'));
    const billing = lines.filter((l) => l.service === 'billing');
    expect(billing.filter((l) => l.level === 'log').map((l) => l.text)).toEqual([
      'invoiced o-1: 42.50 EUR',
      'invoiced o-2: 19.90 EUR',
    ]);
    const errors = billing.filter((l) => l.level === 'error').map((l) => l.text);
    // kafkajs retries the same message: more than one attempt, all on offset 2 (o-3).
    expect(errors.length).toBeGreaterThan(2);
    expect(new Set(errors)).toEqual(
      new Set(["cannot invoice offset 2: Cannot read properties of undefined (reading 'toFixed')"]),
    );
    expect(of(lines, 'ledger')).toEqual([
      'booked o-1 (read as v1): 42.50 EUR; totals 42.50 EUR',
      'booked o-2 (read as v1): 19.90 EUR; totals 62.40 EUR',
      'booked o-3 (read as v2): 12.50 GBP; totals 62.40 EUR, 12.50 GBP',
      'booked o-4 (read as v2): 7.00 EUR; totals 69.40 EUR, 12.50 GBP',
    ]);
  }, 60_000);
});

describe('lesson ecommerce-orders: order-saga and order-saga-orchestrated', () => {
  const finalLine =
    'final: o-1 completed; o-2 cancelled (PaymentFailed: card declined); o-3 cancelled (PaymentRefunded: out of stock, refunded)';
  const duplicates = { drop: 0, duplicate: 0.3, delayMs: 0, jitterMs: 0, reorder: 0 };

  it('choreography: a declined card cancels its order; no stock makes payment refund (the compensation) before the order is cancelled', async () => {
    const lines = await consoleOf(loadSandbox('order-saga'));
    expect(of(lines, 'order')).toContain(finalLine);
    expect(of(lines, 'payment')).toContain('o-3: refunded 55 (compensation)');
    expect(of(lines, 'payment')).not.toContain('o-2: charged 30');
    expect(of(lines, 'shipping')).toEqual(['o-1: shipment scheduled']);
  }, 60_000);

  it('choreography with Duplicate on: shipping schedules o-1 twice, because no step is idempotent', async () => {
    const lines = await consoleOf(loadSandbox('order-saga'), { faults: duplicates });
    expect(of(lines, 'shipping')).toEqual(['o-1: shipment scheduled', 'o-1: shipment scheduled']);
  }, 60_000);

  it('orchestration: the same outcomes, every step taken by the orchestrator, refund included', async () => {
    const lines = await consoleOf(loadSandbox('order-saga-orchestrated'));
    const orchestrator = of(lines, 'orchestrator');
    expect(orchestrator).toContain(
      'final: o-1 completed; o-2 cancelled (card declined); o-3 cancelled (refunded after: out of stock)',
    );
    expect(orchestrator).toContain('o-3: reserving → refunding (no lamp in stock)');
    expect(of(lines, 'payment')).toContain('o-3: refunded 55 (compensation)');
  }, 60_000);

  it('orchestration with Duplicate on: duplicate replies are ignored, shipping is asked once, the outcomes hold', async () => {
    const lines = await consoleOf(loadSandbox('order-saga-orchestrated'), { faults: duplicates });
    const orchestrator = of(lines, 'orchestrator');
    expect(orchestrator.some((t) => /^o-\d: ignored \w+ while \w+$/.test(t))).toBe(true);
    expect(orchestrator).toContain(
      'final: o-1 completed; o-2 cancelled (card declined); o-3 cancelled (refunded after: out of stock)',
    );
    expect(of(lines, 'shipping')).toEqual(['o-1: shipment scheduled']);
  }, 60_000);
});

describe('lesson observability-and-debugging: tracing-async-flows', () => {
  /** The tree lines of each trace the tracer drew, keyed by its correlation id. */
  const trees = (lines: readonly OutputLine[]) => {
    const drawn = new Map<string, string[]>();
    let current: string[] = [];
    for (const text of of(lines, 'tracer')) {
      const header = /^trace [0-9a-f]{8}… \(correlation-id (o-\d)\): 4 spans/.exec(text);
      if (header) drawn.set(header[1]!, (current = []));
      else current.push(text);
    }
    return drawn;
  };

  it('the tracer rebuilds each order as one chain checkout → payment → inventory → shipping from the headers', async () => {
    const lines = await consoleOf(loadSandbox('tracing-async-flows'));
    const drawn = trees(lines);
    expect([...drawn.keys()]).toEqual(['o-1', 'o-2']);
    for (const tree of drawn.values()) {
      expect(tree.map((t) => t.replace(/ \(.*$/, ''))).toEqual([
        'checkout: place order',
        '  └ payment: charge card',
        '    └ inventory: reserve stock',
        '      └ shipping: book courier',
      ]);
      expect(numbers(tree, /waited (\d+) ms/)).toEqual([0, 0, 0]);
    }
    // Causation: payment's span names the event checkout printed for that order.
    const placed = of(lines, 'checkout').find((t) => t.startsWith('placed o-1'))!;
    const eventId = /event (evt-[0-9a-f]{8})$/.exec(placed)![1];
    expect(drawn.get('o-1')![1]).toContain(`caused by ${eventId}`);
  }, 60_000);

  it('with Delay on, the trace shows the time each event waited between services', async () => {
    const lines = await consoleOf(loadSandbox('tracing-async-flows'), {
      faults: { drop: 0, duplicate: 0, delayMs: 300, jitterMs: 200, reorder: 0 },
    });
    expect([...trees(lines).keys()]).toEqual(['o-1', 'o-2']);
    for (const tree of trees(lines).values()) {
      const waits = numbers(tree, /waited (\d+) ms/);
      expect(waits).toHaveLength(3);
      for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(300);
    }
  }, 60_000);
});

describe('lesson cqrs: cqrs-orders', () => {
  const dashboard = (lines: readonly OutputLine[]) =>
    lines
      .filter((l) => l.service === 'dashboard')
      .map((l) => ({
        time: l.time,
        text: l.text,
        lag: numbers([l.text], /lag (\d+) events$/)[0]!,
      }));
  const finalView = 'read model: o-1 shipped, o-2 shipped, o-3 paid; lag 0 events';

  it('the projector keeps the read model current: lag at most 1 at every tick, 0 at the end, the final view matches the commands', async () => {
    const lines = await consoleOf(loadSandbox('cqrs-orders'));
    // A tick at the instant an event is written sees it before the projector commits it.
    expect(dashboard(lines).every((d) => d.lag <= 1)).toBe(true);
    expect(dashboard(lines).at(-1)!.lag).toBe(0);
    expect(dashboard(lines).at(-1)!.text).toBe(finalView);
    expect(of(lines, 'orders')).toContain('refused ShipOrder o-2 (it is placed)');
  }, 60_000);

  it('with the projector crashed the view goes stale and the lag grows; restarted, it catches up and the lag returns to 0', async () => {
    const lines = await consoleOf(loadSandbox('cqrs-orders'), {}, (line, controls) => {
      if (line.service !== 'dashboard') return;
      if (line.time === 2000) controls.crashService('projector');
      if (line.time === 6000) controls.restartService('projector');
    });
    const ticks = dashboard(lines);
    const during = ticks.filter((d) => d.time > 2000 && d.time <= 6000);
    expect(during.map((d) => d.lag)).toEqual([...during.map((d) => d.lag)].sort((a, b) => a - b));
    expect(Math.max(...during.map((d) => d.lag))).toBeGreaterThanOrEqual(5);
    // Stale: o-1 was shipped at 4.5 s, but the view still says what it knew at the crash.
    expect(ticks.find((d) => d.time === 6000)!.text).toBe('read model: o-1 placed; lag 7 events');
    // The restarted member gets the partitions once the group drops the dead one (6 s session
    // timeout), then replays from the last committed offset.
    expect(ticks.find((d) => d.time === 8000)!.lag).toBe(7);
    expect(ticks.find((d) => d.time === 9000)!.text).toBe(finalView);
    expect(ticks.at(-1)!.text).toBe(finalView);
  }, 60_000);
});
