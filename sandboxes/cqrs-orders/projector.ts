import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

// The projector: no business rules, it only reshapes events into the read model, one Redis key
// per order (`view:order:<id>`, JSON with the version it reflects) and a set of all order ids.
// Idempotent: an event whose version the view already has is skipped, so a redelivery after a
// crash changes nothing. Its position in the topic is its consumer group's committed offset.
const redis = new Redis('redis://localhost:6379');
const kafka = new Kafka({ clientId: 'projector', brokers: ['localhost:9092'] });
// A crashed member keeps its partitions until the group stops hearing from it: the session
// timeout, 30 s by default in kafkajs, 6 s here so a restart catches up sooner.
const consumer = kafka.consumer({ groupId: 'orders-view', sessionTimeout: 6000 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await consumer.connect();
await consumer.subscribe({ topic: 'order-events', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value!.toString()) as {
      orderId: string;
      version: number;
      status: string;
      total: number;
    };
    const key = `view:order:${event.orderId}`;
    const held = JSON.parse((await redis.get(key)) ?? '{"version":0}') as { version: number };
    if (event.version <= held.version) {
      console.log(
        `skipped ${event.orderId} v${event.version}: the view already has v${held.version}`,
      );
      return;
    }
    await sleep(100); // reshaping costs a little
    const row = { status: event.status, total: event.total, version: event.version };
    await redis.set(key, JSON.stringify(row));
    await redis.sadd('view:orders', event.orderId);
    console.log(`view ${event.orderId} → ${event.status} (v${event.version})`);
  },
});
