import amqp from 'amqplib';

// Charges on OrderPlaced. Its compensation: refund, when a later step (inventory) fails.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('shop', 'topic', { durable: true });
const publish = (type: string, event: object) =>
  channel.publish('shop', type, Buffer.from(JSON.stringify(event)), { type, persistent: true });

const { queue } = await channel.assertQueue('payment.events', { durable: true });
await channel.bindQueue(queue, 'shop', 'OrderPlaced');
await channel.bindQueue(queue, 'shop', 'StockUnavailable');

const charges = new Map<string, number>();
await channel.consume(queue, (msg) => {
  if (!msg) return;
  const event = JSON.parse(msg.content.toString()) as {
    orderId: string;
    card: string;
    amount: number;
    sku: string;
  };
  if (msg.properties.type === 'OrderPlaced') {
    if (event.card === 'visa-declined') {
      console.log(`${event.orderId}: card declined`);
      publish('PaymentFailed', { orderId: event.orderId, reason: 'card declined' });
    } else {
      charges.set(event.orderId, event.amount);
      console.log(`${event.orderId}: charged ${event.amount}`);
      publish('PaymentCaptured', { orderId: event.orderId, sku: event.sku });
    }
  } else {
    // Compensation: the charge cannot be unmade, so a new fact undoes its effect.
    console.log(`${event.orderId}: refunded ${charges.get(event.orderId)} (compensation)`);
    charges.delete(event.orderId);
    publish('PaymentRefunded', { orderId: event.orderId, reason: 'out of stock, refunded' });
  }
  channel.ack(msg);
});
