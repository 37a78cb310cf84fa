import { describe, expect, it } from 'vitest';
import type { FaultSettings } from '../core/fault-settings';
import { createKafkaModel } from './index';
import { createTestContext } from './test-context';

/** One partition holding `values`, a consumer in group `g` reading it from the beginning. */
async function partitionUnderFaults(
  seed: number,
  faults: Partial<FaultSettings>,
  values: string[],
) {
  const t = createTestContext({ seed });
  const kafka = new (createKafkaModel(t.ctx).Kafka)({ clientId: 'app', brokers: ['kafka:9092'] });
  const admin = kafka.admin();
  await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'orders', messages: values.map((value) => ({ value })) });
  t.setFaults(faults);
  const consumer = kafka.consumer({ groupId: 'g' });
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  return { t, consumer };
}

describe('kafka records under faults', () => {
  it('eachBatch: a duplicated record ends its batch and comes again in a batch of its own', async () => {
    const { t, consumer } = await partitionUnderFaults(4, { duplicate: 1 }, ['x', 'y', 'z']);
    const batches: string[][] = [];
    void consumer.run({
      eachBatch: ({ batch }) => {
        batches.push(batch.messages.map((m) => m.offset));
        return Promise.resolve();
      },
    });
    await t.advance(100);
    expect(batches).toEqual([['0'], ['0'], ['1'], ['1'], ['2'], ['2']]);
    expect(t.events.filter((e) => e.reason === 'fault-duplicate')).toHaveLength(3);
  });

  it('eachBatch: a lost fetch hands over what arrived before it; the rest is fetched again', async () => {
    const values = Array.from({ length: 12 }, (_, i) => `v${i}`);
    const { t, consumer } = await partitionUnderFaults(7, { drop: 0.3 }, values);
    const batches: string[][] = [];
    void consumer.run({
      eachBatch: ({ batch }) => {
        batches.push(batch.messages.map((m) => m.value?.toString() ?? ''));
        return Promise.resolve();
      },
    });
    await t.advance(30_000);
    expect(t.events.some((e) => e.reason === 'fault-drop')).toBe(true);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.flat()).toEqual(values);
  });

  it('reorder never reorders a partition: a held record holds back the records behind it', async () => {
    const values = ['a', 'b', 'c', 'd'];
    const { t, consumer } = await partitionUnderFaults(2, { reorder: 1 }, values);
    const seen: { value: string; at: number }[] = [];
    void consumer.run({
      eachMessage: ({ message }) => {
        seen.push({ value: message.value?.toString() ?? '', at: t.scheduler.now() });
        return Promise.resolve();
      },
    });
    await t.advance(1000);
    expect(seen.map((s) => s.value)).toEqual(values);
    expect(t.events.filter((e) => e.reason === 'fault-reorder')).toHaveLength(4);
    // Nothing could overtake, so each record waited out the reorder window (50 ms) in turn.
    expect(seen.map((s) => s.at)).toEqual([50, 100, 150, 200]);
  });
});
