import Redis from 'ioredis';

const stream = 'user_registered';
const redis = new Redis('redis://localhost:6379');

// Its own group: the profile service keeps its own place in the stream, whatever email does.
try {
  await redis.xgroup('CREATE', stream, 'profile', '0', 'MKSTREAM');
} catch (error) {
  if (!String(error).includes('BUSYGROUP')) throw error;
}

type Entry = [id: string, fields: string[]];

while (true) {
  const reply = (await redis.xreadgroup(
    'GROUP',
    'profile',
    'profile-1',
    'COUNT',
    10,
    'BLOCK',
    5000,
    'STREAMS',
    stream,
    '>',
  )) as [stream: string, entries: Entry[]][] | null;
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const name = fields[fields.indexOf('name') + 1];
      console.log(`created an empty profile for ${name} (entry ${id})`);
      await redis.xack(stream, 'profile', id);
    }
  }
}
