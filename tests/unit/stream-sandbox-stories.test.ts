import { describe, expect, it } from 'vitest';
import { loadSandbox } from '../../src/runtime/catalog';
import { consoleInThreads, consoleOf, edited, transcript } from './sandbox-story-kit';

/**
 * What the lessons "Redis Streams" and "NATS and JetStream" tell readers to expect from their
 * sandboxes, proved by running them in Node on the simulator (seed 1).
 */
describe('lesson redis-streams: registration on a stream', () => {
  it('a crashed consumer’s entry waits in the pending list until XAUTOCLAIM hands it to email-2', async () => {
    // In threads: email-1 crashes itself with process.exit(1), which needs a thread of its own.
    const lines = await consoleInThreads(loadSandbox('registration-streams'));
    const text = transcript(lines);
    // Every group reads every entry: the stream keeps them.
    expect(text.filter((l) => l.startsWith('profile: created an empty profile'))).toHaveLength(3);
    expect(text).toContain('analytics: registrations so far: 3');
    // email-1 read Linus's entry (1300-0) and died before XACK.
    expect(text).toContain(
      'email-1: crashed before XACK: entry 1300-0 stays pending under email-1',
    );
    // The entry waits, owned by the dead consumer, its idle time growing, delivered once.
    const waits = text.filter((l) => l.startsWith('email-2: entry 1300-0 pending under email-1'));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits.every((l) => l.endsWith('(delivered 1×)'))).toBe(true);
    // Then email-2 claims it, once it has been idle 3 s, and acknowledges it.
    const claim = lines.find((l) => l.text.startsWith('claimed entry 1300-0 with XAUTOCLAIM'));
    const crash = lines.find((l) => l.text.startsWith('crashed before XACK'));
    expect(claim?.service).toBe('email-2');
    expect(claim!.time - crash!.time).toBeGreaterThanOrEqual(3000);
    expect(text).toContain('email-2: sent, and acknowledged entry 1300-0');
    expect(text.filter((l) => l.includes('sending welcome email to linus'))).toHaveLength(2);
  }, 60_000);

  it('without the crash email-1 acknowledges every entry and email-2 has nothing to claim', async () => {
    const lines = await consoleOf(
      edited('registration-streams', 'email-service.ts', (text) =>
        text.replace("if (user.name === 'Linus') {", "if (user.name === 'nobody') {"),
      ),
    );
    const text = transcript(lines);
    expect(text.filter((l) => l.startsWith('email-1: sent, and acknowledged'))).toHaveLength(3);
    expect(text.some((l) => l.startsWith('email-2: claimed'))).toBe(false);
  }, 60_000);
});

describe('lesson redis-streams: the tasks', () => {
  it('task 2: with minIdleMs 6000 the entry waits in the pending list about twice as long', async () => {
    const lines = await consoleOf(
      edited('registration-streams', 'email-standby.ts', (text) =>
        text.replace('const minIdleMs = 3000;', 'const minIdleMs = 6000;'),
      ),
    );
    const crash = lines.find((l) => l.text.startsWith('crashed before XACK'));
    const claim = lines.find((l) => l.text.startsWith('claimed entry 1300-0'));
    expect(claim!.time - crash!.time).toBeGreaterThanOrEqual(6000);
  }, 60_000);

  it('task 3: without XACK the standby claims the entry again and again, delivering it anew', async () => {
    const lines = await consoleOf(
      edited('registration-streams', 'email-standby.ts', (text) =>
        text.replace('await redis.xack(stream, group, id);', ''),
      ),
    );
    const claims = lines.filter((l) => l.text.startsWith('claimed entry 1300-0'));
    expect(claims.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('lesson nats-and-jetstream: orders on NATS and JetStream', () => {
  it('stock checks time out once the inventory database is down; placed orders are packed once and billed once', async () => {
    const lines = await consoleOf(loadSandbox('orders-nats'));
    const text = transcript(lines);
    expect(text).toContain('order: OrderPlaced o-1 stored in ORDERS as message 1');
    expect(text).toContain('order: OrderPlaced o-2 stored in ORDERS as message 2');
    expect(text).toContain('order: order o-3: poster is out of stock, not placed');
    expect(text).toContain('order: OrderPlaced o-4 stored in ORDERS as message 3');
    expect(text).toContain('order: order o-5: stock check timed out after 500 ms, not placed');
    expect(text).toContain('order: order o-6: stock check timed out after 500 ms, not placed');
    // The timeout is the request's own: 500 ms after the unanswered check.
    const unanswered = lines.find((l) => l.text.startsWith('check 5:'));
    const timedOut = lines.find((l) => l.text.startsWith('order o-5: stock check timed out'));
    expect(timedOut!.time - unanswered!.time).toBe(500);
    // The queue group: each placed order is packed by exactly one of the two packers.
    for (const id of ['o-1', 'o-2', 'o-4']) {
      const packed = lines.filter((l) => l.text.startsWith(`packing ${id}:`));
      expect(packed, id).toHaveLength(1);
      expect(['packer-1', 'packer-2']).toContain(packed[0]!.service);
    }
    // The durable consumer: each stored order charged once, first delivery, acked.
    expect(text.filter((l) => l.startsWith('billing: charged'))).toEqual([
      'billing: charged o-1 (stream message 1, delivery 1)',
      'billing: charged o-2 (stream message 2, delivery 1)',
      'billing: charged o-4 (stream message 3, delivery 1)',
    ]);
  }, 60_000);

  it('with inventory crashed, a stock check fails at once with no responders instead of timing out', async () => {
    const lines = await consoleOf(loadSandbox('orders-nats'), undefined, (line, controls) => {
      if (line.text === 'OrderPlaced o-2 stored in ORDERS as message 2') {
        controls.crashService('inventory');
      }
    });
    const text = transcript(lines);
    expect(text).toContain(
      "order: order o-3: no inventory service is running (no responders: 'inventory.check')",
    );
    expect(text.some((l) => l.includes('timed out'))).toBe(false);
  }, 60_000);

  it('a billing crash before the ack: the durable consumer delivers the order again after ack_wait', async () => {
    let crashed = false;
    const lines = await consoleOf(
      loadSandbox('orders-nats'),
      { seed: 1, durationMs: 20_000, skipIdle: true },
      (line, controls) => {
        if (!crashed && line.text === 'OrderPlaced o-2 stored in ORDERS as message 2') {
          crashed = true;
          controls.crashService('billing');
          controls.restartService('billing');
        }
      },
    );
    const charges = transcript(lines).filter((l) => l.startsWith('billing: charged o-2'));
    expect(charges).toEqual(['billing: charged o-2 (stream message 2, delivery 2)']);
  }, 60_000);

  it('task 4: with the database kept up, every order in stock is placed', async () => {
    const lines = await consoleOf(
      edited('orders-nats', 'inventory-service.ts', (text) =>
        text.replace('if (checks > 4) {', 'if (checks > 99) {'),
      ),
    );
    const placed = transcript(lines).filter((l) => l.startsWith('order: OrderPlaced'));
    expect(placed.map((l) => l.split(' ')[2])).toEqual(['o-1', 'o-2', 'o-4', 'o-5', 'o-6']);
  }, 60_000);
});
