import { createKafkaModel, type KafkaModelOptions } from './index';
import type { EachMessagePayload } from './types';
import { createTestContext } from './test-context';

// What the Kafka model's unit tests share: a model on a virtual clock, a record collector and
// a topic made through the admin client.

export function setup(options: KafkaModelOptions = {}, seed = 1) {
  const t = createTestContext({ seed });
  const model = createKafkaModel(t.ctx, options);
  const kafka = new model.Kafka({ clientId: 'test', brokers: ['localhost:9092'] });
  return { t, model, kafka };
}

export type Seen = { topic: string; partition: number; offset: number; value: string; key: string };

export const idle = (): Promise<void> => Promise.resolve();

export function collector(
  into: Seen[],
  onMessage?: (p: EachMessagePayload) => Promise<void> | void,
) {
  return async (payload: EachMessagePayload): Promise<void> => {
    into.push({
      topic: payload.topic,
      partition: payload.partition,
      offset: Number(payload.message.offset),
      value: payload.message.value?.toString() ?? '',
      key: payload.message.key?.toString() ?? '',
    });
    await onMessage?.(payload);
  };
}

export async function topicWith(
  kafka: ReturnType<typeof setup>['kafka'],
  topic: string,
  partitions: number,
) {
  const admin = kafka.admin();
  await admin.connect();
  const created = await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
  return { admin, created };
}
