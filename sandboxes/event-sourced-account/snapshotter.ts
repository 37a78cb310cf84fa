import Redis from 'ioredis';

// Takes a snapshot every 3 events, in the background, off the write path. A snapshot is a
// cache: delete it and the teller folds the whole stream instead, with the same result.
type AccountEvent =
  | { type: 'AccountOpened'; owner: string }
  | { type: 'MoneyDeposited'; amount: number }
  | { type: 'MoneyWithdrawn'; amount: number };

const every = 3;
const stream = 'account:acc-1';
const reader = new Redis('redis://localhost:6379');
// A blocked XREAD holds its connection, so the snapshot is written on a second one.
const writer = reader.duplicate();

let state = { open: false, balance: 0 };
let lastId = '0';
for (;;) {
  const reply = await reader.xread('BLOCK', 0, 'STREAMS', stream, lastId);
  for (const [, entries] of reply ?? []) {
    for (const [id, fields] of entries) {
      const event = JSON.parse(fields[1]!) as AccountEvent;
      if (event.type === 'AccountOpened') state = { open: true, balance: 0 };
      if (event.type === 'MoneyDeposited')
        state = { ...state, balance: state.balance + event.amount };
      if (event.type === 'MoneyWithdrawn')
        state = { ...state, balance: state.balance - event.amount };
      lastId = id;
      const version = Number(id.split('-')[1]);
      if (version % every === 0) {
        await writer.set(`snapshot:${stream}`, JSON.stringify({ state, version }));
        console.log(`snapshot at v${version}: balance ${state.balance}`);
      }
    }
  }
}
