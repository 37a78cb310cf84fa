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

/**
 * Runs one due time at a time, promises settled between: a Kafka consumer's fetch loop awaits
 * its handler between deliveries, as it would on real time.
 */
async function runStepwise(vb: VirtualBroker, untilMs: number): Promise<void> {
  for (let next = vb.scheduler.actions[0]; next; next = vb.scheduler.actions[0]) {
    if (next.delay > untilMs) break;
    await vb.run(next.delay);
  }
  await vb.run(untilMs);
}

/**
 * Two consumer groups read one two-partition topic from the beginning, each with one member
 * (named after its group unless `clientId` names both); half the records are on the log before the groups start, half come while they consume.
 */
async function kafkaRun(order: readonly string[], clientId?: string): Promise<VirtualBroker> {
  const vb = startVirtualBroker({ seed: 55, faults });
  const kafka = new (vb.broker.modulesFor('orders').kafkajs.Kafka)({ brokers: ['kafka:9092'] });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
  const producer = kafka.producer();
  await producer.connect();
  const send = (from: number) =>
    producer.send({
      topic: 'orders',
      messages: Array.from({ length: 15 }, (_, i) => ({
        key: `c${(from + i) % 4}`,
        value: `o${from + i}`,
      })),
    });
  await send(0);
  for (const name of order) {
    const { Kafka } = vb.broker.modulesFor(name).kafkajs;
    const config = clientId === undefined ? {} : { clientId };
    const consumer = new Kafka({ ...config, brokers: ['kafka:9092'] }).consumer({ groupId: name });
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    void consumer.run({ eachMessage: () => Promise.resolve() });
  }
  await runStepwise(vb, 500);
  await send(15);
  await runStepwise(vb, 60_000);
  return vb;
}

describe.each([
  ['redis', redisRun],
  ['amqp', amqpRun],
  ['kafka', kafkaRun],
])('%s: the same seed gives the same faults in either start order', (_model, scenario) => {
  it('meets the same drops, duplicates and delays, delivery by delivery', async () => {
    const [first, second] = await Promise.all(starts.map((order) => scenario(order)));
    const met = faultsMet(first!.events);
    expect(met.some((line) => line.startsWith('dropped'))).toBe(true);
    expect(met.some((line) => line.startsWith('duplicated'))).toBe(true);
    expect(faultsMet(second!.events)).toEqual(met);
  });
});

/** Like {@link faultsMet}, each consumer's endpoint replaced by its group. */
function faultsMetByGroup(events: readonly TraceEvent[]): string[] {
  const groupOf = new Map<string, unknown>();
  for (const e of events) if (e.kind === 'delivered') groupOf.set(e.to, e.detail?.['groupId']);
  return events
    .filter((e) => e.reason?.startsWith('fault-') === true)
    .map((e) =>
      [e.kind, e.reason, e.messageId, e.from, groupOf.get(e.to), e.detail?.delayMs].join('|'),
    )
    .sort();
}

describe('kafka: consumers of two groups that share one clientId', () => {
  it('each record meets the same faults in each group, in either start order', async () => {
    // The second consumer made is traced as `consumer:shop#2`, which one that is depends on
    // the start order: the faults must follow the group, not the trace label.
    const [first, second] = await Promise.all(starts.map((order) => kafkaRun(order, 'shop')));
    const met = faultsMetByGroup(first!.events);
    expect(met.some((line) => line.startsWith('dropped'))).toBe(true);
    expect(met.some((line) => line.startsWith('duplicated'))).toBe(true);
    expect(faultsMetByGroup(second!.events)).toEqual(met);
  });
});
