import {
  RedisClient,
  connectionClosedMessage,
  settle,
  type Callback,
  type RedisClientOptions,
} from './redis-client';
import { argumentText } from './ioredis-arguments';
import { notModelled } from './not-modelled';
import type { ReadDone } from './stream-reads';

/** A reply the connection is waiting for: commands sent after it wait behind it. */
interface InFlight {
  readonly name: string;
  /** Asks the server again (after a reconnect, as ioredis resends unanswered commands). */
  readonly serve: (done: ReadDone) => void;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  /** Bumped when the connection drops: a late answer to an older attempt is ignored. */
  attempt: number;
}

/**
 * The ioredis client with Redis Streams: XADD, XLEN, XRANGE/XREVRANGE, XDEL, XTRIM, XREAD,
 * XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO, and TYPE. Replies have the
 * shapes ioredis 6 gives by default (its "legacy" mapping of RESP3: nested arrays).
 *
 * One connection answers in order, as a real one does: while a read waits (BLOCK, or entries
 * the fault gate holds back) every later command on the same client waits behind it, so a
 * consumer that blocks on XREADGROUP needs a second client to XACK meanwhile. If the server
 * drops the connection, the waiting read is sent again after the reconnect (ioredis's
 * `autoResendUnfulfilledCommands`); `disconnect()` fails it with "Connection is closed."; a
 * crashed process's read simply never answers.
 */
export class StreamsClient extends RedisClient {
  private inFlight: InFlight | undefined;
  private waitingBehind: (() => void)[] = [];

  override duplicate(override: RedisClientOptions = {}): StreamsClient {
    return new StreamsClient(this.model, this.schedule, this.name, {
      ...this.options,
      ...override,
    });
  }

  // ---- commands whose reply is at hand ----

  xadd(key: unknown, ...args: unknown[]): Promise<string | null> {
    return this.streamCommand('xadd', args, key);
  }

  xlen(key: unknown, callback?: Callback<number>): Promise<number> {
    return this.streamCommand('xlen', callback === undefined ? [] : [callback], key);
  }

  xrange(key: unknown, ...args: unknown[]): Promise<[string, string[]][]> {
    return this.streamCommand('xrange', args, key);
  }

  xrevrange(key: unknown, ...args: unknown[]): Promise<[string, string[]][]> {
    return this.streamCommand('xrevrange', args, key);
  }

  xdel(key: unknown, ...args: unknown[]): Promise<number> {
    return this.streamCommand('xdel', args, key);
  }

  xtrim(key: unknown, ...args: unknown[]): Promise<number> {
    return this.streamCommand('xtrim', args, key);
  }

  xgroup(...args: unknown[]): Promise<unknown> {
    return this.streamCommand('xgroup', args);
  }

  xack(key: unknown, ...args: unknown[]): Promise<number> {
    return this.streamCommand('xack', args, key);
  }

  xpending(key: unknown, ...args: unknown[]): Promise<unknown[]> {
    return this.streamCommand('xpending', args, key);
  }

  xinfo(...args: unknown[]): Promise<unknown> {
    return this.streamCommand('xinfo', args);
  }

  /** XSETID: refused, see the error. */
  xsetid(..._args: unknown[]): Promise<unknown> {
    throw notModelled('XSETID', 'XADD with explicit ids, or XGROUP SETID to move a group');
  }

  // ---- commands that hand entries to this reader ----

  xread(...args: unknown[]): Promise<unknown> {
    return this.readCommand('xread', args);
  }

  xreadgroup(...args: unknown[]): Promise<unknown> {
    return this.readCommand('xreadgroup', args);
  }

  xclaim(key: unknown, ...args: unknown[]): Promise<unknown[]> {
    return this.readCommand('xclaim', args, key);
  }

  xautoclaim(key: unknown, ...args: unknown[]): Promise<unknown[]> {
    return this.readCommand('xautoclaim', args, key);
  }

  // ---- one connection, replies in order ----

  protected override command<T>(
    name: string,
    callback: Callback<T> | undefined,
    run: () => T | PromiseLike<T>,
  ): Promise<T> {
    // A command that runs now with no reply awaited needs no place in the line (the hot path).
    const runsNow = this.status !== 'wait' && this.status !== 'reconnecting';
    if (runsNow && this.inFlight === undefined) return super.command(name, callback, run);
    return super.command(name, callback, () => this.inTurn(run));
  }

  /** QUIT waits, like any command, behind a read the connection is waiting for. */
  override quit(callback?: Callback<string>): Promise<string> {
    if (this.inFlight === undefined) return super.quit(callback);
    const quitting = new Promise<string>((resolve, reject) =>
      this.waitingBehind.push(() => void super.quit().then(resolve, reject)),
    );
    return settle(quitting, callback);
  }

  override disconnect(): void {
    const inFlight = this.inFlight;
    const behind = this.waitingBehind;
    this.inFlight = undefined;
    this.waitingBehind = [];
    inFlight?.reject(new Error(connectionClosedMessage));
    super.disconnect();
    // Each one now finds the connection closed and fails with ioredis's message.
    for (const next of behind) next();
  }

  override processCrashed(): void {
    // The process is gone: whatever it waited for never answers.
    this.inFlight = undefined;
    this.waitingBehind = [];
    super.processCrashed();
  }

