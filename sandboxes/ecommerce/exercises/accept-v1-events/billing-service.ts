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
    // Written for version 2 only.
    const order = JSON.parse(msg.content.toString()) as OrderPlaced;
    const amount = new Intl.NumberFormat('en-IE', { style: 'currency', currency: order.currency });
    console.log(`charged ${amount.format(order.totalCents / 100)} for order ${order.orderId}`);
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
