import { EventEmitter } from '../core/event-emitter';
import { reportUserError } from '../core/broker-core';
import { toBuffer } from '../core/bytes';
import { ioredisArgv } from './ioredis-arguments';
import type { RedisModel, RedisPeer } from './redis-model';
import { checkArity } from './stream-arguments';

/** ioredis's message when a subscribed (RESP2) connection is asked for anything else. */
export const subscriberModeMessage =
  'Connection in subscriber mode, only subscriber commands may be used';
/** ioredis's message for a command on a connection that was quit or disconnected. */
export const connectionClosedMessage = 'Connection is closed.';

const subscriberCommands = new Set([
  'subscribe',
  'psubscribe',
  'unsubscribe',
  'punsubscribe',
  'ssubscribe',
  'sunsubscribe',
  'ping',
  'quit',
]);

/** The options of `new Redis(...)` the simulator reads; the rest are accepted and ignored. */
export interface RedisClientOptions {
  readonly connectionName?: string;
  readonly lazyConnect?: boolean;
  readonly autoResubscribe?: boolean;
  /** ioredis 6 speaks RESP3 by default; only `protocol: 2` restricts a subscribed connection. */
  readonly protocol?: 2 | 3;
  readonly [option: string]: unknown;
}

/** ioredis's `status` values the simulator goes through. */
export type RedisStatus = 'wait' | 'connecting' | 'connect' | 'ready' | 'reconnecting' | 'end';

/** A node-style callback, as ioredis commands accept last. */
export type Callback<T> = (error: Error | null, result?: T) => void;

/**
 * An ioredis-shaped client (`new Redis(options)`): Pub/Sub (with RESP2's subscriber mode when
 * `protocol: 2`; ioredis 6 defaults to RESP3, where a subscribed connection may run any
 * command), and a small key-value command set. Like ioredis, commands sent before the connection is ready wait in an
 * offline queue, and after a dropped connection it reconnects and resubscribes on its own.
 *
 * @example
 * const sub = broker.redis({ connectionName: 'email' });
 * await sub.subscribe('orders');
 * sub.on('message', (channel, text) => console.log(channel, text));
 */
export class RedisClient extends EventEmitter implements RedisPeer {
  readonly name: string;
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly options: RedisClientOptions;
  status: RedisStatus;
  /** ioredis's view: set once a subscribe reply came back, cleared when the count hits 0. */
  private subscriberMode = false;
  /** RESP2 restricts subscribed connections; RESP3 (ioredis 6's default) does not. */
  private readonly resp2: boolean;
  private offline: (() => void)[] = [];
  private retries = 0;
  /** Unsubscribe-all calls waiting for the count to reach 0, as ioredis resolves them. */
  private waitingForZero: ((count: number) => void)[] = [];

  constructor(
    protected readonly model: RedisModel,
    protected readonly schedule: {
      soon(task: () => void): void;
      later(task: () => void, ms: number): void;
    },
    defaultName: string,
    options: RedisClientOptions = {},
  ) {
    super();
    this.options = options;
    this.name = typeof options.connectionName === 'string' ? options.connectionName : defaultName;
    this.resp2 = options.protocol === 2;
    this.status = 'wait';
    if (options.lazyConnect !== true) void this.connect();
  }

  /** Connects a `lazyConnect` client; resolves once ready. */
  connect(): Promise<void> {
    if (this.status === 'wait') {
      // The server knows the client at once (so commands run in order from the start); the
      // 'connect' and 'ready' events follow on the scheduler, as they would off a socket.
      this.status = 'connecting';
      this.model.connect(this);
      this.schedule.soon(() => {
        if (this.status === 'connecting') this.becomeReady(true);
      });
    }
    if (this.status !== 'reconnecting') return Promise.resolve();
    return new Promise((resolve) => this.offline.push(() => resolve()));
  }

  /** A new client with the same options, as ioredis's `duplicate()`. */
  duplicate(override: RedisClientOptions = {}): RedisClient {
    return new RedisClient(this.model, this.schedule, this.name, { ...this.options, ...override });
  }

  // ---- Pub/Sub ----

  /** PUBLISH; resolves to the number of clients that received it. */
  publish(...args: unknown[]): Promise<number> {
    const { argv, callback } = ioredisArgv<number>('publish', args);
    return this.command('publish', callback, () => {
      checkArity(argv, 3);
      return this.model.publish(this, argv[1]!, argv[2]!);
    });
  }

  /** SUBSCRIBE; resolves to the count of channels plus patterns after the last one. */
  subscribe(...args: unknown[]): Promise<number> {
    return this.subscription('subscribe', args, (c) => this.model.subscribe(this, c));
  }

  psubscribe(...args: unknown[]): Promise<number> {
    return this.subscription('psubscribe', args, (p) => this.model.psubscribe(this, p));
  }

  unsubscribe(...args: unknown[]): Promise<number> {
    return this.unsubscription('unsubscribe', args, this.channels, (c) =>
      this.model.unsubscribe(this, c),
    );
  }

