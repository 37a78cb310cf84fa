import Redis from 'ioredis';

// Analytics is redeployed just as the first users register: it is back one second later.
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log('analytics is up again');

const subscriber = new Redis('redis://localhost:6379');
let signups = 0;

subscriber.on('message', (_channel, message) => {
  const user = JSON.parse(message) as { id: string; registeredAt: string };
  signups += 1;
  console.log(`recorded signup #${signups} (${user.id} at ${user.registeredAt})`);
});

await subscriber.subscribe('user_registered');
console.log('listening on user_registered');
