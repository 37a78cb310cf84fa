import amqp from 'amqplib';

// Starts 500 ms after the consumers. Besides OrderPlaced, the order service announces each
// change of an order's status on the order-status exchange, numbered per order.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('order-status', 'fanout', { durable: true });

const statuses = ['placed', 'paid', 'packed', 'shipped'];
for (const orderId of ['o-1001', 'o-1002', 'o-1003']) {
  for (const [index, status] of statuses.entries()) {
    // sequence: this order's 1st, 2nd, 3rd … change; it only ever goes up.
    const event = { type: 'OrderStatusChanged', orderId, status, sequence: index + 1 };
    channel.publish('order-status', '', Buffer.from(JSON.stringify(event)), { persistent: true });
    console.log(`${orderId} is ${status} (#${event.sequence})`);
  }
}

await channel.close();
await connection.close();
