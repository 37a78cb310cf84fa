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

// The shipping dashboard: the latest status of each order, with the sequence it came from.
const statusOf = new Map<string, { status: string; sequence: number }>();

await channel.consume(
  queue,
  (msg) => {
    if (!msg) return;
    const event = JSON.parse(msg.content.toString()) as OrderStatusChanged;
    const shown = statusOf.get(event.orderId);
    // An event older than what is shown arrived late: the newer status stays.
    if (shown && event.sequence <= shown.sequence) {
      console.log(`ignored stale ${event.status} (#${event.sequence}) for ${event.orderId}`);
    } else {
      statusOf.set(event.orderId, { status: event.status, sequence: event.sequence });
      console.log(`dashboard: ${event.orderId} is now ${event.status}`);
    }
    channel.ack(msg);
  },
  { noAck: false },
);
console.log('waiting for status changes');
