import amqp from 'amqplib';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('shipping.commands', { durable: true });
await channel.consume('shipping.commands', (msg) => {
  if (!msg) return;
  const { orderId } = JSON.parse(msg.content.toString()) as { orderId: string };
  console.log(`${orderId}: shipment scheduled`);
  channel.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify({ orderId })), {
    type: 'ShipmentScheduled',
  });
  channel.ack(msg);
});
