import { Kafka } from 'kafkajs';

// Reads what the workers applied, in the order they applied it, and checks each customer's
// sequence numbers: the next one expected, a gap (one skipped), one late, or one seen twice.
const kafka = new Kafka({ clientId: 'auditor', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({
  topics: [
    { topic: 'address-changes', numPartitions: 3 },
    { topic: 'applied', numPartitions: 1 },
  ],
});
await admin.disconnect();

const consumer = kafka.consumer({ groupId: 'auditor' });
const highest = new Map<string, number>();
let seen = 0;
let problems = 0;

await consumer.connect();
await consumer.subscribe({ topic: 'applied', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const { customerId, seq } = JSON.parse(message.value!.toString()) as {
      customerId: string;
      seq: number;
    };
    const last = highest.get(customerId) ?? 0;
    if (seq === last + 1) {
      console.log(`${customerId} #${seq} in order`);
    } else if (seq > last + 1) {
      problems += 1;
      console.warn(`${customerId} #${seq} after #${last}: gap, #${last + 1} not applied yet`);
    } else if (seq === last) {
      problems += 1;
      console.warn(`${customerId} #${seq} again: a duplicate`);
    } else {
      problems += 1;
      console.warn(`${customerId} #${seq} after #${last}: late, a newer address was overwritten`);
    }
    highest.set(customerId, Math.max(last, seq));
    seen += 1;
    if (seen % 12 === 0) console.log(`checked ${seen} applied events: ${problems} out of order`);
  },
});
