import Redis from 'ioredis';

const stream = 'user_registered';
const group = 'email';
const consumer = 'email-2';
// An entry another consumer has held this long without XACK is taken to be abandoned.
const minIdleMs = 3000;

const redis = new Redis('redis://localhost:6379');

try {
  await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
} catch (error) {
  if (!String(error).includes('BUSYGROUP')) throw error;
}

type Entry = [id: string, fields: string[]];
type PendingEntry = [id: string, consumer: string, idleMs: number, deliveries: number];

// A standby: it reads no new entries itself, it only sweeps the group's pending entries list.
// Nothing moves an entry out of that list by itself: not a crash, not a timeout. The entry
// stays there, owned by the dead consumer, until someone claims it.
while (true) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const pending = (await redis.xpending(stream, group, '-', '+', 10)) as PendingEntry[];
  for (const [id, owner, idleMs, deliveries] of pending) {
    if (owner !== consumer && idleMs < minIdleMs) {
      console.log(`entry ${id} pending under ${owner} for ${idleMs} ms (delivered ${deliveries}×)`);
    }
  }
  // XAUTOCLAIM moves entries idle for at least minIdleMs to this consumer, counts one more
  // delivery, and returns them: [next cursor, claimed entries, ids deleted meanwhile].
  const [, claimed] = (await redis.xautoclaim(
    stream,
    group,
    consumer,
    minIdleMs,
    '0-0',
    'COUNT',
    10,
  )) as [string, Entry[], string[]];
  for (const [id, fields] of claimed) {
    const email = fields[fields.indexOf('email') + 1];
    console.log(`claimed entry ${id} with XAUTOCLAIM; sending welcome email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.xack(stream, group, id);
    console.log(`sent, and acknowledged entry ${id}`);
  }
}
