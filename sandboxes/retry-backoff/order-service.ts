import amqp from 'amqplib';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments', { durable: true });

const order = { orderId: 'o-2001', amount: 42.5 };
channel.sendToQueue('payments', Buffer.from(JSON.stringify(order)), { persistent: true });
console.log(`asked for payment of order ${order.orderId} at ${new Date().toISOString()}`);

await channel.close();
await connection.close();
