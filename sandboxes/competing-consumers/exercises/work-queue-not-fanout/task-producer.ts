import amqp from 'amqplib';

// Publishes each task to the tasks exchange; which queues get it is the consumers' choice
// (their bindings), not the producer's.
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertExchange('tasks', 'fanout', { durable: true });

const durations = [300, 200, 200, 300, 200, 200];
durations.forEach((ms, index) => {
  const task = { id: index + 1, ms };
  channel.publish('tasks', '', Buffer.from(JSON.stringify(task)), { persistent: true });
  console.log(`published task ${task.id} (${ms} ms of work)`);
});

await channel.close();
await connection.close();
