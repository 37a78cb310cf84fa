import Redis from 'ioredis';

const stream = 'user_registered';
const redis = new Redis('redis://localhost:6379');

try {
  await redis.xgroup('CREATE', stream, 'analytics', '0', 'MKSTREAM');
} catch (error) {
  if (!String(error).includes('BUSYGROUP')) throw error;
}

type Entry = [id: string, fields: string[]];
let registrations = 0;

while (true) {
  // NOACK: analytics can afford to lose a count, so its entries skip the pending list.
  const reply = (await redis.xreadgroup(
    'GROUP',
    'analytics',
    'analytics-1',
    'COUNT',
    10,
    'BLOCK',
    5000,
    'NOACK',
    'STREAMS',
    stream,
    '>',
  )) as [stream: string, entries: Entry[]][] | null;
  for (const [, entries] of reply ?? []) {
    registrations += entries.length;
    console.log(`registrations so far: ${registrations}`);
  }
}
