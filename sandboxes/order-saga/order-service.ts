import amqp from 'amqplib';

// Choreography: no one is in charge. Each service listens for the events it cares about on the
// `shop` topic exchange (routing key = event type) and publishes what it did. The order service
// starts the saga and learns how it ended.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('shop', 'topic', { durable: true });
const publish = (type: string, event: object) =>
  channel.publish('shop', type, Buffer.from(JSON.stringify(event)), { type, persistent: true });

const { queue } = await channel.assertQueue('order.events', { durable: true });
for (const type of ['ShipmentScheduled', 'PaymentFailed', 'PaymentRefunded']) {
  await channel.bindQueue(queue, 'shop', type);
}
const status = new Map<string, string>();
await channel.consume(queue, (msg) => {
  if (!msg) return;
  const event = JSON.parse(msg.content.toString()) as { orderId: string; reason?: string };
  const outcome =
    msg.properties.type === 'ShipmentScheduled'
      ? 'completed'
      : `cancelled (${msg.properties.type}: ${event.reason})`;
  status.set(event.orderId, outcome);
  console.log(`${event.orderId} ${outcome}`);
  channel.ack(msg);
});

const orders = [
  { orderId: 'o-1', sku: 'book', card: 'visa-ok', amount: 30 },
  { orderId: 'o-2', sku: 'book', card: 'visa-declined', amount: 30 },
  { orderId: 'o-3', sku: 'lamp', card: 'visa-ok', amount: 55 },
];
for (const order of orders) {
  status.set(order.orderId, 'pending');
  publish('OrderPlaced', order);
  console.log(`placed ${order.orderId} (${order.sku}, ${order.card})`);
}
setTimeout(
  () => console.log(`final: ${[...status].map(([id, s]) => `${id} ${s}`).join('; ')}`),
  3000,
);
