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

// Each customer's order goes through three steps, in this order.
const customers = ['c-ada', 'c-grace', 'c-linus', 'c-barbara'];
const steps = ['placed', 'paid', 'shipped'];
const events = steps.flatMap((step) =>
  customers.map((customerId, index) => ({ orderId: `o-${index + 1}`, customerId, step })),
);

// One batch, no key: the producer spreads the messages over the partitions.
const sent = await producer.send({
  topic: 'orders',
  messages: events.map((event) => ({ value: JSON.stringify(event) })),
});
console.log(
  `sent ${events.length} events to partitions ${sent.map((meta) => meta.partition).join(', ')}`,
);

await producer.disconnect();
