import { Kafka, type IHeaders } from 'kafkajs';

// Reads reservations, does its work, publishes shipments. The trace context travels in the headers:
//   traceparent     W3C Trace Context: 00-<trace id>-<id of the span that caused this>-01
//   correlation-id  the business id the whole flow is about (the order)
//   causation-id    the id of the one event that caused this event
const service = 'shipping';
const kafka = new Kafka({ clientId: service, brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: service });
const producer = kafka.producer();
const hex = (digits: number) =>
  Array.from({ length: digits }, () => Math.floor(Math.random() * 16).toString(16)).join('');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topic: 'reservations', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const start = Date.now();
    const headers = message.headers as IHeaders;
    const [, traceId, parentSpanId] = String(headers.traceparent).split('-');
    const spanId = hex(16);
    const order = JSON.parse(message.value!.toString()) as { orderId: string };
    await sleep(120); // the courier's API is slow
    const event = { eventId: `evt-${hex(8)}`, orderId: order.orderId };
    await producer.send({
      topic: 'shipments',
      messages: [
        {
          key: order.orderId,
          value: JSON.stringify(event),
          headers: {
            traceparent: `00-${traceId}-${spanId}-01`,
            'correlation-id': String(headers['correlation-id']),
            'causation-id': String(headers['event-id']),
            'event-id': event.eventId,
            // When it was sent, by the sender's clock: the next span's "waited".
            'sent-at': String(Date.now()),
          },
        },
      ],
    });
    const span = {
      traceId,
      spanId,
      parentSpanId,
      service,
      name: 'book courier',
      start,
      end: Date.now(),
      queuedAt: Number(headers['sent-at']),
      correlationId: String(headers['correlation-id']),
      causedBy: String(headers['event-id']),
    };
    await producer.send({
      topic: 'spans',
      messages: [{ key: traceId, value: JSON.stringify(span) }],
    });
  },
});
