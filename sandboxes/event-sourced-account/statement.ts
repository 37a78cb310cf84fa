import Redis from 'ioredis';

// A projection: it starts late, with no state of its own, and rebuilds the account's history
// by replaying the log from the first event. Crash it and restart it: it rebuilds again.
type AccountEvent =
  | { type: 'AccountOpened'; owner: string }
  | { type: 'MoneyDeposited'; amount: number }
  | { type: 'MoneyWithdrawn'; amount: number };

const stream = 'account:acc-1';
const redis = new Redis('redis://localhost:6379');

let balance = 0;
const entries = await redis.xrange(stream, '-', '+');
for (const [id, fields] of entries) {
  const event = JSON.parse(fields[1]!) as AccountEvent;
  if (event.type === 'AccountOpened') console.log(`${id} opened for ${event.owner}`);
  if (event.type === 'MoneyDeposited') balance += event.amount;
  if (event.type === 'MoneyWithdrawn') balance -= event.amount;
  if (event.type !== 'AccountOpened') {
    console.log(
      `${id} ${event.type.padEnd(14)} ${String(event.amount).padStart(4)}  balance ${balance}`,
    );
  }
}
console.log(`rebuilt from ${entries.length} events: balance ${balance}`);
redis.disconnect();
