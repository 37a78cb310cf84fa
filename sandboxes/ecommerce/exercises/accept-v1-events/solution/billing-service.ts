import amqp from 'amqplib';

/** OrderPlaced, version 2: the total in cents. */
interface OrderPlaced {
  schemaVersion: 2;
  eventId: string;
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; price: number }[];
  totalCents: number;
  currency: string;
  placedAt: string;
}

/** OrderPlaced, version 1: the total in euros. Still sent while the old producer runs. */
interface OrderPlacedV1 extends Omit<OrderPlaced, 'schemaVersion' | 'totalCents'> {
  schemaVersion?: 1;
  total: number;
}

/** Upcasts any version to the one this service is written for, at the edge. */
function toV2(event: OrderPlaced | OrderPlacedV1): OrderPlaced {
  if (event.schemaVersion === 2) return event;
  const { total, ...rest } = event;
  return { ...rest, schemaVersion: 2, totalCents: Math.round(total * 100) };
}

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('orders', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('billing', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(1);

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return; // the broker cancelled this consumer
    const order = toV2(JSON.parse(msg.content.toString()) as OrderPlaced | OrderPlacedV1);
    const amount = new Intl.NumberFormat('en-IE', { style: 'currency', currency: order.currency });
    console.log(`charged ${amount.format(order.totalCents / 100)} for order ${order.orderId}`);
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
