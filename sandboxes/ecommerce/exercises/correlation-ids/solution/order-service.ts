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

// One id per request that placed an order, made where the request came in. Every service's log
// line about this order should carry it, so one search finds the order's whole path.
const newCorrelationId = () => `req-${Math.random().toString(16).slice(2, 10)}`;

let orderNumber = 1001;
for (const order of orders) {
  const total = order.items.reduce((sum, item) => sum + item.quantity * item.price, 0);
  const event = {
    type: 'OrderPlaced',
    eventId: `evt-${orderNumber}`,
    orderId: `o-${orderNumber}`,
    customerId: order.customerId,
    items: order.items,
    total: Math.round(total * 100) / 100,
    currency: 'EUR',
    placedAt: new Date().toISOString(),
  };
  // A fanout exchange ignores the routing key: every bound queue gets its own copy.
  const correlationId = newCorrelationId();
  channel.publish('orders', '', Buffer.from(JSON.stringify(event)), {
    persistent: true,
    contentType: 'application/json',
    messageId: event.eventId,
    // AMQP's own property for it: it travels with the message to every queue.
    correlationId,
  });
  console.log(
    `[${correlationId}] placed order ${event.orderId} for ${event.customerId}: ${event.total} EUR`,
  );
  orderNumber += 1;
  await new Promise((resolve) => setTimeout(resolve, 400));
}

await channel.close();
await connection.close();
