import amqp from 'amqplib';

// Reserves stock once the order is paid for.
const stock = new Map([
  ['book', 10],
  ['lamp', 0],
]);

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('shop', 'topic', { durable: true });
const publish = (type: string, event: object) =>
  channel.publish('shop', type, Buffer.from(JSON.stringify(event)), { type, persistent: true });

const { queue } = await channel.assertQueue('inventory.events', { durable: true });
await channel.bindQueue(queue, 'shop', 'PaymentCaptured');
await channel.consume(queue, (msg) => {
  if (!msg) return;
  const { orderId, sku } = JSON.parse(msg.content.toString()) as { orderId: string; sku: string };
  const left = stock.get(sku) ?? 0;
  if (left > 0) {
    stock.set(sku, left - 1);
    console.log(`${orderId}: reserved one ${sku} (${left - 1} left)`);
    publish('StockReserved', { orderId });
  } else {
    console.log(`${orderId}: no ${sku} in stock`);
    publish('StockUnavailable', { orderId });
  }
  channel.ack(msg);
});
