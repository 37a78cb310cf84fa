import amqp from 'amqplib';

// Ships what is paid for and reserved: it only ever hears of orders that got that far.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('shop', 'topic', { durable: true });

const { queue } = await channel.assertQueue('shipping.events', { durable: true });
await channel.bindQueue(queue, 'shop', 'StockReserved');
await channel.consume(queue, (msg) => {
  if (!msg) return;
  const { orderId } = JSON.parse(msg.content.toString()) as { orderId: string };
  console.log(`${orderId}: shipment scheduled`);
  const event = { orderId };
  channel.publish('shop', 'ShipmentScheduled', Buffer.from(JSON.stringify(event)), {
    type: 'ShipmentScheduled',
    persistent: true,
  });
  channel.ack(msg);
});
