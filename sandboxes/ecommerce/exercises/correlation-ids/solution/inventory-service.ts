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
// Each service owns a durable queue bound to the exchange: it keeps the orders that arrive
// while this service is down, and no other service competes for them.
const { queue } = await channel.assertQueue('inventory', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(10);

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return; // the broker cancelled this consumer
    const correlationId = String(msg.properties.correlationId);
    const order = JSON.parse(msg.content.toString()) as OrderPlaced;
    for (const item of order.items) {
      console.log(
        `[${correlationId}] reserved ${item.quantity} x ${item.sku} for order ${order.orderId}`,
      );
    }
    // Ack only after the work is done: if this service crashes first, the order is redelivered.
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
