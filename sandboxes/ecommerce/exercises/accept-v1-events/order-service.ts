import amqp from 'amqplib';

// Starts 500 ms after the consumers: a fanout exchange with no queue bound yet loses the
// message, so the consumers declare and bind their queues first.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('orders', 'fanout', { durable: true });

const orders = [
  { customerId: 'c-ada', items: [{ sku: 'book-eda', quantity: 1, price: 42.5 }] },
  { customerId: 'c-grace', items: [{ sku: 'mug', quantity: 2, price: 9.9 }] },
  { customerId: 'c-linus', items: [{ sku: 'keyboard', quantity: 1, price: 89 }] },
  { customerId: 'c-ada', items: [{ sku: 'sticker', quantity: 5, price: 1.2 }] },
];

let orderNumber = 1001;
for (const order of orders) {
  const total = order.items.reduce((sum, item) => sum + item.quantity * item.price, 0);
  const event = {
    type: 'OrderPlaced',
    eventId: `evt-${orderNumber}`,
    orderId: `o-${orderNumber}`,
    customerId: order.customerId,
    items: order.items,
    // Version 2 carries the total in cents. The order service is being rolled out: the old
    // instance still sends version 1 (a total in euros) for every other order.
    ...(orderNumber % 2 === 0
      ? { schemaVersion: 2, totalCents: Math.round(total * 100) }
      : { total: Math.round(total * 100) / 100 }),
    currency: 'EUR',
    placedAt: new Date().toISOString(),
  };
  // A fanout exchange ignores the routing key: every bound queue gets its own copy.
  channel.publish('orders', '', Buffer.from(JSON.stringify(event)), {
    persistent: true,
    contentType: 'application/json',
    messageId: event.eventId,
  });
  console.log(
    `placed order ${event.orderId} for ${event.customerId} (version ${'schemaVersion' in event ? event.schemaVersion : 1})`,
  );
  orderNumber += 1;
  await new Promise((resolve) => setTimeout(resolve, 400));
}

await channel.close();
await connection.close();
