import { connect } from '@nats-io/transport-node';

const nc = await connect({ servers: 'nats://localhost:4222' });

const stock: Record<string, number> = { mug: 10, tee: 5, poster: 0 };
let checks = 0;

// Every request to inventory.check arrives here; msg.respond() publishes the answer to the
// request's reply subject.
nc.subscribe('inventory.check', {
  callback: (error, msg) => {
    if (error) return;
    checks += 1;
    if (checks > 4) {
      // The stock database went down: the service is still subscribed, so requests keep
      // coming, but it cannot answer them. Delete this block to keep it up.
      console.log(`check ${checks}: the stock database is down, no answer`);
      return;
    }
    const order = msg.json<{ id: string; sku: string; quantity: number }>();
    const available = (stock[order.sku] ?? 0) >= order.quantity;
    if (available) stock[order.sku] = (stock[order.sku] ?? 0) - order.quantity;
    msg.respond(JSON.stringify({ available }));
    console.log(
      `${order.id}: ${order.quantity} × ${order.sku} ${available ? 'reserved' : 'sold out'}`,
    );
  },
});
console.log('answering inventory.check');
