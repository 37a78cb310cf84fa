import { Kafka } from 'kafkajs';

// The write side: it validates commands against its own state and records each outcome as an
// event (with the order's version) on `order-events`, keyed by order id so each order's events
// stay in order. It answers no queries.
type Status = 'placed' | 'paid' | 'shipped';
type Command =
  | { kind: 'PlaceOrder'; orderId: string; total: number }
  | { kind: 'PayOrder' | 'ShipOrder'; orderId: string };

const kafka = new Kafka({ clientId: 'orders', brokers: ['localhost:9092'] });
const producer = kafka.producer();
await producer.connect();
const orders = new Map<string, { status: Status; version: number; total: number }>();

async function handle(command: Command): Promise<void> {
  const order = orders.get(command.orderId);
  let event: { type: string; status: Status; total: number };
  if (command.kind === 'PlaceOrder' && !order) {
    event = { type: 'OrderPlaced', status: 'placed', total: command.total };
  } else if (command.kind === 'PayOrder' && order?.status === 'placed') {
    event = { type: 'OrderPaid', status: 'paid', total: order.total };
  } else if (command.kind === 'ShipOrder' && order?.status === 'paid') {
    event = { type: 'OrderShipped', status: 'shipped', total: order.total };
  } else {
    console.log(`refused ${command.kind} ${command.orderId} (it is ${order?.status ?? 'unknown'})`);
    return;
  }
  const version = (order?.version ?? 0) + 1;
  orders.set(command.orderId, { status: event.status, version, total: event.total });
  await producer.send({
    topic: 'order-events',
    messages: [
      {
        key: command.orderId,
        value: JSON.stringify({ ...event, orderId: command.orderId, version }),
      },
    ],
  });
  console.log(`${command.kind} ${command.orderId}: ${event.type} v${version}`);
}

const commands: Command[] = [
  { kind: 'PlaceOrder', orderId: 'o-1', total: 30 },
  { kind: 'PlaceOrder', orderId: 'o-2', total: 55 },
  { kind: 'PayOrder', orderId: 'o-1' },
  { kind: 'ShipOrder', orderId: 'o-2' },
  { kind: 'PlaceOrder', orderId: 'o-3', total: 12 },
  { kind: 'PayOrder', orderId: 'o-2' },
  { kind: 'ShipOrder', orderId: 'o-1' },
  { kind: 'PayOrder', orderId: 'o-3' },
  { kind: 'ShipOrder', orderId: 'o-2' },
];
for (const command of commands) {
  await handle(command);
  await new Promise((resolve) => setTimeout(resolve, 500));
}
await producer.disconnect();
