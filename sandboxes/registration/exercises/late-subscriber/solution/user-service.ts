import Redis from 'ioredis';

// This service starts 500 ms after the others (startDelayMs in sandbox.json). Pub/Sub stores
// nothing, so each registration is also appended to a stream, which Redis keeps: a consumer
// that was down reads what it missed when it is back.
const redis = new Redis('redis://localhost:6379');

const users = [
  { id: 'u-1', name: 'Ada', email: 'ada@example.com' },
  { id: 'u-2', name: 'Grace', email: 'grace@example.com' },
  { id: 'u-3', name: 'Linus', email: 'linus@example.com' },
];

for (const user of users) {
  console.log(`saved ${user.email} to the users table`);
  const event = { type: 'user_registered', ...user, registeredAt: new Date().toISOString() };
  const receivers = await redis.publish('user_registered', JSON.stringify(event));
  await redis.xadd('users', '*', 'event', JSON.stringify(event));
  console.log(`published user_registered for ${user.id}, received by ${receivers} subscribers`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

await redis.quit();
