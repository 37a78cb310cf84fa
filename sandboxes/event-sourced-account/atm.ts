import Redis from 'ioredis';

// A second writer to the same account, with the same load / decide / append as the teller.
type AccountEvent =
  | { type: 'AccountOpened'; owner: string }
  | { type: 'MoneyDeposited'; amount: number }
  | { type: 'MoneyWithdrawn'; amount: number };

const stream = 'account:acc-1';
const redis = new Redis('redis://localhost:6379');

async function load(): Promise<{ balance: number; version: number }> {
  // No snapshot here, to keep it short: fold the whole stream.
  let balance = 0;
  let version = 0;
  for (const [id, fields] of await redis.xrange(stream, '-', '+')) {
    const event = JSON.parse(fields[1]!) as AccountEvent;
    if (event.type === 'MoneyDeposited') balance += event.amount;
    if (event.type === 'MoneyWithdrawn') balance -= event.amount;
    version = Number(id.split('-')[1]);
  }
  return { balance, version };
}

async function withdraw(amount: number): Promise<void> {
  for (;;) {
    const { balance, version } = await load();
    console.log(`loaded v${version}: balance ${balance}`);
    if (amount > balance) {
      console.log(`rejected withdraw: insufficient funds: balance ${balance}, asked ${amount}`);
      return;
    }
    // Checking the card's PIN takes 50 ms: by the time the ATM appends, the balance it loaded
    // may be stale. The version in the entry ID catches that.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const event: AccountEvent = { type: 'MoneyWithdrawn', amount };
    try {
      await redis.xadd(stream, `0-${version + 1}`, 'event', JSON.stringify(event));
      console.log(`appended v${version + 1} MoneyWithdrawn ${amount}`);
      return;
    } catch (error) {
      console.log(`version conflict at v${version + 1} (${(error as Error).message}); retrying`);
    }
  }
}

// The teller withdraws 80 at 2 s; the ATM asks for 120 at the same moment. Only one can win.
await new Promise((resolve) => setTimeout(resolve, 2000));
await withdraw(120);
redis.disconnect();
