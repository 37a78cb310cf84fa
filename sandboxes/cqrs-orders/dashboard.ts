import { Kafka } from 'kafkajs';
import Redis from 'ioredis';

// The query side: it reads only the read model, never the order service. Every second it shows
// the view and the projector's lag: events written to the topic that the projector's group has
// not yet committed. Lag is how stale the view may be.
const redis = new Redis('redis://localhost:6379');
const kafka = new Kafka({ clientId: 'dashboard', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'order-events', numPartitions: 2 }] });

async function lag(): Promise<number> {
  const written = await admin.fetchTopicOffsets('order-events');
  const [committed] = await admin.fetchOffsets({
    groupId: 'orders-view',
    topics: ['order-events'],
  });
  let behind = 0;
  for (const { partition, high } of written) {
    const done = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    behind += Number(high) - Math.max(0, Number(done));
  }
  return behind;
}

for (let second = 1; second <= 16; second += 1) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const ids = (await redis.smembers('view:orders')).sort();
  const rows = [];
  for (const id of ids) {
    const row = JSON.parse((await redis.get(`view:order:${id}`))!) as { status: string };
    rows.push(`${id} ${row.status}`);
  }
  console.log(`read model: ${rows.join(', ') || '(empty)'}; lag ${await lag()} events`);
}
await admin.disconnect();
redis.disconnect();
