import { Kafka } from 'kafkajs';

// What a tracing backend (Jaeger, Tempo, Zipkin) does with the spans services report: group them
// by trace id, link each to its parent, and draw the tree. "waited" is the time the event sat
// between its producer and the consumer: in the broker, in a backlog, or on the network.
type Span = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  service: string;
  name: string;
  start: number;
  end: number;
  queuedAt?: number;
  correlationId: string;
  causedBy?: string;
};

const kafka = new Kafka({ clientId: 'tracer', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({
  topics: ['orders', 'payments', 'reservations', 'shipments', 'spans'].map((topic) => ({ topic })),
});
await admin.disconnect();

const traces = new Map<string, Span[]>();
function draw(spans: Span[]): void {
  const root = spans.find((s) => !s.parentSpanId)!;
  console.log(
    `trace ${root.traceId.slice(0, 8)}… (correlation-id ${root.correlationId}): ${spans.length} spans, ${spans.at(-1)!.end - root.start} ms end to end`,
  );
  const walk = (span: Span, depth: number): void => {
    const waited =
      span.queuedAt === undefined
        ? ''
        : `, waited ${span.start - span.queuedAt} ms, caused by ${span.causedBy}`;
    const at = `+${span.start - root.start} ms`;
    console.log(
      `${'  '.repeat(depth)}${depth ? '└ ' : ''}${span.service}: ${span.name} (${at}, took ${span.end - span.start} ms${waited})`,
    );
    for (const child of spans.filter((s) => s.parentSpanId === span.spanId)) walk(child, depth + 1);
  };
  walk(root, 0);
}

const consumer = kafka.consumer({ groupId: 'tracer' });
await consumer.connect();
await consumer.subscribe({ topic: 'spans', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const span = JSON.parse(message.value!.toString()) as Span;
    const spans = traces.get(span.traceId) ?? [];
    spans.push(span);
    traces.set(span.traceId, spans);
    // Shipping is the last step: once its span is in, the trace is complete.
    if (span.service === 'shipping') draw(spans);
  },
});
