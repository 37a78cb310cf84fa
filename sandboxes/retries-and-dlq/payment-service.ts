import amqp from 'amqplib';

// Retries live in RabbitMQ, not in this process: a failed message is acked here and re-published
// to a retry queue with a per-message TTL. When the TTL runs out, the queue's dead-letter
// exchange ('' = the default exchange) routes it back to 'payments'. Nothing waits in memory,
// so a crash while a message waits loses nothing and blocks no prefetch slot.
const maxRetries = 3;
const retryQueue = (attempt: number) => `payments.retry.${attempt}`;
const clock = () => new Date().toISOString().slice(11, 19);

// Exponential back-off (1 s, 2 s, 4 s) with full jitter on top: retries of many messages that
// failed together do not come back together.
const backoffMs = (retry: number) => Math.round(1000 * 2 ** (retry - 1) * (1 + Math.random()));

// The card gateway is down for the first 6 s after this service starts.
const startedAt = Date.now();
class TransientError extends Error {}
async function chargeCard(orderId: string): Promise<void> {
  if (Date.now() - startedAt < 6000)
    throw new TransientError(`gateway timeout charging ${orderId}`);
}

// A permanent failure: retrying cannot fix a bad message, so it goes straight to the DLQ.
function parseAmount(raw: unknown): number {
  if (typeof raw !== 'number') throw new Error(`amount ${JSON.stringify(raw)} is not a number`);
  return raw;
}

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments', { durable: true });
await channel.assertQueue('payments.dlq', { durable: true });
for (let attempt = 1; attempt <= maxRetries; attempt += 1) {
  await channel.assertQueue(retryQueue(attempt), {
    durable: true,
    deadLetterExchange: '',
    deadLetterRoutingKey: 'payments',
  });
}
await channel.prefetch(1);

await channel.consume('payments', async (msg) => {
  if (!msg) return;
  const order = JSON.parse(msg.content.toString()) as { orderId: string; amount: unknown };
  const retry = Number(msg.properties.headers?.['x-retry'] ?? 0);
  let outcome: string;
  try {
    const amount = parseAmount(order.amount);
    await chargeCard(order.orderId);
    outcome = `charged ${order.orderId}: ${amount.toFixed(2)}`;
  } catch (error) {
    const reason = (error as Error).message;
    if (error instanceof TransientError && retry < maxRetries) {
      const wait = backoffMs(retry + 1);
      channel.sendToQueue(retryQueue(retry + 1), msg.content, {
        persistent: true,
        expiration: String(wait),
        headers: { 'x-retry': retry + 1 },
      });
      outcome = `${order.orderId} failed (${reason}); retry ${retry + 1} in ${wait} ms`;
    } else {
      channel.sendToQueue('payments.dlq', msg.content, {
        persistent: true,
        headers: { 'x-retry': retry, 'x-error': reason },
      });
      outcome = `${order.orderId} parked in payments.dlq (${reason})`;
    }
  }
  // Acked in every case: the message now lives in a retry queue, the DLQ, or is done.
  channel.ack(msg);
  console.log(`${clock()} ${outcome}`);
});
console.log(`${clock()} waiting for payments`);
