import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'fulfilment-service', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'fulfilment' });

await consumer.connect();
// No committed offset and fromBeginning false: this group reads only orders sent from now on.
await consumer.subscribe({ topic: 'orders', fromBeginning: false });

await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const order = JSON.parse(message.value?.toString() ?? '{}') as { orderId: string };
    console.log(`packing ${order.orderId} (partition ${partition}, offset ${message.offset})`);
  },
});
