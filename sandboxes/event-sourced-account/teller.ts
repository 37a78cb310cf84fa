import Redis from 'ioredis';

// The account is its events: stream `account:acc-1`, entry ID `0-<version>`. Redis refuses an
// XADD whose ID is not above the stream's last one, so the ID doubles as the version check.
type AccountEvent =
  | { type: 'AccountOpened'; owner: string }
  | { type: 'MoneyDeposited'; amount: number }
  | { type: 'MoneyWithdrawn'; amount: number };
type Account = { open: boolean; balance: number };
type Command = { kind: 'open'; owner: string } | { kind: 'deposit' | 'withdraw'; amount: number };

const stream = 'account:acc-1';
const redis = new Redis('redis://localhost:6379');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Pure: same events in, same state out. Replaying the log is just this, folded.
function evolve(state: Account, event: AccountEvent): Account {
  switch (event.type) {
    case 'AccountOpened':
      return { open: true, balance: 0 };
    case 'MoneyDeposited':
      return { ...state, balance: state.balance + event.amount };
    case 'MoneyWithdrawn':
      return { ...state, balance: state.balance - event.amount };
  }
}

// The latest snapshot (a cache the snapshotter writes) plus only the events after it.
async function load(): Promise<{ state: Account; version: number }> {
  const raw = await redis.get(`snapshot:${stream}`);
  const snapshot = raw ? (JSON.parse(raw) as { state: Account; version: number }) : undefined;
  let state: Account = snapshot?.state ?? { open: false, balance: 0 };
  let version = snapshot?.version ?? 0;
  const tail = await redis.xrange(stream, `(0-${version}`, '+');
  for (const [id, fields] of tail) {
    state = evolve(state, JSON.parse(fields[1]!) as AccountEvent);
    version = Number(id.split('-')[1]);
  }
  const from = snapshot ? `snapshot v${snapshot.version}` : 'the start';
  console.log(`loaded v${version} from ${from} + ${tail.length} events: balance ${state.balance}`);
  return { state, version };
}

// The command decides against folded state; the event records what was decided.
function decide(state: Account, command: Command): AccountEvent | string {
  if (command.kind === 'open') return { type: 'AccountOpened', owner: command.owner };
  if (!state.open) return 'account is not open';
  if (command.kind === 'deposit') return { type: 'MoneyDeposited', amount: command.amount };
  if (command.amount > state.balance) {
    return `insufficient funds: balance ${state.balance}, asked ${command.amount}`;
  }
  return { type: 'MoneyWithdrawn', amount: command.amount };
}

async function handle(command: Command): Promise<void> {
  for (;;) {
    const { state, version } = await load();
    const event = decide(state, command);
    if (typeof event === 'string') {
      console.log(`rejected ${command.kind}: ${event}`);
      return;
    }
    try {
      await redis.xadd(stream, `0-${version + 1}`, 'event', JSON.stringify(event));
      console.log(
        `appended v${version + 1} ${event.type} ${'amount' in event ? event.amount : ''}`,
      );
      return;
    } catch (error) {
      // Someone else appended v(version + 1) first: reload and decide again.
      console.log(`version conflict at v${version + 1} (${(error as Error).message}); retrying`);
    }
  }
}

const commands: Command[] = [
  { kind: 'open', owner: 'Ada' },
  { kind: 'deposit', amount: 100 },
  { kind: 'deposit', amount: 50 },
  { kind: 'withdraw', amount: 30 },
  { kind: 'deposit', amount: 25 },
];
for (const command of commands) {
  await handle(command);
  await sleep(300);
}

// At 2 s the ATM withdraws at the very same moment: both load the same version.
await sleep(2000 - 5 * 300);
await handle({ kind: 'withdraw', amount: 80 });
await sleep(300);
await handle({ kind: 'deposit', amount: 40 });
await sleep(300);
await handle({ kind: 'withdraw', amount: 10 });
redis.disconnect();
