import amqp from 'amqplib';

// Three services run this same file, like three replicas of one deployment.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('tasks', { durable: true });
// At most one unacked task per worker: the broker gives the next task to whoever is free,
// instead of dealing them out in strict turns regardless of how busy a worker is.
await channel.prefetch(1);

await channel.consume(
  'tasks',
  async (msg) => {
    if (!msg) return;
    const task = JSON.parse(msg.content.toString()) as { id: number; ms: number };
    console.log(`started task ${task.id} (${task.ms} ms)`);
    await new Promise((resolve) => setTimeout(resolve, task.ms));
    console.log(`finished task ${task.id}`);
    channel.ack(msg);
  },
  { noAck: false },
);
console.log('waiting for tasks');
