import amqp from 'amqplib';

// Orchestration: one service owns the process. It sends a command to one participant at a
// time, waits for the reply, and decides the next step, including the compensations. The whole
// saga reads top to bottom in `next` below.
type Order = { orderId: string; sku: string; card: string; amount: number };
type Step =
  'placed' | 'charging' | 'reserving' | 'refunding' | 'shipping' | 'completed' | 'cancelled';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('orchestrator.replies', { durable: true });
const send = (participant: string, command: string, body: object) =>
  channel.sendToQueue(`${participant}.commands`, Buffer.from(JSON.stringify(body)), {
    type: command,
    replyTo: 'orchestrator.replies',
    persistent: true,
  });

const sagas = new Map<string, { order: Order; step: Step; why?: string }>();
function moveTo(orderId: string, step: Step, why?: string): void {
  const saga = sagas.get(orderId)!;
  console.log(`${orderId}: ${saga.step} → ${step}${why ? ` (${why})` : ''}`);
  saga.step = step;
  saga.why = why;
  const { order } = saga;
  if (step === 'charging') send('payment', 'ChargePayment', order);
  if (step === 'reserving') send('inventory', 'ReserveStock', order);
  if (step === 'refunding') send('payment', 'RefundPayment', order);
  if (step === 'shipping') send('shipping', 'ScheduleShipment', order);
}

// The replies each step waits for. Anything else (a duplicate, a reply to an earlier step) is
// ignored: the orchestrator knows where each saga stands.
const expected: Partial<Record<Step, string[]>> = {
  charging: ['PaymentCaptured', 'PaymentFailed'],
  reserving: ['StockReserved', 'StockUnavailable'],
  refunding: ['PaymentRefunded'],
  shipping: ['ShipmentScheduled'],
};

// Every reply moves one saga one step.
function next(orderId: string, reply: string, reason?: string): void {
  const step = sagas.get(orderId)!.step;
  if (!expected[step]?.includes(reply)) {
    console.log(`${orderId}: ignored ${reply} while ${step}`);
    return;
  }
  if (reply === 'PaymentCaptured') moveTo(orderId, 'reserving');
  if (reply === 'PaymentFailed') moveTo(orderId, 'cancelled', reason);
  if (reply === 'StockReserved') moveTo(orderId, 'shipping');
  if (reply === 'StockUnavailable') moveTo(orderId, 'refunding', reason);
  if (reply === 'PaymentRefunded') moveTo(orderId, 'cancelled', 'refunded after: out of stock');
  if (reply === 'ShipmentScheduled') moveTo(orderId, 'completed');
}

await channel.consume('orchestrator.replies', (msg) => {
  if (!msg) return;
  const { orderId, reason } = JSON.parse(msg.content.toString()) as {
    orderId: string;
    reason?: string;
  };
  next(orderId, msg.properties.type as string, reason);
  channel.ack(msg);
});

const orders: Order[] = [
  { orderId: 'o-1', sku: 'book', card: 'visa-ok', amount: 30 },
  { orderId: 'o-2', sku: 'book', card: 'visa-declined', amount: 30 },
  { orderId: 'o-3', sku: 'lamp', card: 'visa-ok', amount: 55 },
];
for (const order of orders) {
  sagas.set(order.orderId, { order, step: 'placed' });
  console.log(`${order.orderId}: placed (${order.sku}, ${order.card})`);
  moveTo(order.orderId, 'charging');
}
setTimeout(() => {
  const states = [...sagas].map(([id, s]) => `${id} ${s.step}${s.why ? ` (${s.why})` : ''}`);
  console.log(`final: ${states.join('; ')}`);
}, 3000);
