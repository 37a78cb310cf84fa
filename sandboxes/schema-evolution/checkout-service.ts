import { Kafka } from 'kafkajs';

// v1: { orderId, total }                      (total in euros)
// v2: { orderId, amount, currency }           (total renamed to amount; currency is new and required)
// Each message says which version it is in a header, so readers need not guess from the shape.
const kafka = new Kafka({ clientId: 'checkout', brokers: ['localhost:9092'] });
const producer = kafka.producer();
await producer.connect();

async function send(version: 1 | 2, event: Record<string, unknown>): Promise<void> {
  await producer.send({
    topic: 'orders',
    messages: [
      {
        key: String(event.orderId),
        value: JSON.stringify(event),
        headers: { 'event-type': 'OrderPlaced', 'schema-version': String(version) },
      },
    ],
  });
  console.log(`sent OrderPlaced v${version} ${JSON.stringify(event)}`);
}

await send(1, { orderId: 'o-1', total: 42.5 });
await send(1, { orderId: 'o-2', total: 19.9 });
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log('deployed checkout v2: OrderPlaced is now v2');
await send(2, { orderId: 'o-3', amount: 12.5, currency: 'GBP' });
await send(2, { orderId: 'o-4', amount: 7, currency: 'EUR' });
await producer.disconnect();
