import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'order-service', brokers: ['localhost:9092'] });

const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] });
await admin.disconnect();
console.log('created topic orders with 3 partitions');

const producer = kafka.producer();
await producer.connect();
// Give the fulfilment group time to join before the first order.
await new Promise((resolve) => setTimeout(resolve, 1000));

const orders = [
  { orderId: 'o-1', customerId: 'c-ada', total: 42.5 },
  { orderId: 'o-2', customerId: 'c-grace', total: 19.8 },
  { orderId: 'o-3', customerId: 'c-ada', total: 89 },
  { orderId: 'o-4', customerId: 'c-linus', total: 6 },
  { orderId: 'o-5', customerId: 'c-grace', total: 12.4 },
  { orderId: 'o-6', customerId: 'c-ada', total: 3.1 },
];

for (const order of orders) {
  // Same key, same partition: one customer's orders stay in order.
  const [meta] = await producer.send({
    topic: 'orders',
    messages: [{ key: order.customerId, value: JSON.stringify(order) }],
  });
  console.log(`sent ${order.orderId} (key ${order.customerId}) to partition ${meta?.partition}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

await producer.disconnect();
