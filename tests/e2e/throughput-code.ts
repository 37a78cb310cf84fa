// Reader code that moves many messages through one broker model, shared by the
// `sandbox-throughput` bench section (in the sandbox, in-process, and against the real brokers
// in Node) and tests/e2e/sandbox-throughput.spec.ts, so the bench measures exactly what the
// test runs to completion.
//
// Every scenario is a producer and a consumer. The producer prints `producer start` right before
// its loop and `producer sent` after it; the consumer prints `received <n>` once it has seen `n`
// messages, and `duplicate <i>` the first time a message number comes twice. Rates are timed on
// those lines' arrival (wall clock), never inside the run (whose clock is virtual).

/** How the producer sends. */
export type SendMode = 'awaited' | 'one-way';

/** One producer/consumer pair in one of the repository's sandboxes. */
export interface ThroughputScenario {
  readonly name: string;
  /** The broker model, as in trace events. */
  readonly model: 'redis' | 'amqp' | 'kafka';
  readonly sandbox: string;
  readonly producer: { readonly file: string; readonly service: string };
  readonly consumer: { readonly file: string; readonly service: string };
  /** The sandbox's other files, replaced by an empty service so only the pair runs. */
  readonly idleFiles: readonly string[];
  /** Run milliseconds the producer waits before its loop, so the consumer is listening. */
  readonly waitMs: number;
  code(mode: SendMode, count: number): { producer: string; consumer: string };
}

/** Unawaited loops give their thread back this often (the hang watchdog stops a 2 s loop). */
const yieldEvery = 1_000;

const producerLoop =
  (setup: string, awaited: string, oneWay: string, finish: string) =>
  (mode: SendMode, count: number, waitMs: number): string => `${setup}
await new Promise((resolve) => setTimeout(resolve, ${waitMs}));
console.log('producer start');
for (let i = 0; i < ${count}; i++) {
  ${mode === 'awaited' ? awaited : oneWay}
  ${mode === 'one-way' ? `if (i % ${yieldEvery} === ${yieldEvery - 1}) await new Promise((resolve) => setTimeout(resolve, 0));` : ''}
}
console.log('producer sent');
${finish}
`;

// Counts each message number once; a number seen twice is printed (the test looks for it).
const counting = (count: number, body: string, finish: string) => `
const seen = new Uint8Array(${count});
let received = 0;
const onMessage = async (n: number) => {
  if (seen[n] === 1) {
    console.log('duplicate ' + n);
    return;
  }
  seen[n] = 1;
  received += 1;
  if (received === ${count}) {
    console.log('received ${count}');
    ${finish}
  }
};
${body}
`;

export const throughputScenarios: readonly ThroughputScenario[] = [
  {
    name: 'Redis Pub/Sub (publish → deliver)',
    model: 'redis',
    sandbox: 'registration',
    producer: { file: 'user-service.ts', service: 'user' },
    consumer: { file: 'email-service.ts', service: 'email' },
    idleFiles: ['profile-service.ts', 'analytics-service.ts'],
    waitMs: 0,
    code(mode, count) {
      return {
        producer: producerLoop(
          `import Redis from 'ioredis';
const pub = new Redis('redis://localhost:6379');`,
          `await pub.publish('bench', String(i));`,
          `void pub.publish('bench', String(i));`,
          `await pub.quit();`,
        )(mode, count, this.waitMs),
        consumer: `import Redis from 'ioredis';
const sub = new Redis('redis://localhost:6379');
${counting(
  count,
  `sub.on('message', (_channel: string, text: string) => void onMessage(Number(text)));
await sub.subscribe('bench');`,
  `await sub.quit();`,
)}`,
      };
    },
  },
  {
    name: 'RabbitMQ (publish → deliver → ack)',
    model: 'amqp',
    sandbox: 'retry-backoff',
    producer: { file: 'order-service.ts', service: 'order' },
    consumer: { file: 'payment-service.ts', service: 'payment' },
    idleFiles: [],
    waitMs: 0,
    code(mode, count) {
      return {
        producer: producerLoop(
          `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createConfirmChannel();
await channel.assertQueue('bench', { durable: false });`,
          `channel.sendToQueue('bench', Buffer.from(String(i)));
  await channel.waitForConfirms();`,
          `channel.sendToQueue('bench', Buffer.from(String(i)));`,
          `await channel.waitForConfirms();
await connection.close();`,
        )(mode, count, this.waitMs),
        consumer: `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('bench', { durable: false });
${counting(
  count,
  `await channel.consume('bench', (msg) => {
  if (!msg) return;
  channel.ack(msg);
  void onMessage(Number(msg.content.toString()));
});`,
  `await connection.close();`,
)}`,
      };
    },
  },
  {
    name: 'Kafka (produce → consume → commit)',
    model: 'kafka',
    sandbox: 'kafka-orders',
    producer: { file: 'order-service.ts', service: 'order' },
    consumer: { file: 'fulfilment-service.ts', service: 'fulfilment' },
    idleFiles: ['analytics-service.ts'],
    // The consumer starts at 300 ms of run time (sandbox.json) and then joins its group.
    waitMs: 1_500,
    code(mode, count) {
      return {
        producer: producerLoop(
          `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'bench-producer', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'bench', numPartitions: 1 }] });
await admin.disconnect();
const producer = kafka.producer();
await producer.connect();`,
          `await producer.send({ topic: 'bench', messages: [{ value: String(i) }] });`,
          `void producer.send({ topic: 'bench', messages: [{ value: String(i) }] });`,
          `await producer.disconnect();`,
        )(mode, count, this.waitMs),
        consumer: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'bench-consumer', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'bench' });
await consumer.connect();
await consumer.subscribe({ topic: 'bench', fromBeginning: true });
${counting(
  count,
  // eachMessage with autoCommit (kafkajs's default): offsets are committed as it goes.
  `await consumer.run({ eachMessage: async ({ message }) => onMessage(Number(message.value?.toString())) });`,
  `setTimeout(() => void consumer.disconnect(), 0);`,
)}`,
      };
    },
  },
];
