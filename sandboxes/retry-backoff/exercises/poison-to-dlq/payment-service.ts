import amqp from 'amqplib';

type Payment = { orderId: string; amount: number; card: string };

// The card gateway: a malformed card number fails every time, whatever the wait.
async function chargeCard(payment: Payment): Promise<void> {
  if (payment.card.includes('X')) throw new Error(`card number of ${payment.orderId} is malformed`);
}

const backoffMs = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments', { durable: true });
await channel.prefetch(1);

await channel.consume('payments', async (msg) => {
  if (!msg) return;
  const payment = JSON.parse(msg.content.toString()) as Payment;
  // Retries for ever: a message that can never succeed holds the queue's only slot, and every
  // order behind it waits.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await chargeCard(payment);
      console.log(`charged order ${payment.orderId} on attempt ${attempt}`);
      channel.ack(msg);
      return;
    } catch (error) {
      const wait = backoffMs(attempt);
      console.log(
        `attempt ${attempt} for ${payment.orderId} failed (${(error as Error).message}); retrying in ${wait / 1000} s`,
      );
      await sleep(wait);
    }
  }
});
console.log('waiting for payments');
