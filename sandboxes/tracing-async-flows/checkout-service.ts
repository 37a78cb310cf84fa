import { Kafka } from 'kafkajs';

// Starts each order's trace: a new trace id, and this span as the root. Every service after it
// copies the trace id forward and names its own span as the parent of the next.
const kafka = new Kafka({ clientId: 'checkout', brokers: ['localhost:9092'] });
const producer = kafka.producer();
const hex = (digits: number) =>
  Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
await producer.connect();

for (const orderId of ['o-1', 'o-2']) {
  const start = Date.now();
  const traceId = hex(32);
  const spanId = hex(16);
  await sleep(10); // validating the basket
  const event = { eventId: `evt-${hex(8)}`, orderId };
  await producer.send({
    topic: 'orders',
    messages: [
      {
        key: orderId,
        value: JSON.stringify(event),
        headers: {
          traceparent: `00-${traceId}-${spanId}-01`,
          'correlation-id': orderId,
          'event-id': event.eventId,
          'sent-at': String(Date.now()),
        },
      },
    ],
  });
  console.log(`placed ${orderId}: trace ${traceId.slice(0, 8)}…, event ${event.eventId}`);
  const span = {
    traceId,
    spanId,
    service: 'checkout',
    name: 'place order',
    start,
    end: Date.now(),
    correlationId: orderId,
  };
  await producer.send({
    topic: 'spans',
    messages: [{ key: traceId, value: JSON.stringify(span) }],
  });
  await sleep(1000);
}
await producer.disconnect();
