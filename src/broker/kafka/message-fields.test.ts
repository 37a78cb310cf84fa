import { describe, expect, it } from 'vitest';
import { createKafkaModel } from './index';
import { createTestContext } from './test-context';
import type { Batch, KafkaMessage } from './types';

describe('kafkajs message and batch fields (src/protocol/recordBatch/record/v0/decoder.js, src/consumer/batch.js)', () => {
  it('messages carry magicByte 2 and isControlRecord false; batches fetchedOffset and the isEmpty variants', async () => {
    const t = createTestContext();
    const { Kafka } = createKafkaModel(t.ctx);
    const kafka = new Kafka({ clientId: 'fields', brokers: ['localhost:9092'] });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'f', messages: [{ value: 'a' }, { value: 'b' }] });
    const consumer = kafka.consumer({ groupId: 'g' });
    await consumer.subscribe({ topics: ['f'], fromBeginning: true });
    const seen: { batch: Batch; messages: KafkaMessage[] }[] = [];
    void consumer.run({
      eachBatch: ({ batch }) => {
        seen.push({ batch, messages: batch.messages });
        return Promise.resolve();
      },
    });
    await t.advance(10);
    const [{ batch, messages } = { batch: undefined, messages: [] }] = seen;
    expect(
      messages.map(({ magicByte, isControlRecord, offset }) => [
        magicByte,
        isControlRecord,
        offset,
      ]),
    ).toEqual([
      [2, false, '0'],
      [2, false, '1'],
    ]);
    expect(batch?.fetchedOffset).toBe('0');
    expect([
      batch?.isEmpty(),
      batch?.isEmptyIncludingFiltered(),
      batch?.isEmptyDueToFiltering(),
      batch?.isEmptyControlRecord(),
      batch?.isEmptyDueToLogCompactedMessages(),
    ]).toEqual([false, false, false, false, false]);
  });
});
