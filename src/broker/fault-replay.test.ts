import { describe, expect, it } from 'vitest';
import { startVirtualBroker, type VirtualBroker } from './core/virtual-run';
import { toBuffer } from './core/bytes';
import type { FaultSettings } from './core/fault-settings';
import type { TraceEvent } from './core/trace-event';

/**
 * Faults replay by seed whatever order consumers start in: the fault gate keys each draw by the
 * delivery (message, destination, attempt), not by its place in a sequence. Each model is run
 * with two consumers started in both orders; the faults each delivery met must be identical.
 */
const faults: FaultSettings = { drop: 0.3, duplicate: 0.3, delayMs: 0, jitterMs: 20, reorder: 0 };
const starts = [
  ['a', 'b'],
  ['b', 'a'],
] as const;

/** What each delivery met, independent of the order the trace interleaves consumers in. */
function faultsMet(events: readonly TraceEvent[]): string[] {
  return events
    .filter((e) => e.reason?.startsWith('fault-') === true)
    .map((e) => [e.kind, e.reason, e.messageId, e.from, e.to, e.detail?.delayMs].join('|'))
    .sort();
}

async function redisRun(order: readonly string[]): Promise<VirtualBroker> {
  const vb = startVirtualBroker({ seed: 55, faults });
  for (const name of order) {
    const sub = vb.broker.redis({ connectionName: name });
    await sub.subscribe('news');
  }
  const pub = vb.broker.redis({ connectionName: 'pub' });
  for (let i = 0; i < 30; i++) await pub.publish('news', `n${i}`);
  await vb.run();
  return vb;
}

async function amqpRun(order: readonly string[]): Promise<VirtualBroker> {
  const vb = startVirtualBroker({ seed: 55, faults });
  const publisher = await (await vb.broker.amqp.connect()).createChannel();
  await publisher.assertExchange('orders', 'fanout', { durable: false });
  for (const name of order) {
    const connection = await vb.broker.modulesFor(name).amqplib.connect();
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue(name, { durable: false });
    await channel.bindQueue(queue, 'orders', '');
    await channel.consume(queue, (message) => {
      if (message) channel.ack(message);
    });
  }
  for (let i = 0; i < 30; i++) publisher.publish('orders', '', toBuffer(`o${i}`));
  await vb.run();
  return vb;
}

describe.each([
  ['redis', redisRun],
  ['amqp', amqpRun],
])('%s: the same seed gives the same faults in either start order', (_model, scenario) => {
  it('meets the same drops, duplicates and delays, delivery by delivery', async () => {
    const [first, second] = await Promise.all(starts.map((order) => scenario(order)));
    const met = faultsMet(first!.events);
    expect(met.some((line) => line.startsWith('dropped'))).toBe(true);
    expect(met.some((line) => line.startsWith('duplicated'))).toBe(true);
    expect(faultsMet(second!.events)).toEqual(met);
  });
});
