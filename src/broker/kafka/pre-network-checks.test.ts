/**
 * Every check kafkajs makes before it touches the network, called with the same bad input on
 * kafkajs's own client (the devDependency, pointed at a port where nothing listens) and on the
 * simulator: the error's class name, message and retriable flag must be equal, and whether it
 * was thrown at once or as a rejection. Each case names the kafkajs source file of its check
 * (paths inside the kafkajs 2.2 package).
 */
import { existsSync } from 'node:fs';
import { Kafka as RealKafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createKafkaModel } from './index';
import { createTestContext } from './test-context';

/** Loosely typed, since every case passes what the typings forbid. */
type Loose = Record<string, (...args: unknown[]) => unknown>;
interface Clients {
  readonly kafka: Loose;
  readonly producer: Loose;
  readonly consumer: Loose;
  readonly admin: Loose;
}

interface Case {
  readonly name: string;
  /** The kafkajs file whose check this is. */
  readonly source: string;
  readonly call: (clients: Clients) => unknown;
}

const noop = () => undefined;
const value = [{ value: 'x' }];

const cases: readonly Case[] = [
  // src/consumer/index.js
  {
    name: 'consumer without groupId',
    source: 'src/consumer/index.js',
    call: ({ kafka }) => kafka['consumer']!({}),
  },
  {
    name: 'consumer with an empty groupId',
    source: 'src/consumer/index.js',
    call: ({ kafka }) => kafka['consumer']!({ groupId: '' }),
  },
  {
    name: 'consumer heartbeatInterval not below sessionTimeout',
    source: 'src/consumer/index.js',
    call: ({ kafka }) =>
      kafka['consumer']!({ groupId: 'g', heartbeatInterval: 3000, sessionTimeout: 3000 }),
  },
  {
    name: 'consumer.on with an unknown event',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['on']!('consumer.nope', noop),
  },
  {
    name: 'subscribe without topics',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['subscribe']!({}),
  },
  {
    name: 'subscribe with topics not an array',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['subscribe']!({ topics: 'orders' }),
  },
  {
    name: 'subscribe with a number for a topic',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['subscribe']!({ topics: ['a', 42] }),
  },
  {
    name: 'seek without topic',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['seek']!({ partition: 0, offset: '0' }),
  },
  {
    name: 'seek with a partition that is not a number',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['seek']!({ topic: 't', partition: 'x', offset: '0' }),
  },
  {
    name: 'seek with an offset that is not a long',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['seek']!({ topic: 't', partition: 0, offset: {} }),
  },
  {
    name: 'seek to a negative offset',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['seek']!({ topic: 't', partition: 0, offset: '-5' }),
  },
  {
    name: 'seek before run',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['seek']!({ topic: 't', partition: 0, offset: '3' }),
  },
  {
    name: 'pause an entry without topic',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['pause']!([{}]),
  },
  {
    name: 'pause with partitions not an array',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['pause']!([{ topic: 't', partitions: 1 }]),
  },
  {
    name: 'pause before run',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['pause']!([{ topic: 't' }]),
  },
  {
    name: 'resume with a partition that is not a number',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['resume']!([{ topic: 't', partitions: ['x'] }]),
  },
  {
    name: 'resume before run',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['resume']!([{ topic: 't' }]),
  },
  {
    name: 'commitOffsets without topic',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['commitOffsets']!([{ partition: 0, offset: '1' }]),
  },
  {
    name: 'commitOffsets with a negative offset',
    source: 'src/consumer/index.js',
    call: ({ consumer }) =>
      consumer['commitOffsets']!([{ topic: 't', partition: 0, offset: '-1' }]),
  },
  {
    name: 'commitOffsets with metadata not a string',
    source: 'src/consumer/index.js',
    call: ({ consumer }) =>
      consumer['commitOffsets']!([{ topic: 't', partition: 0, offset: '1', metadata: 5 }]),
  },
  {
    name: 'commitOffsets before run',
    source: 'src/consumer/index.js',
    call: ({ consumer }) => consumer['commitOffsets']!([{ topic: 't', partition: 0, offset: '1' }]),
  },
  // src/producer/index.js and src/producer/messageProducer.js
  {
    name: 'idempotent producer without retries',
    source: 'src/producer/index.js',
    call: ({ kafka }) => kafka['producer']!({ idempotent: true, retry: { retries: 0 } }),
  },
  {
    name: 'producer.on with an unknown event',
    source: 'src/producer/index.js',
    call: ({ producer }) => producer['on']!('producer.nope', noop),
  },
  {
    name: 'send with an empty topic',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['send']!({ topic: '', messages: value }),
  },
  {
    name: 'send without messages',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['send']!({ topic: 't' }),
  },
  {
    name: 'send a message without value',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['send']!({ topic: 't', messages: [{ key: 'k' }] }),
  },
  {
    name: 'send before connect',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['send']!({ topic: 't', messages: value }),
  },
  {
    name: 'idempotent send without acks from all',
    source: 'src/producer/messageProducer.js',
    call: ({ kafka }) =>
      (kafka['producer']!({ idempotent: true, retry: { retries: 3 } }) as Loose)['send']!({
        topic: 't',
        acks: 1,
        messages: value,
      }),
  },
  {
    name: 'sendBatch with an entry without topic',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['sendBatch']!({ topicMessages: [{ messages: value }] }),
  },
  {
    name: 'sendBatch before connect',
    source: 'src/producer/messageProducer.js',
    call: ({ producer }) => producer['sendBatch']!({ topicMessages: [] }),
  },
  // src/admin/index.js
  {
    name: 'admin.on with an unknown event',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['on']!('admin.nope', noop),
  },
  {
    name: 'createTopics without topics',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createTopics']!({}),
  },
  {
    name: 'createTopics with a topic name not a string',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createTopics']!({ topics: [{ topic: 1 }] }),
  },
  {
    name: 'createTopics naming a topic twice',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createTopics']!({ topics: [{ topic: 'a' }, { topic: 'a' }] }),
  },
  {
    name: 'createTopics with configEntries not an array',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createTopics']!({ topics: [{ topic: 'a', configEntries: {} }] }),
  },
  {
    name: 'createTopics with a config entry not an object',
    source: 'src/admin/index.js',
    call: ({ admin }) =>
      admin['createTopics']!({ topics: [{ topic: 'a', configEntries: ['retention.ms'] }] }),
  },
  {
    name: 'createTopics with a config entry whose value is not a string',
    source: 'src/admin/index.js',
    call: ({ admin }) =>
      admin['createTopics']!({
        topics: [{ topic: 'a', configEntries: [{ name: 'retention.ms', value: 5 }] }],
      }),
  },
  {
    name: 'createPartitions without topicPartitions',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createPartitions']!({}),
  },
  {
    name: 'createPartitions with none',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createPartitions']!({ topicPartitions: [] }),
  },
  {
    name: 'createPartitions with a topic name not a string',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['createPartitions']!({ topicPartitions: [{ count: 2 }] }),
  },
  {
    name: 'createPartitions naming a topic twice',
    source: 'src/admin/index.js',
    call: ({ admin }) =>
      admin['createPartitions']!({
        topicPartitions: [
          { topic: 'a', count: 2 },
          { topic: 'a', count: 3 },
        ],
      }),
  },
  {
    name: 'deleteTopics without topics',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['deleteTopics']!({}),
  },
  {
    name: 'deleteTopics with a name not a string',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['deleteTopics']!({ topics: ['a', 2] }),
  },
  {
    name: 'fetchTopicOffsets without topic',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['fetchTopicOffsets']!(),
  },
  {
    name: 'fetchTopicOffsets with a topic not a string',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['fetchTopicOffsets']!(7),
  },
  {
    name: 'fetchOffsets without groupId',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['fetchOffsets']!({ topics: ['t'] }),
  },
  {
    name: 'fetchOffsets with topics not an array',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['fetchOffsets']!({ groupId: 'g', topics: 't' }),
  },
  {
    name: 'resetOffsets without groupId',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['resetOffsets']!({ topic: 't' }),
  },
  {
    name: 'resetOffsets without topic',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['resetOffsets']!({ groupId: 'g' }),
  },
  {
    name: 'setOffsets without groupId',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['setOffsets']!({ topic: 't', partitions: [{ partition: 0 }] }),
  },
  {
    name: 'setOffsets without topic',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['setOffsets']!({ groupId: 'g', partitions: [{ partition: 0 }] }),
  },
  {
    name: 'setOffsets without partitions',
    source: 'src/admin/index.js',
    call: ({ admin }) => admin['setOffsets']!({ groupId: 'g', topic: 't', partitions: [] }),
  },
];

