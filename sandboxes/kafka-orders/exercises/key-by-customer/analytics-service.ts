import { Kafka } from 'kafkajs';

// Starts last, after the events are sent. Reading does not delete anything in Kafka, so a
// new group can replay the whole log from offset 0.
const kafka = new Kafka({ clientId: 'analytics-service', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'analytics' });
const stepsByCustomer = new Map<string, number>();

await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: true });

await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const event = JSON.parse(message.value?.toString() ?? '{}') as { customerId: string };
    const count = (stepsByCustomer.get(event.customerId) ?? 0) + 1;
    stepsByCustomer.set(event.customerId, count);
    console.log(
      `partition ${partition} offset ${message.offset}: ${event.customerId} has ${count} events`,
    );
  },
});
