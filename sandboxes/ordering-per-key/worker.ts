import { Kafka } from 'kafkajs';

// Three copies of this worker share one group, so each gets one of the three partitions.
// Applying an event (say, geocoding the address) takes 20 to 820 ms, as real work varies.
const kafka = new Kafka({ clientId: 'worker', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'address-book' });
const producer = kafka.producer();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: 'address-changes', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    const event = JSON.parse(message.value!.toString()) as { customerId: string; seq: number };
    await sleep(20 + Math.floor(Math.random() * 800));
    // "Applied" is reported to a one-partition topic: its order is the order of application.
    await producer.send({ topic: 'applied', messages: [{ value: message.value }] });
    console.log(`applied ${event.customerId} #${event.seq} (partition ${partition})`);
  },
});
