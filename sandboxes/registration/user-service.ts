import Redis from 'ioredis';

// This service starts 500 ms after the others (startDelayMs in sandbox.json). Redis Pub/Sub
// stores nothing: an event published while no one is subscribed is dropped for good, and
// PUBLISH returns 0. So the consumers must be listening before the first registration.
const redis = new Redis('redis://localhost:6379');

const users = [
  { id: 'u-1', name: 'Ada', email: 'ada@example.com' },
  { id: 'u-2', name: 'Grace', email: 'grace@example.com' },
  { id: 'u-3', name: 'Linus', email: 'linus@example.com' },
];

for (const user of users) {
  console.log(`saved ${user.email} to the users table`);
  // The producer only states what happened; it does not know who listens.
  const event = { type: 'user_registered', ...user, registeredAt: new Date().toISOString() };
  const receivers = await redis.publish('user_registered', JSON.stringify(event));
  console.log(`published user_registered for ${user.id}, received by ${receivers} subscribers`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

await redis.quit();
