// Reader code for the flood attacks, shared by tests/security/floods.spec.ts and the
// `sandbox-flood` bench section (so the numbers there measure exactly what the tests survive).

/** How many unawaited calls each flood makes. */
export const floodCalls = 1_000_000;

/** One flood: the sandbox it runs in and the file (service) replaced by the flood. */
export interface Flood {
  readonly name: string;
  readonly sandbox: string;
  readonly file: string;
  readonly service: string;
  readonly code: string;
}

// The loop gives the thread back every 20,000 calls (a zero-delay timer, still unawaited calls
// in between): without it the runtime's hang watchdog ends the service after 2 s of loop, long
// before a million calls reach the broker, and the flood would never happen.
const loop = (setup: string, call: string): string => `${setup}
console.log('flood starting');
for (let i = 0; i < ${floodCalls}; i++) {
  void ${call};
  if (i % 20_000 === 19_999) await new Promise((resolve) => setTimeout(resolve, 0));
}
console.log('flood sent');
`;

export const floods: readonly Flood[] = [
  {
    name: 'ioredis publish',
    sandbox: 'registration',
    file: 'user-service.ts',
    service: 'user',
    code: loop(
      `import Redis from 'ioredis';
const redis = new Redis('redis://localhost:6379');`,
      `redis.publish('user_registered', '{}')`,
    ),
  },
  {
    name: 'amqplib sendToQueue',
    sandbox: 'competing-consumers',
    file: 'task-producer.ts',
    service: 'producer',
    code: loop(
      `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('flood');`,
      `channel.sendToQueue('flood', Buffer.from('x'))`,
    ),
  },
  {
    name: 'kafkajs producer.send',
    sandbox: 'kafka-orders',
    file: 'order-service.ts',
    service: 'order',
    code: loop(
      `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'flood', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'flood', numPartitions: 1 }] });
const producer = kafka.producer();
await producer.connect();`,
      `producer.send({ topic: 'flood', messages: [{ value: 'x' }] })`,
    ),
  },
];

/** The console's note that the relay is dropping trace events: the flood is in full swing. */
export const floodNote = 'The event flow left out';