  punsubscribe(...args: unknown[]): Promise<number> {
    return this.unsubscription('punsubscribe', args, this.patterns, (p) =>
      this.model.punsubscribe(this, p),
    );
  }

  /** PING [message]; a subscribed RESP2 connection answers `['pong', message]`, as Redis does. */
  ping(...args: unknown[]): Promise<string | string[]> {
    const { argv, callback } = ioredisArgv<string | string[]>('ping', args);
    return this.command('ping', callback, () => {
      checkArity(argv, -1);
      if (argv.length > 2) checkArity(argv, 2);
      if (this.resp2 && this.channels.size + this.patterns.size > 0) return ['pong', argv[1] ?? ''];
      return argv[1] ?? 'PONG';
    });
  }

  // ---- keys: the arguments go to the server as ioredis sends them (key-commands.ts) ----

  get(...args: unknown[]): Promise<string | null> {
    return this.keyCommand('get', args);
  }

  set(...args: unknown[]): Promise<string | null> {
    return this.keyCommand('set', args);
  }

  setnx(...args: unknown[]): Promise<number> {
    return this.keyCommand('setnx', args);
  }

  setex(...args: unknown[]): Promise<string> {
    return this.keyCommand('setex', args);
  }

  psetex(...args: unknown[]): Promise<string> {
    return this.keyCommand('psetex', args);
  }

  mget(...args: unknown[]): Promise<(string | null)[]> {
    return this.keyCommand('mget', args);
  }

  mset(...args: unknown[]): Promise<string> {
    return this.keyCommand('mset', args);
  }

  getdel(...args: unknown[]): Promise<string | null> {
    return this.keyCommand('getdel', args);
  }

  incr(...args: unknown[]): Promise<number> {
    return this.keyCommand('incr', args);
  }

  incrby(...args: unknown[]): Promise<number> {
    return this.keyCommand('incrby', args);
  }

  decr(...args: unknown[]): Promise<number> {
    return this.keyCommand('decr', args);
  }

  decrby(...args: unknown[]): Promise<number> {
    return this.keyCommand('decrby', args);
  }

  del(...args: unknown[]): Promise<number> {
    return this.keyCommand('del', args);
  }

  exists(...args: unknown[]): Promise<number> {
    return this.keyCommand('exists', args);
  }

  expire(...args: unknown[]): Promise<number> {
    return this.keyCommand('expire', args);
  }

  pexpire(...args: unknown[]): Promise<number> {
    return this.keyCommand('pexpire', args);
  }

  persist(...args: unknown[]): Promise<number> {
    return this.keyCommand('persist', args);
  }

  ttl(...args: unknown[]): Promise<number> {
    return this.keyCommand('ttl', args);
  }

  pttl(...args: unknown[]): Promise<number> {
    return this.keyCommand('pttl', args);
  }

  type(...args: unknown[]): Promise<string> {
    return this.keyCommand('type', args);
  }

  keys(...args: unknown[]): Promise<string[]> {
    return this.keyCommand('keys', args);
  }

  sadd(...args: unknown[]): Promise<number> {
    return this.keyCommand('sadd', args);
  }

  srem(...args: unknown[]): Promise<number> {
    return this.keyCommand('srem', args);
  }

  sismember(...args: unknown[]): Promise<number> {
    return this.keyCommand('sismember', args);
  }

  smembers(...args: unknown[]): Promise<string[]> {
    return this.keyCommand('smembers', args);
  }

  scard(...args: unknown[]): Promise<number> {
    return this.keyCommand('scard', args);
  }

  /** A key command: ioredis's arguments and callback, then the server's checks and reply. */
  private keyCommand<T>(name: string, args: readonly unknown[]): Promise<T> {
    const { argv, callback } = ioredisArgv<T>(name, args);
    return this.command(name, callback, () => this.model.keyCommand(argv) as T);
  }

  // ---- connection ----

  /** QUIT: resolves 'OK', then the connection ends ('close', then 'end'). */
  quit(callback?: Callback<string>): Promise<string> {
    if (this.status === 'end')
      return settle(Promise.reject(new Error(connectionClosedMessage)), callback);
    const result = this.command('quit', callback, () => 'OK');
    this.end('quit');
    return result;
  }

  /** Closes the connection at once; pending commands are not answered. */
  disconnect(): void {
    if (this.status !== 'end') this.end('disconnect');
  }

  /**
   * The process this client lived in died (the runtime calls this when a service's thread
   * ends). Unlike a dropped connection, nothing reconnects: the server sees the socket close,
   * commands waiting to be sent are gone with the process, and no event fires again.
   */
  processCrashed(): void {
    if (this.status !== 'end') this.model.processCrashed(this);
    this.status = 'end';
    this.subscriberMode = false;
    this.offline = [];
    this.removeAllListeners();
  }

  // ---- server side (RedisPeer) ----

