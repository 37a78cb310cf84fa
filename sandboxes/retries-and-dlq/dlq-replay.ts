import amqp from 'amqplib';

// An operator's tool, run once the cause is understood: it repairs each parked message and moves
// it back to the main queue, with its retry count reset. Replaying without a fix (in the data, as
// here, or in the consumer's code) only parks the message again.
const clock = () => new Date().toISOString().slice(11, 19);

// The fix: the old checkout wrote amounts with a decimal comma.
function repair(order: { orderId: string; amount: unknown }) {
  if (typeof order.amount === 'string') order.amount = Number(order.amount.replace(',', '.'));
  return order;
}

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments.dlq', { durable: true });

let replayed = 0;
for (let msg = await channel.get('payments.dlq'); msg; msg = await channel.get('payments.dlq')) {
  const reason = String(msg.properties.headers?.['x-error'] ?? 'unknown');
  console.log(`${clock()} parked: ${msg.content.toString()} (${reason})`);
  const order = repair(JSON.parse(msg.content.toString()) as { orderId: string; amount: unknown });
  channel.sendToQueue('payments', Buffer.from(JSON.stringify(order)), { persistent: true });
  channel.ack(msg);
  console.log(`${clock()} replayed ${JSON.stringify(order)}`);
  replayed += 1;
}
console.log(`${clock()} replayed ${replayed} messages from payments.dlq`);
await channel.close();
await connection.close();
