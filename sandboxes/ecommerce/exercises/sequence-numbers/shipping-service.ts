import amqp from 'amqplib';

interface OrderStatusChanged {
  orderId: string;
  status: string;
  sequence: number;
}

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('order-status', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('shipping-status', { durable: true });
await channel.bindQueue(queue, 'order-status', '');

// The shipping dashboard: the latest status of each order.
const statusOf = new Map<string, string>();

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return;
    const event = JSON.parse(msg.content.toString()) as OrderStatusChanged;
    // Whatever arrives last wins, even when it is older than what is shown.
    statusOf.set(event.orderId, event.status);
    console.log(`dashboard: ${event.orderId} is now ${event.status}`);
    channel.ack(msg);
  },
  { noAck: false },
);
console.log('waiting for status changes');
