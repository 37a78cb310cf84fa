import Redis from 'ioredis';

// Analytics is redeployed just as the first users register: it is back one second later.
await new Promise((resolve) => setTimeout(resolve, 1000));
console.log('analytics is up again');

// Reads the stream from the start ('0'), so registrations made while it was down are counted;
// a real service would keep the last id it processed (or use a consumer group) and resume there.
const reader = new Redis('redis://localhost:6379');
let signups = 0;
let lastId = '0';

for (;;) {
  const batches = await reader.xread('BLOCK', 5000, 'STREAMS', 'users', lastId);
  for (const [, entries] of batches ?? []) {
    for (const [id, fields] of entries) {
      lastId = id;
      const user = JSON.parse(fields[1] ?? '{}') as { id: string; registeredAt: string };
      signups += 1;
      console.log(`recorded signup #${signups} (${user.id} at ${user.registeredAt})`);
    }
  }
}
