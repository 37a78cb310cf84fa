import { notModelled } from './not-modelled';

/**
 * `new Redis(...)` options that change what commands do or how the connection behaves, which
 * the simulator does not model: refused at construction rather than accepted and ignored.
 * Options about reaching a server (host, port, password, timeouts…) have nothing to change
 * here and pass. Each entry: is the option set to something that matters, and what to do.
 */
export const refusedClientOptions: readonly {
  readonly option: string;
  readonly applies: (value: unknown) => boolean;
  readonly instead: string;
}[] = [
  {
    option: 'keyPrefix',
    applies: (value) => typeof value === 'string' && value !== '',
    instead: 'full key names in each command',
  },
  {
    option: 'db',
    applies: (value) => value !== undefined && Number(value) !== 0,
    instead: 'database 0 with distinct key names',
  },
  {
    option: 'stringNumbers',
    applies: (value) => value === true,
    instead: 'the default number replies',
  },
  {
    option: 'enableOfflineQueue',
    applies: (value) => value === false,
    instead: 'the default offline queue (commands wait until the connection is ready)',
  },
  {
    option: 'retryStrategy',
    applies: (value) => value !== undefined,
    instead: "ioredis's default reconnect delay, min(times × 50, 2000) ms",
  },
  {
    option: 'sentinels',
    applies: (value) => value !== undefined,
    instead: 'a single server (no host or port needed)',
  },
  {
    option: 'readOnly',
    applies: (value) => value === true,
    instead: 'a normal connection',
  },
];

/** Throws for the first option above that is set, or a database chosen in a redis:// URL. */
export function refuseUnmodelledOptions(options: Record<string, unknown>, url?: string): void {
  for (const { option, applies, instead } of refusedClientOptions) {
    if (applies(options[option])) {
      throw notModelled(`The ioredis option \`${option}\``, instead);
    }
  }
  const database = url === undefined ? undefined : /^rediss?:\/\/[^/]*\/(\d+)/.exec(url)?.[1];
  if (database !== undefined && Number(database) !== 0) {
    throw notModelled(`Database ${database} in the URL`, 'database 0 (no path in the URL)');
  }
}
