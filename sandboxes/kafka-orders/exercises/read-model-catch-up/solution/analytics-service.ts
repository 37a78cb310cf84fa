import { Kafka } from 'kafkajs';

// The revenue read model (the query side of CQRS). It was down while the orders were placed
// and starts last: reading does not delete anything in Kafka, so a new group replays the
// whole log from offset 0 and the read model catches up.
const kafka = new Kafka({ clientId: 'analytics-service', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'analytics' });
const revenueByCustomer = new Map<string, number>();

await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: true });

await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const order = JSON.parse(message.value?.toString() ?? '{}') as { total: number };
    const customer = message.key?.toString() ?? 'unknown';
    const revenue = (revenueByCustomer.get(customer) ?? 0) + order.total;
    revenueByCustomer.set(customer, revenue);
    console.log(
      `partition ${partition} offset ${message.offset}: ${customer} has spent ${revenue.toFixed(2)}`,
    );
  },
});
