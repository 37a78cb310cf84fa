import Redis from 'ioredis';

const stream = 'user_registered';
const group = 'email';
const consumer = 'email-1';

const redis = new Redis('redis://localhost:6379');

// One consumer group per service: each group has its own position in the stream, so email,
// profile and analytics all see every entry. '0' starts the group at the beginning; MKSTREAM
// creates the stream if the producer has not written yet. BUSYGROUP means it already exists.
try {
  await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
} catch (error) {
  if (!String(error).includes('BUSYGROUP')) throw error;
}

type Entry = [id: string, fields: string[]];

/** An entry's fields come as a flat list: name, value, name, value… */
function fieldsOf(fields: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
  return record;
}

while (true) {
  // '>' asks for entries never delivered to anyone in the group. Each one is put on the group's
  // pending entries list (PEL) under this consumer's name until it is acknowledged with XACK.
  const reply = (await redis.xreadgroup(
    'GROUP',
    group,
    consumer,
    'COUNT',
    1,
    'BLOCK',
    5000,
    'STREAMS',
    stream,
    '>',
  )) as [stream: string, entries: Entry[]][] | null;
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const user = fieldsOf(fields);
      console.log(`sending welcome email to ${user.email} (entry ${id})`);
      if (user.name === 'Linus') {
        // The mail library crashes this process on this address. Delete these lines and
        // crash email-1 from the flow view instead, while it is sending.
        console.log(`crashed before XACK: entry ${id} stays pending under ${consumer}`);
        process.exit(1);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      await redis.xack(stream, group, id);
      console.log(`sent, and acknowledged entry ${id}`);
    }
  }
}
