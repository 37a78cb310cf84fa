import Redis from 'ioredis';

const subscriber = new Redis('redis://localhost:6379');

subscriber.on('message', (_channel, message) => {
  const user = JSON.parse(message) as { id: string; name: string };
  console.log(`created profile page /people/${user.id} for ${user.name}`);
});

await subscriber.subscribe('user_registered');
console.log('listening on user_registered');
