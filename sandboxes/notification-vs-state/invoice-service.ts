import amqp from 'amqplib';

// Thin notifications: the event says only who changed, so every notification costs a call back
// to the customer service, and the answer is the customer as it is now, not as the event meant.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('customer.notifications', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('invoice.customer-changes', { durable: true });
await channel.bindQueue(queue, 'customer.notifications', '');

// A call over RabbitMQ: a private reply queue, a correlation id, and a timeout.
const replies = await channel.assertQueue('', { exclusive: true });
const waiting = new Map<string, (body: string) => void>();
await channel.consume(
  replies.queue,
  (msg) => {
    if (msg) waiting.get(msg.properties.correlationId)?.(msg.content.toString());
  },
  { noAck: true },
);
let calls = 0;
let nextCallId = 0;
async function fetchCustomer(customerId: string) {
  calls += 1;
  const correlationId = `call-${(nextCallId += 1)}`;
  const answer = new Promise<string>((resolve, reject) => {
    waiting.set(correlationId, resolve);
    setTimeout(() => reject(new Error('the customer service did not answer in 1000 ms')), 1000);
  });
  channel.sendToQueue('customer.get', Buffer.from(JSON.stringify({ customerId })), {
    replyTo: replies.queue,
    correlationId,
  });
  try {
    return JSON.parse(await answer) as { version: number; address: string };
  } finally {
    waiting.delete(correlationId);
  }
}

const known = new Set<string>();
await channel.consume(queue, async (msg) => {
  if (!msg) return;
  const event = JSON.parse(msg.content.toString()) as { customerId: string; version: number };
  known.add(event.customerId);
  try {
    const customer = await fetchCustomer(event.customerId);
    const note =
      customer.version > event.version
        ? ` (notified of v${event.version}: read a later state)`
        : '';
    console.log(
      `${event.customerId} changed; called back, got v${customer.version}: ${customer.address}${note}`,
    );
    channel.ack(msg);
  } catch (error) {
    // Nothing to act on without the data: put the notification back and try again.
    console.error(`${event.customerId} changed, but: ${(error as Error).message}`);
    channel.nack(msg);
  }
});

// At 5 s the invoice run needs every known customer's address: one more call each.
setTimeout(async () => {
  for (const customerId of known) {
    try {
      const customer = await fetchCustomer(customerId);
      console.log(`invoice for ${customerId} addressed to ${customer.address}`);
    } catch (error) {
      console.error(`no invoice for ${customerId}: ${(error as Error).message}`);
    }
  }
  console.log(`${calls} calls to the customer service`);
}, 5000);
