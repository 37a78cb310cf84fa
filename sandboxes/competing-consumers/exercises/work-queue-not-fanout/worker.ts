import amqp from 'amqplib';

// Three services run this same file, like three replicas of one deployment.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('tasks', 'fanout', { durable: true });
// Each replica declares its own server-named queue and binds it: publish/subscribe, so every
// replica gets its own copy of every task.
const { queue } = await channel.assertQueue('', { exclusive: true });
await channel.bindQueue(queue, 'tasks', '');
await channel.prefetch(1);

type Task = { id: number; ms: number };
let previous: Promise<void> = Promise.resolve();

await channel.consume(
  queue,
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
console.log(`waiting for tasks on ${queue}`);
