import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';

const nc = await connect({ servers: 'nats://localhost:4222' });
const jsm = await jetstreamManager(nc);
await jsm.streams.add({ name: 'ORDERS', subjects: ['orders.>'] });

// A durable consumer is the stream's bookmark for billing, kept by the server: which messages
// were delivered, which are acked. A message not acked within ack_wait is delivered again.
await jsm.consumers.add('ORDERS', {
  durable_name: 'billing',
  ack_policy: AckPolicy.Explicit,
  ack_wait: 3_000_000_000, // 3 s, in nanoseconds
  filter_subject: 'orders.placed',
});

const js = jetstream(nc);
const consumer = await js.consumers.get('ORDERS', 'billing');
const messages = await consumer.consume();
console.log('reading ORDERS through the durable consumer billing');

for await (const msg of messages) {
  const order = msg.json<{ id: string }>();
  await new Promise((resolve) => setTimeout(resolve, 300));
  console.log(
    `charged ${order.id} (stream message ${msg.seq}, delivery ${msg.info.deliveryCount})`,
  );
  // Until this ack the message counts as ack-pending; crash billing before it and the server
  // delivers it again after ack_wait.
  msg.ack();
}
