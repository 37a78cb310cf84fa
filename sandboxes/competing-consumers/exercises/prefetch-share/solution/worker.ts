import amqp from 'amqplib';

// Three services run this same file, like three replicas of one deployment.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('tasks', { durable: true });
// At most one unacked task per worker: the broker gives the next task to whoever is free,
// instead of dealing them out in strict turns regardless of how busy a worker is.
await channel.prefetch(1);

type Task = { id: number; ms: number };

// One task at a time, like a worker whose work blocks its only thread (CPU work, a synchronous
// driver). An async handler alone would start every delivery it holds at once.
let previous: Promise<void> = Promise.resolve();

await channel.consume(
  'tasks',
  (msg) => {
    if (!msg) return;
    previous = previous.then(async () => {
      const task = JSON.parse(msg.content.toString()) as Task;
      console.log(`started task ${task.id} (${task.ms} ms)`);
      await new Promise((resolve) => setTimeout(resolve, task.ms));
      console.log(`finished task ${task.id}`);
      channel.ack(msg);
    });
  },
  { noAck: false },
);
console.log('waiting for tasks');
