import amqp from 'amqplib';

// Three services run this same file, like three replicas of one deployment.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('tasks', 'fanout', { durable: true });
// One named queue that every replica declares and consumes from: a work queue, so each task
// goes to one replica only, and a free replica takes the next.
const { queue } = await channel.assertQueue('task-work', { durable: true });
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
