import amqp from 'amqplib';

// Event-carried state transfer: every event carries the customer's new state, so this service
// keeps its own copy and never calls the customer service. The copy is as fresh as the last
// event that arrived, and is there even when the customer service is not.
type Customer = { customerId: string; version: number; name: string; address: string };
const copies = new Map<string, Customer>();

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('customer.state', 'fanout', { durable: true });
const { queue } = await channel.assertQueue('shipping.customer-state', { durable: true });
await channel.bindQueue(queue, 'customer.state', '');

await channel.consume(queue, (msg) => {
  if (!msg) return;
  const customer = JSON.parse(msg.content.toString()) as Customer;
  const held = copies.get(customer.customerId);
  // Keep the newest version: an older event arriving late must not overwrite a newer copy.
  if (!held || customer.version > held.version) copies.set(customer.customerId, customer);
  console.log(
    `copy of ${customer.customerId} is now v${copies.get(customer.customerId)!.version}: ${copies.get(customer.customerId)!.address}`,
  );
  channel.ack(msg);
});

// At 5 s the dispatch run reads the local copies: no calls.
setTimeout(() => {
  for (const customer of copies.values()) {
    console.log(
      `parcel for ${customer.customerId} labelled ${customer.address} (local copy v${customer.version})`,
    );
  }
  console.log('0 calls to the customer service');
}, 5000);
