import { Kafka } from 'kafkajs';

type OrderPlacedV2 = { orderId: string; amount: number; currency: string };

// The upcaster: every older shape is converted to the newest on read, in one place, so the rest
// of the code knows only v2. v1 totals were always euros.
function upcast(version: string, raw: Record<string, unknown>): OrderPlacedV2 {
  if (version === '1') {
    return { orderId: String(raw.orderId), amount: Number(raw.total), currency: 'EUR' };
  }
  if (version === '2') {
    // A tolerant reader: take the fields it needs, check them, ignore any others.
    if (typeof raw.amount !== 'number' || typeof raw.currency !== 'string') {
      throw new Error(`OrderPlaced v2 without amount or currency: ${JSON.stringify(raw)}`);
    }
    return { orderId: String(raw.orderId), amount: raw.amount, currency: raw.currency };
  }
  throw new Error(`OrderPlaced v${version} is newer than this reader knows`);
}

const kafka = new Kafka({ clientId: 'ledger', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'ledger' });
const totals = new Map<string, number>();
await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const version = message.headers?.['schema-version']?.toString() ?? '1';
    const order = upcast(version, JSON.parse(message.value!.toString()) as Record<string, unknown>);
    totals.set(order.currency, (totals.get(order.currency) ?? 0) + order.amount);
    const summary = [...totals]
      .map(([currency, sum]) => `${sum.toFixed(2)} ${currency}`)
      .join(', ');
    console.log(
      `booked ${order.orderId} (read as v${version}): ${order.amount.toFixed(2)} ${order.currency}; totals ${summary}`,
    );
  },
});
