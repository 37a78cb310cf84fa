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
const { queue } = await channel.assertQueue('notification', { durable: true });
await channel.bindQueue(queue, 'orders', '');
await channel.prefetch(10);

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return; // the broker cancelled this consumer
    const correlationId = String(msg.properties.correlationId);
    const order = JSON.parse(msg.content.toString()) as OrderPlaced;
    console.log(
      `[${correlationId}] emailed ${order.customerId}: we received order ${order.orderId}`,
    );
    channel.ack(msg);
  },
  { noAck: false },
);
console.log(`waiting for orders on queue ${queue}`);
