import amqp from 'amqplib';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments', { durable: true });

// o-3 comes from an old checkout that writes amounts with a decimal comma: a poison message.
const orders = [
  { orderId: 'o-1', amount: 42.5 },
  { orderId: 'o-2', amount: 19.9 },
  { orderId: 'o-3', amount: '12,50' },
  { orderId: 'o-4', amount: 7 },
];
for (const order of orders) {
  // o-4 is sent after the gateway has recovered.
  if (order.orderId === 'o-4') await new Promise((resolve) => setTimeout(resolve, 8000));
  channel.sendToQueue('payments', Buffer.from(JSON.stringify(order)), { persistent: true });
  console.log(`asked for payment of ${order.orderId} (${JSON.stringify(order.amount)})`);
}
await channel.close();
await connection.close();
