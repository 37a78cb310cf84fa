import { connect } from '@nats-io/transport-node';

const nc = await connect({ servers: 'nats://localhost:4222' });

// Two services run this file. Subscribers that name the same queue group share the messages:
// each OrderPlaced goes to one member, picked at random. This is core NATS: nothing is stored
// for the group, so an order published while both packers are down is never packed (the
// stream still keeps it for JetStream consumers such as billing).
nc.subscribe('orders.placed', {
  queue: 'packers',
  callback: (error, msg) => {
    if (error) return;
    const order = msg.json<{ id: string; sku: string; quantity: number }>();
    console.log(`packing ${order.id}: ${order.quantity} × ${order.sku}`);
  },
});
console.log('in queue group packers on orders.placed');
