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
const { queue } = await channel.assertQueue('shipping', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(10);

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return; // the broker cancelled this consumer
    const correlationId = String(msg.properties.correlationId);
    const order = JSON.parse(msg.content.toString()) as OrderPlaced;
    const parcels = order.items.reduce((sum, item) => sum + item.quantity, 0);
    console.log(
      `[${correlationId}] booked a courier for order ${order.orderId} (${parcels} items)`,
    );
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
