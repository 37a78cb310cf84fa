import amqp from 'amqplib';

// Owns the customers. Every change goes out twice, so the two styles can be compared:
// a thin notification ("c-1 changed, now v2") and the full new state.
type Customer = { customerId: string; version: number; name: string; address: string };
const customers = new Map<string, Customer>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('customer.notifications', 'fanout', { durable: true });
await channel.assertExchange('customer.state', 'fanout', { durable: true });

// The API the thin style needs: "give me customer X as it is now" (RabbitMQ RPC: reply-to).
await channel.assertQueue('customer.get', { durable: true });
let callsServed = 0;
await channel.consume('customer.get', async (msg) => {
  if (!msg) return;
  const { customerId } = JSON.parse(msg.content.toString()) as { customerId: string };
  callsServed += 1;
  // Looking a customer up takes 50 ms, as a database query does.
  await sleep(50);
  const reply = JSON.stringify(customers.get(customerId) ?? null);
  channel.sendToQueue(msg.properties.replyTo, Buffer.from(reply), {
    correlationId: msg.properties.correlationId,
  });
  channel.ack(msg);
});

function change(customerId: string, name: string, address: string): void {
  const version = (customers.get(customerId)?.version ?? 0) + 1;
  const customer = { customerId, version, name, address };
  customers.set(customerId, customer);
  const thin = { type: 'CustomerChanged', customerId, version };
  const full = { type: 'CustomerUpdated', ...customer };
  channel.publish('customer.notifications', '', Buffer.from(JSON.stringify(thin)));
  channel.publish('customer.state', '', Buffer.from(JSON.stringify(full)));
  console.log(`changed ${customerId} to v${version}: ${address}`);
}

change('c-1', 'Ada', '1 Old Street');
await sleep(20);
// Twenty milliseconds later, a typo fixed: a second change right behind the first.
change('c-1', 'Ada', '1 Old Street, Flat 2');
await sleep(1000);
change('c-2', 'Grace', '7 Harbour Road');
await sleep(4000);
console.log(`served ${callsServed} calls for customer data`);