  override connectionLost(channels: readonly string[], patterns: readonly string[]): void {
    const inFlight = this.inFlight;
    super.connectionLost(channels, patterns);
    if (inFlight === undefined || this.status !== 'reconnecting') return;
    inFlight.attempt++;
    if (this.options['autoResendUnfulfilledCommands'] === false) return;
    // Sent again first thing after the reconnect; what was behind it stays behind it.
    void super
      .command(inFlight.name, undefined, () => this.serveAgain(inFlight))
      .catch((error: Error) => inFlight.reject(error));
  }

  private streamCommand<T>(name: string, args: unknown[], key?: unknown): Promise<T> {
    const { argv, callback } = this.commandOf<T>(name, args, key);
    return this.command(name, callback, () => this.model.streams.run(this, argv) as T);
  }

  private readCommand<T>(name: string, args: unknown[], key?: unknown): Promise<T> {
    const { argv, callback } = this.commandOf<T>(name, args, key);
    const serve = (done: ReadDone): void => this.model.streams.reply(this, argv, done);
    return this.command(name, callback, () => this.awaitReply<T>(name, serve));
  }

  /** The arguments as the server sees them, and ioredis's trailing callback if one was given. */
  private commandOf<T>(name: string, args: unknown[], key: unknown) {
    const callback = trailingCallback<T>(args);
    const count = callback === undefined ? args.length : args.length - 1;
    const argv = commandArgv(name, key, args, count);
    this.refuseUnmodelled(argv);
    return { argv, callback };
  }

  /** Runs `run` now, or after the reply the connection is waiting for. */
  private inTurn<T>(run: () => T | PromiseLike<T>): T | PromiseLike<T> {
    if (this.inFlight === undefined) return run();
    return new Promise<T>((resolve, reject) => {
      this.waitingBehind.push(() => {
        if (this.status === 'end') {
          reject(new Error(connectionClosedMessage));
          return;
        }
        try {
          resolve(run());
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  }

  /** Asks the server; an answer at hand is returned, a later one makes the connection wait. */
  private awaitReply<T>(name: string, serve: (done: ReadDone) => void): T | Promise<T> {
    let answered: { error: Error | null; value: unknown } | undefined;
    let flight: InFlight | undefined;
    serve((error, value) => {
      if (flight === undefined) answered = { error, value };
      else this.answer(flight, 0, error, value);
    });
    if (answered !== undefined) {
      if (answered.error !== null) throw answered.error;
      return answered.value as T;
    }
    return new Promise<T>((resolve, reject) => {
      flight = { name, serve, resolve: resolve as (value: unknown) => void, reject, attempt: 0 };
      this.inFlight = flight;
    });
  }

  private serveAgain(flight: InFlight): void {
    if (this.inFlight !== flight) return;
    const attempt = flight.attempt;
    flight.serve((error, value) => this.answer(flight, attempt, error, value));
  }

  private answer(flight: InFlight, attempt: number, error: Error | null, value: unknown): void {
    if (this.inFlight !== flight || flight.attempt !== attempt) return;
    this.inFlight = undefined;
    if (error !== null) flight.reject(error);
    else flight.resolve(value);
    while (this.inFlight === undefined && this.waitingBehind.length > 0) {
      this.waitingBehind.shift()!();
    }
  }

  private refuseUnmodelled(argv: readonly string[]): void {
    if (this.options['replyMapping'] === 'resp3') {
      throw notModelled(
        "ioredis's `replyMapping: 'resp3'` for stream replies",
        'the default mapping (nested arrays)',
      );
    }
    const command = argv[0];
    if (command !== 'xinfo' && command !== 'xgroup') return;
    const subcommand = argv[1]?.toUpperCase();
    if (subcommand === 'HELP') {
      throw notModelled(
        `${command.toUpperCase()} HELP`,
        `the Redis documentation of ${command.toUpperCase()}`,
      );
    }
    if (command === 'xinfo' && subcommand === 'STREAM' && argv.slice(3).some(isFull)) {
      throw notModelled(
        'XINFO STREAM … FULL',
        'XINFO STREAM, XINFO GROUPS, XINFO CONSUMERS and XPENDING',
      );
    }
  }
}

function isFull(option: string): boolean {
  return option.toUpperCase() === 'FULL';
}

/** A node-style callback given as the last argument, as ioredis accepts. */
function trailingCallback<T>(args: readonly unknown[]): Callback<T> | undefined {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Callback<T>) : undefined;
}

/**
 * The command as the server sees it: the name, the key if given apart, then the first `count`
 * arguments as text (an array argument is spread, as ioredis flattens it).
 */
function commandArgv(
  name: string,
  key: unknown,
  args: readonly unknown[],
  count: number,
): string[] {
  const argv = [name];
  if (key !== undefined) argv.push(argText(key));
  for (let i = 0; i < count; i++) {
    const arg = args[i];
    if (typeof arg === 'string') argv.push(arg);
    else if (Array.isArray(arg)) for (const item of arg as unknown[]) argv.push(argText(item));
    else argv.push(argText(arg));
  }
  return argv;
}

function argText(arg: unknown): string {
  return argumentText(arg);
}
