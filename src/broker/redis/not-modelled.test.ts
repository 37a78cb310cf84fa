import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import type { StreamsClient } from './streams-client';

type Client = StreamsClient & Record<string, (...args: unknown[]) => Promise<unknown>>;

/**
 * Everything the simulated ioredis accepts from a reader but does not model, each with a call
 * that reaches it and words of what the error offers instead. README.md's "Refused at once"
 * list must name exactly these.
 */
const refused: readonly {
  readonly what: string;
  readonly call: (make: (...args: unknown[]) => Client) => unknown;
  readonly instead: string;
}[] = [
  { what: 'SET … EXAT', call: (make) => make().set('k', 'v', 'EXAT', 1), instead: 'EX' },
  { what: 'SET … PXAT', call: (make) => make().set('k', 'v', 'pxat', 1), instead: 'PX' },
  { what: 'keyPrefix', call: (make) => make({ keyPrefix: 'app:' }), instead: 'full key names' },
  { what: 'db', call: (make) => make({ db: 2 }), instead: 'database 0' },
  {
    what: 'a database in the URL',
    call: (make) => make('redis://localhost:6379/3'),
    instead: 'database 0',
  },
  { what: 'stringNumbers', call: (make) => make({ stringNumbers: true }), instead: 'default' },
  {
    what: 'enableOfflineQueue: false',
    call: (make) => make({ enableOfflineQueue: false }),
    instead: 'offline queue',
  },
  {
    what: 'retryStrategy',
    call: (make) => make({ retryStrategy: () => 10 }),
    instead: 'min(times × 50, 2000)',
  },
  { what: 'sentinels', call: (make) => make({ sentinels: [] }), instead: 'a single server' },
  { what: 'readOnly', call: (make) => make({ readOnly: true }), instead: 'a normal connection' },
  { what: 'XSETID', call: (make) => make().xsetid('s', '1-1'), instead: 'XGROUP SETID' },
  { what: 'XINFO HELP', call: (make) => make().xinfo('HELP'), instead: 'documentation' },
  { what: 'XGROUP HELP', call: (make) => make().xgroup('HELP'), instead: 'documentation' },
  {
    what: 'XINFO STREAM … FULL',
    call: (make) => make().xinfo('STREAM', 's', 'FULL'),
    instead: 'XINFO GROUPS',
  },
  {
    what: "replyMapping: 'resp3'",
    call: (make) => make({ replyMapping: 'resp3' }).xlen('s'),
    instead: 'default mapping',
  },
  {
    what: 'an id part above 2^53',
    call: (make) => make().xadd('s', '9007199254740993-0', 'f', 'v'),
    instead: 'ids',
  },
];

/** The error a call ends in, thrown at once or as its promise's rejection. */
async function failure(run: () => unknown): Promise<Error | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('Redis: what the simulator refuses instead of answering differently', () => {
  for (const { what, call, instead } of refused) {
    it(`refuses ${what}, saying it is not modelled and what to use instead`, async () => {
      const { broker } = startVirtualBroker();
      const { default: Redis } = broker.modulesFor('service').ioredis;
      const error = await failure(() => call((...args) => new Redis(...args) as Client));
      expect(error?.message).toMatch(/ is not modelled in the simulator; use .+ instead$/);
      expect(error?.message).toContain(instead);
    });
  }

  it('README.md lists exactly what is refused', () => {
    const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
    const section = /<!-- refused:start -->([\s\S]*?)<!-- refused:end -->/.exec(readme)?.[1] ?? '';
    const listed = [...section.matchAll(/^- `([^`]+)`/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual(refused.map(({ what }) => what).sort());
  });

  it('the options that only say how to reach a server are taken as they are', async () => {
    const { broker } = startVirtualBroker();
    const { default: Redis } = broker.modulesFor('service').ioredis;
    const r = new Redis(6379, 'localhost', { password: 'x', connectTimeout: 5, db: 0 });
    expect(await r.set('k', 'v')).toBe('OK');
    expect(await new Redis('redis://localhost:6379/0').get('k')).toBe('v');
  });
});
