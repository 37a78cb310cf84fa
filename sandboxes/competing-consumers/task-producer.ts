import amqp from 'amqplib';

const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('tasks', { durable: true });

// Uneven work: a few slow tasks among many quick ones.
const durations = [1200, 200, 200, 1200, 200, 200, 200, 1200, 200];

durations.forEach((ms, index) => {
  const task = { id: index + 1, ms };
  // The default exchange ('') routes by queue name.
  channel.sendToQueue('tasks', Buffer.from(JSON.stringify(task)), { persistent: true });
  console.log(`queued task ${task.id} (${ms} ms of work)`);
});

await channel.close();
await connection.close();
