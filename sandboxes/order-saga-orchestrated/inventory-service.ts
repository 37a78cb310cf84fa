import amqp from 'amqplib';

const stock = new Map([
  ['book', 10],
  ['lamp', 0],
]);

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('inventory.commands', { durable: true });
await channel.consume('inventory.commands', (msg) => {
  if (!msg) return;
  const { orderId, sku } = JSON.parse(msg.content.toString()) as { orderId: string; sku: string };
  const left = stock.get(sku) ?? 0;
  const reply = (type: string, reason?: string) =>
    channel.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify({ orderId, reason })), {
      type,
    });
  if (left > 0) {
    stock.set(sku, left - 1);
    console.log(`${orderId}: reserved one ${sku} (${left - 1} left)`);
    reply('StockReserved');
  } else {
    console.log(`${orderId}: no ${sku} in stock`);
    reply('StockUnavailable', `no ${sku} in stock`);
  }
  channel.ack(msg);
});
