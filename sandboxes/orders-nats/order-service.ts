import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';

const nc = await connect({ servers: 'nats://localhost:4222' });

// A stream captures every message published on its subjects and keeps it (file storage by
// default), whether or not anyone is reading. Adding it again with the same settings is fine.
const jsm = await jetstreamManager(nc);
await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });
const js = jetstream(nc);

const orders = [
  { id: 'o-1', sku: 'mug', quantity: 2 },
  { id: 'o-2', sku: 'tee', quantity: 1 },
  { id: 'o-3', sku: 'poster', quantity: 1 },
  { id: 'o-4', sku: 'mug', quantity: 1 },
  { id: 'o-5', sku: 'tee', quantity: 3 },
  { id: 'o-6', sku: 'mug', quantity: 1 },
];

for (const order of orders) {
  // Request/reply: a publish with a reply subject (an _INBOX), and the first answer wins.
  try {
    const reply = await nc.request('inventory.check', JSON.stringify(order), { timeout: 500 });
    const stock = reply.json<{ available: boolean }>();
    if (!stock.available) {
      console.log(`order ${order.id}: ${order.sku} is out of stock, not placed`);
      continue;
    }
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'TimeoutError') {
      // Someone is subscribed, but no answer came in time.
      console.log(`order ${order.id}: stock check timed out after 500 ms, not placed`);
    } else if (message.includes('no responders')) {
      // Nobody is subscribed to inventory.check: the server says so at once (status 503).
      console.log(`order ${order.id}: no inventory service is running (${message})`);
    } else {
      throw error;
    }
    continue;
  }
  // js.publish waits for the stream's acknowledgement: the order is stored once this returns.
  // msgID lets the stream drop a repeat of the same order inside its duplicate window.
  const ack = await js.publish('orders.placed', JSON.stringify(order), { msgID: order.id });
  console.log(`OrderPlaced ${order.id} stored in ${ack.stream} as message ${ack.seq}`);
  await new Promise((resolve) => setTimeout(resolve, 400));
}

await nc.drain();
