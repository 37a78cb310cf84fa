import Redis from 'ioredis';

// Its own connection for subscribing: with RESP2 a subscribed connection may only (un)subscribe,
// and even with RESP3 (ioredis 6's default) a dedicated subscriber keeps commands out of its way.
const subscriber = new Redis('redis://localhost:6379');

subscriber.on('message', (channel, message) => {
  const user = JSON.parse(message) as { id: string; name: string; email: string };
  console.log(`sent welcome email to ${user.email} (from ${channel})`);
});

await subscriber.subscribe('user_registered');
console.log('listening on user_registered');
