import Redis from 'ioredis';

// A connection that subscribes can do nothing else, so each consumer opens its own.
const subscriber = new Redis('redis://localhost:6379');

subscriber.on('message', (channel, message) => {
  const user = JSON.parse(message) as { id: string; name: string; email: string };
  console.log(`sent welcome email to ${user.email} (from ${channel})`);
});

await subscriber.subscribe('user_registered');
console.log('listening on user_registered');
