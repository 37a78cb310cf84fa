import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'fulfilment-service', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'fulfilment' });

await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: false });

await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const event = JSON.parse(message.value?.toString() ?? '{}') as {
      orderId: string;
      customerId: string;
      step: string;
    };
    console.log(
      `${event.customerId} ${event.orderId} ${event.step} (partition ${partition}, offset ${message.offset})`,
    );
  },
});
