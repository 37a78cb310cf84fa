import amqp from 'amqplib';

// A card gateway that is down for a while: it times out on the first seven attempts. A real
// gateway would be another service; here it is a function, so the run is the same every time.
let attempts = 0;
async function chargeCard(orderId: string): Promise<void> {
  attempts += 1;
  if (attempts <= 7) throw new Error(`gateway timeout charging ${orderId}`);
}

// Exponential back-off: 1 s, 2 s, 4 s … doubling, never more than 60 s between attempts.
// (Production code adds random jitter, so many clients do not retry in step.)
const backoffMs = (attempt: number): number => Math.min(60_000, 1_000 * 2 ** (attempt - 1));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const clock = () => new Date().toISOString().slice(11, 19);

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('payments', { durable: true });
await channel.prefetch(1);

await channel.consume('payments', async (msg) => {
  if (!msg) return;
  const { orderId } = JSON.parse(msg.content.toString()) as { orderId: string };
  for (let attempt = 1; ; attempt += 1) {
    try {
      await chargeCard(orderId);
      console.log(`${clock()} charged order ${orderId} on attempt ${attempt}`);
      channel.ack(msg);
      return;
    } catch (error) {
      const wait = backoffMs(attempt);
      console.log(
        `${clock()} attempt ${attempt} failed (${(error as Error).message}); retrying in ${wait / 1000} s`,
      );
      // The message stays unacked while we wait: if this service crashed now, RabbitMQ would
      // hand the order to another consumer.
      await sleep(wait);
    }
  }
});
console.log(`${clock()} waiting for payments`);
