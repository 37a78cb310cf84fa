import amqp from 'amqplib';

// A participant: does what it is told and replies. It knows nothing of inventory or shipping.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payment.commands', { durable: true });

const charges = new Map<string, number>();
await channel.consume('payment.commands', (msg) => {
  if (!msg) return;
  const order = JSON.parse(msg.content.toString()) as {
    orderId: string;
    card: string;
    amount: number;
  };
  const reply = (type: string, reason?: string) =>
    channel.sendToQueue(
      msg.properties.replyTo,
      Buffer.from(JSON.stringify({ orderId: order.orderId, reason })),
      { type },
    );
  if (msg.properties.type === 'ChargePayment') {
    if (order.card === 'visa-declined') {
      console.log(`${order.orderId}: card declined`);
      reply('PaymentFailed', 'card declined');
    } else {
      charges.set(order.orderId, order.amount);
      console.log(`${order.orderId}: charged ${order.amount}`);
      reply('PaymentCaptured');
    }
  } else if (msg.properties.type === 'RefundPayment') {
    console.log(`${order.orderId}: refunded ${charges.get(order.orderId)} (compensation)`);
    charges.delete(order.orderId);
    reply('PaymentRefunded');
  }
  channel.ack(msg);
});
