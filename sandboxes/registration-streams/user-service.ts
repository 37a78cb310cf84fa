import Redis from 'ioredis';

// A stream is an append-only log under one key. Unlike Pub/Sub, an entry is kept after it is
// written: a reader that is down, slow or not started yet reads it later from where it stopped.
const redis = new Redis('redis://localhost:6379');

const users = [
  { id: 'u-1', name: 'Ada', email: 'ada@example.com' },
  { id: 'u-2', name: 'Grace', email: 'grace@example.com' },
  { id: 'u-3', name: 'Linus', email: 'linus@example.com' },
];

for (const user of users) {
  console.log(`saved ${user.email} to the users table`);
  // '*' lets Redis choose the id: <milliseconds>-<sequence>, always greater than the last one.
  const id = await redis.xadd(
    'user_registered',
    '*',
    'id',
    user.id,
    'name',
    user.name,
    'email',
    user.email,
  );
  console.log(`appended user_registered ${user.id} as entry ${id}`);
  await new Promise((resolve) => setTimeout(resolve, 400));
}

console.log(`the stream keeps all ${await redis.xlen('user_registered')} entries`);
await redis.quit();