  receive(channel: string, message: string, pattern: string | undefined): void {
    try {
      if (pattern === undefined) {
        this.emit('message', channel, message);
        if (this.listenerCount('messageBuffer') > 0) {
          this.emit('messageBuffer', toBuffer(channel), toBuffer(message));
        }
      } else {
        this.emit('pmessage', pattern, channel, message);
        if (this.listenerCount('pmessageBuffer') > 0) {
          this.emit('pmessageBuffer', pattern, toBuffer(channel), toBuffer(message));
        }
      }
    } catch (error) {
      reportUserError(error);
    }
  }

  connectionLost(channels: readonly string[], patterns: readonly string[]): void {
    if (this.status === 'end') return;
    this.status = 'reconnecting';
    this.subscriberMode = false;
    this.safeEmit('close');
    // ioredis's default retryStrategy waits min(times * 50, 2000) ms.
    const delay = Math.min(++this.retries * 50, 2000);
    this.safeEmit('reconnecting', delay);
    this.schedule.later(() => {
      if (this.status !== 'reconnecting') return;
      // autoResubscribe (on by default) restores the subscriptions before 'ready'.
      if (this.options.autoResubscribe !== false) {
        this.model.connect(this);
        for (const c of channels) this.model.subscribe(this, c);
        for (const p of patterns) this.model.psubscribe(this, p);
        if (channels.length + patterns.length > 0) this.subscriberMode = true;
        this.becomeReady(true);
      } else this.becomeReady();
    }, delay);
  }

  // ---- internals ----

  private becomeReady(alreadyConnected = false): void {
    if (this.status !== 'connecting' && this.status !== 'reconnecting') return;
    if (!alreadyConnected) this.model.connect(this);
    this.status = 'connect';
    this.safeEmit('connect');
    this.status = 'ready';
    this.retries = 0;
    this.safeEmit('ready');
    const queued = this.offline;
    this.offline = [];
    for (const run of queued) run();
  }

  private end(reason: string): void {
    this.model.disconnect(this, reason);
    this.status = 'end';
    this.subscriberMode = false;
    const queued = this.offline;
    this.offline = [];
    for (const run of queued) run();
    this.schedule.soon(() => {
      this.safeEmit('close');
      this.safeEmit('end');
    });
  }

  private safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (error) {
      reportUserError(error);
    }
  }

  /** Runs a command as ioredis would: offline queue, closed connection, subscriber mode. */
  protected command<T>(
    name: string,
    callback: Callback<T> | undefined,
    run: () => T | PromiseLike<T>,
  ): Promise<T> {
    const result = new Promise<T>((resolve, reject) => {
      const execute = (): void => {
        if (this.status === 'end' && name !== 'quit') {
          reject(new Error(connectionClosedMessage));
          return;
        }
        if (this.resp2 && this.subscriberMode && !subscriberCommands.has(name)) {
          reject(new Error(subscriberModeMessage));
          return;
        }
        try {
          resolve(run());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      // Only a dropped connection queues commands (ioredis's offline queue) until it is back.
      if (this.status !== 'reconnecting' && this.status !== 'wait') execute();
      else {
        if (this.status === 'wait') void this.connect();
        this.offline.push(execute);
      }
    });
    return settle(result, callback);
  }

  private subscription(
    name: string,
    rawArgs: unknown[],
    add: (target: string) => number,
  ): Promise<number> {
    const { argv, callback } = ioredisArgv<number>(name, rawArgs);
    const targets = argv.slice(1);
    return this.command(name, callback, () => {
      checkArity(argv, -2);
      let count = 0;
      for (const target of targets) count = add(target);
      this.subscriberMode = true;
      return count;
    });
  }

  private unsubscription(
    name: string,
    rawArgs: unknown[],
    current: Set<string>,
    remove: (target: string) => number,
  ): Promise<number> {
    const { argv, callback } = ioredisArgv<number>(name, rawArgs);
    const targets = argv.slice(1);
    const all = targets.length === 0;
    return this.command(name, callback, () => {
      const list = all ? [...current] : targets;
      let count = this.channels.size + this.patterns.size;
      for (const target of list) count = remove(target);
      if (count === 0) {
        this.subscriberMode = false;
        const waiting = this.waitingForZero;
        this.waitingForZero = [];
        for (const resolve of waiting) resolve(0);
      }
      return count;
    }).then((count) =>
      // ioredis resolves an argument-less unsubscribe only once the count reaches 0.
      all && count !== 0 ? new Promise<number>((r) => this.waitingForZero.push(r)) : count,
    );
  }
}

export function settle<T>(promise: Promise<T>, callback: Callback<T> | undefined): Promise<T> {
  if (callback) {
    promise.then(
      (value) => callback(null, value),
      (error: Error) => callback(error),
    );
  }
  return promise;
}

/** How ioredis turns an argument into the bytes it sends: strings as-is, Buffers as UTF-8. */
export function messageText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return String(value);
}
