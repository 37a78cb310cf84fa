import { Kafka } from 'kafkajs';

// Written when OrderPlaced was v1, and never told about v2: it reads `total` and nothing else.
type OrderPlacedV1 = { orderId: string; total: number };

const kafka = new Kafka({ clientId: 'billing', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] });
await admin.disconnect();

const consumer = kafka.consumer({ groupId: 'billing' });
await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString()) as OrderPlacedV1;
    try {
      console.log(`invoiced ${order.orderId}: ${order.total.toFixed(2)} EUR`);
    } catch (error) {
      console.error(`cannot invoice offset ${message.offset}: ${(error as Error).message}`);
      // Thrown on, kafkajs retries the same message: the partition is stuck behind it.
      throw error;
    }
  },
});
