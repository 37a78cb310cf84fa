import amqp from 'amqplib';

// Three orders; the first has a card number the gateway can never accept (a poison message).
// The payment service declares the queue; this service only sends to it.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();

const orders = [
  { orderId: 'o-2001', amount: 42.5, card: '4111-XXXX' },
  { orderId: 'o-2002', amount: 19.8, card: '4111-1111-1111-1111' },
  { orderId: 'o-2003', amount: 89, card: '5500-0000-0000-0004' },
];
for (const order of orders) {
  channel.sendToQueue('payments', Buffer.from(JSON.stringify(order)), { persistent: true });
  console.log(`asked for payment of order ${order.orderId}`);
}

await channel.close();
await connection.close();
