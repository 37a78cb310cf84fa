import amqp from 'amqplib';

interface OrderPlaced {
  eventId: string;
  orderId: string;
  customerId: string;
  items: { sku: string; quantity: number; price: number }[];
  total: number;
  currency: string;
  placedAt: string;
}

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('orders', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('billing', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(1);

// The eventIds already charged: a second copy of the same event is acknowledged and skipped.
// (A real service keeps this in its database, in the same transaction as the charge.)
const charged = new Set<string>();

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return; // the broker cancelled this consumer
    const order = JSON.parse(msg.content.toString()) as OrderPlaced;
    if (charged.has(order.eventId)) {
      console.log(`skipped duplicate ${order.eventId} for order ${order.orderId}`);
      channel.ack(msg);
      return;
    }
    charged.add(order.eventId);
    const amount = new Intl.NumberFormat('en-IE', { style: 'currency', currency: order.currency });
    console.log(`charged ${amount.format(order.total)} for order ${order.orderId}`);
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