/** How a call failed: at once or as a rejection, with the error's class, text and flag. */
async function failure(call: () => unknown, settle: () => Promise<void>): Promise<unknown> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return { how: 'thrown at once', ...describe$(error) };
  }
  if (!(result instanceof Promise)) return { how: 'returned', result: typeof result };
  let outcome: unknown = { how: 'still pending' };
  result.then(
    () => (outcome = { how: 'resolved' }),
    (error: unknown) => (outcome = { how: 'rejected', ...describe$(error) }),
  );
  await settle();
  return outcome;
}

function describe$(error: unknown) {
  const e = error as { name?: string; message?: string; retriable?: boolean };
  return { name: e.name, message: e.message, retriable: e.retriable };
}

function realClients(): Clients {
  const kafka = new RealKafka({
    clientId: 'checks',
    brokers: ['127.0.0.1:1'],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 50,
    retry: { retries: 0 },
  }) as unknown as Loose;
  return {
    kafka,
    producer: kafka['producer']!() as Loose,
    consumer: kafka['consumer']!({ groupId: 'g' }) as Loose,
    admin: kafka['admin']!() as Loose,
  };
}

function simulatedClients() {
  const t = createTestContext();
  const { Kafka } = createKafkaModel(t.ctx);
  const kafka = new Kafka({ clientId: 'checks', brokers: ['localhost:9092'] }) as unknown as Loose;
  const clients: Clients = {
    kafka,
    producer: kafka['producer']!() as Loose,
    consumer: kafka['consumer']!({ groupId: 'g' }) as Loose,
    admin: kafka['admin']!() as Loose,
  };
  return { clients, settle: () => t.advance(10) };
}

/** Lets a real kafkajs rejection arrive (validation fails within a few microtasks). */
const settleReal = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe('kafkajs checks before the network: the simulator fails as kafkajs 2.2.4 does', () => {
  for (const { name, source, call } of cases) {
    it(`${name} (${source})`, async () => {
      const real = await failure(() => call(realClients()), settleReal);
      const simulated = simulatedClients();
      const sim = await failure(() => call(simulated.clients), simulated.settle);
      expect(sim).toEqual(real);
      expect(real).toHaveProperty('name');
    });
  }

  it('every case cites a kafkajs source file that exists in the installed package', () => {
    for (const { source } of cases) {
      expect(existsSync(new URL(`../../../node_modules/kafkajs/${source}`, import.meta.url))).toBe(
        true,
      );
    }
  });
});
