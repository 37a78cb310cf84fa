import { InvalidArgumentError } from './nats-errors';
import { notModelled } from './not-modelled';
import { isValidSubject } from './subject';

/** The options of `connect()` the simulator reads (nats-core's ConnectionOptions). */
export interface ConnectOptions {
  name?: string;
  servers?: string | string[];
  port?: number;
  noEcho?: boolean;
  reconnect?: boolean;
  maxReconnectAttempts?: number;
  reconnectTimeWait?: number;
  reconnectJitter?: number;
  reconnectDelayHandler?: () => number;
  inboxPrefix?: string;
  [option: string]: unknown;
}

/** The parsed options a connection runs with. */
export interface ParsedOptions {
  readonly name: string;
  readonly server: string;
  readonly echo: boolean;
  readonly reconnect: boolean;
  readonly inboxPrefix: string;
  /** How long to wait before a reconnect attempt, as the client's default handler or the user's. */
  readonly reconnectDelay: (random: () => number) => number;
}

/**
 * Options that change what the real client does in ways the simulator has no model of: they
 * refuse at once rather than be quietly ignored. Network knobs that cannot matter against a
 * simulated server on the same page (timeouts, ping interval, randomized server order,
 * credentials for a server without authentication) are accepted.
 */
const refused: Record<string, string> = {
  authenticator: 'the simulated server has no authentication: connect without an authenticator',
  tls: 'the simulated server speaks plain NATS: leave tls unset',
  debug: 'protocol tracing: watch the broker trace instead',
  reconnectToServer: 'there is one simulated server: leave reconnectToServer unset',
};

export function parseConnectOptions(serviceName: string, opts: ConnectOptions = {}): ParsedOptions {
  for (const key of Object.keys(refused)) {
    const value = opts[key];
    if (value !== undefined && value !== null && value !== false) {
      notModelled(`connect({ ${key} })`, refused[key]!);
    }
  }
  const servers = typeof opts.servers === 'string' ? [opts.servers] : (opts.servers ?? []);
  if (servers.length > 0 && opts.port) {
    throw InvalidArgumentError.format(['servers', 'port'], 'are mutually exclusive');
  }
  const server = servers[0] ?? `127.0.0.1:${opts.port ?? 4222}`;
  if (
    opts.reconnectDelayHandler !== undefined &&
    typeof opts.reconnectDelayHandler !== 'function'
  ) {
    throw new TypeError(`'reconnectDelayHandler' must be a function`);
  }
  const inboxPrefix = opts.inboxPrefix ?? '';
  if (inboxPrefix && (!isValidSubject(inboxPrefix) || /(^|\.)[*>](\.|$)/.test(inboxPrefix))) {
    throw InvalidArgumentError.format('prefix', `cannot have wildcards ('${inboxPrefix}')`);
  }
  const wait = opts.reconnectTimeWait ?? 2000;
  const jitter = opts.reconnectJitter ?? 100;
  const handler = opts.reconnectDelayHandler;
  return {
    name: typeof opts.name === 'string' && opts.name !== '' ? opts.name : serviceName,
    server: server.replace(/^nats:\/\//, ''),
    echo: opts.noEcho !== true,
    reconnect: opts.reconnect !== false,
    inboxPrefix,
    // nats-core's default handler: reconnectTimeWait plus a random jitter in [0, jitter].
    reconnectDelay: handler
      ? () => handler()
      : (random) => wait + (jitter ? Math.floor(random() * (jitter + 1)) : 0),
  };
}
