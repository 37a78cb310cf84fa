import { longLongArg, longLongMax, longLongMin, integerReply } from './integer-text';
import type { KeyValueStore, SetOptions } from './key-value-store';
import { notModelled } from './not-modelled';
import { ReplyError } from './reply-error';
import { checkArity, syntaxErrorMessage } from './stream-arguments';

/**
 * Redis 7.0's command table arities (src/commands.def): exact when positive, a minimum when
 * negative; the name counts. Checked before anything else, as processCommand does.
 */
export const keyCommandArity: Readonly<Record<string, number>> = {
  get: 2,
  set: -3,
  setnx: 3,
  setex: 4,
  psetex: 4,
  mget: -2,
  mset: -3,
  getdel: 2,
  incr: 2,
  decr: 2,
  incrby: 3,
  decrby: 3,
  del: -2,
  exists: -2,
  expire: -3,
  pexpire: -3,
  persist: 2,
  ttl: 2,
  pttl: 2,
  type: 2,
  keys: 2,
  sadd: -3,
  srem: -3,
  sismember: 3,
  smembers: 2,
  scard: 2,
};

/**
 * Redis checks expiry overflow against the Unix time in ms (mstime()); the simulator has no
 * Unix clock, so it checks as if its run began at 2023-11-14 (1.7e12 ms): the same arguments
 * overflow as on a real server today, to within a few years' worth of milliseconds out of 2^63.
 */
const unixTimeAtRunStart = 1_700_000_000_000n;

/**
 * Runs one key command, `argv` as the server sees it (name first), with Redis 7.0's checks and
 * error replies in its order (src/t_string.c, src/expire.c, src/t_set.c, src/db.c).
 */
export function runKeyCommand(store: KeyValueStore, now: number, argv: readonly string[]): unknown {
  const name = argv[0]!;
  checkArity(argv, keyCommandArity[name]!, name);
  const key = argv[1]!;
  switch (name) {
    case 'get':
      return store.get(key);
    case 'set':
      return store.set(key, argv[2]!, setOptions(argv, now));
    case 'setnx':
      return store.set(key, argv[2]!, { condition: 'NX', get: false, expiresAt: undefined }) ===
        null
        ? 0
        : 1;
    case 'setex':
    case 'psetex': {
      const expiresAt = expiryTime(argv[2]!, name === 'setex' ? 'EX' : 'PX', name, now);
      return store.set(key, argv[3]!, { condition: undefined, get: false, expiresAt });
    }
    case 'mget':
      return argv.slice(1).map((k) => (store.type(k) === 'string' ? store.get(k) : null));
    case 'mset':
      if (argv.length % 2 === 0)
        throw new ReplyError("ERR wrong number of arguments for 'mset' command");
      for (let i = 1; i < argv.length; i += 2) {
        store.set(argv[i]!, argv[i + 1]!, {
          condition: undefined,
          get: false,
          expiresAt: undefined,
        });
      }
      return 'OK';
    case 'getdel': {
      const value = store.get(key);
      if (value !== null) store.del([key]);
      return value;
    }
    case 'incr':
      return integerReply(store.incrBy(key, 1n));
    case 'decr':
      return integerReply(store.incrBy(key, -1n));
    case 'incrby':
      return integerReply(store.incrBy(key, longLongArg(argv[2]!)));
    case 'decrby': {
      const by = longLongArg(argv[2]!);
      if (by === longLongMin) throw new ReplyError('ERR decrement would overflow');
      return integerReply(store.incrBy(key, -by));
    }
    case 'del':
      return store.del(argv.slice(1));
    case 'exists':
      return store.exists(argv.slice(1));
    case 'expire':
    case 'pexpire':
      return expire(store, now, argv, name === 'expire' ? 1000n : 1n);
    case 'persist':
      return store.persist(key);
    case 'ttl':
    case 'pttl': {
      const at = store.expiry(key);
      if (at === null) return -2;
      if (at === undefined) return -1;
      const ms = Math.max(0, Math.round(at - now));
      return name === 'pttl' ? ms : Math.floor((ms + 500) / 1000);
    }
    case 'type':
      return store.type(key);
    case 'keys':
      return store.keys(key);
    case 'sadd':
      return store.sadd(key, argv.slice(2));
    case 'srem':
      return store.srem(key, argv.slice(2));
    case 'sismember':
      return store.sismember(key, argv[2]!);
    case 'smembers':
      return store.smembers(key);
    case 'scard':
      return store.scard(key);
    default:
      throw new ReplyError(`ERR unknown command '${name}'`);
  }
}

/** SET's options (parseExtendedStringArgumentsOrReply and getExpireMillisecondsOrReply). */
function setOptions(argv: readonly string[], now: number): SetOptions {
  let condition: SetOptions['condition'];
  let get = false;
  let keep = false;
  let unit: 'EX' | 'PX' | 'EXAT' | 'PXAT' | undefined;
  let amount: string | undefined;
  for (let j = 3; j < argv.length; j++) {
    const option = argv[j]!.toUpperCase();
    const hasNext = j < argv.length - 1;
    if (option === 'NX' && condition !== 'XX') condition = 'NX';
    else if (option === 'XX' && condition !== 'NX') condition = 'XX';
    else if (option === 'GET') get = true;
    else if (option === 'KEEPTTL' && unit === undefined) keep = true;
    else if (
      (option === 'EX' || option === 'PX' || option === 'EXAT' || option === 'PXAT') &&
      !keep &&
      (unit === undefined || unit === option) &&
      hasNext
    ) {
      unit = option;
      amount = argv[++j];
    } else throw new ReplyError(syntaxErrorMessage);
  }
  if (unit === 'EXAT' || unit === 'PXAT') {
    throw notModelled(
      `SET … ${unit}`,
      `SET … ${unit === 'EXAT' ? 'EX' : 'PX'} with a time relative to now (the simulated Redis has no Unix clock)`,
    );
  }
  const expiresAt =
    unit !== undefined ? expiryTime(amount!, unit, 'set', now) : keep ? 'keep' : undefined;
  return { condition, get, expiresAt };
}

/** SET's, SETEX's and PSETEX's time to live (getExpireMillisecondsOrReply in src/t_string.c). */
function expiryTime(amount: string, unit: 'EX' | 'PX', command: string, now: number): number {
  const invalid = `ERR invalid expire time in '${command}' command`;
  let ms = longLongArg(amount);
  if (ms <= 0n || (unit === 'EX' && ms > longLongMax / 1000n)) throw new ReplyError(invalid);
  if (unit === 'EX') ms *= 1000n;
  // Redis adds the Unix time in a signed 64-bit sum; a wrap shows as a time <= 0.
  if (ms + unixTimeAtRunStart > longLongMax) throw new ReplyError(invalid);
  return now + Number(ms);
}

/** EXPIRE/PEXPIRE key time [NX|XX|GT|LT] (expireGenericCommand in src/expire.c). */
function expire(store: KeyValueStore, now: number, argv: readonly string[], unit: bigint): number {
  const flags = new Set<string>();
  for (const option of argv.slice(3)) {
    const flag = option.toUpperCase();
    if (flag !== 'NX' && flag !== 'XX' && flag !== 'GT' && flag !== 'LT') {
      throw new ReplyError(`ERR Unsupported option ${option}`);
    }
    flags.add(flag);
  }
  if (flags.has('NX') && (flags.has('XX') || flags.has('GT') || flags.has('LT'))) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags.has('GT') && flags.has('LT')) {
    throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  }
  const invalid = `ERR invalid expire time in '${argv[0]}' command`;
  let when = longLongArg(argv[2]!);
  if (when > longLongMax / unit || when < longLongMin / unit) throw new ReplyError(invalid);
  when *= unit;
  if (when > longLongMax - unixTimeAtRunStart) throw new ReplyError(invalid);
  const current = store.expiry(argv[1]!);
  if (current === null) return 0;
  const at = now + Number(when);
  if (flags.has('NX') && current !== undefined) return 0;
  if (flags.has('XX') && current === undefined) return 0;
  if (flags.has('GT') && (current === undefined || at <= current)) return 0;
  if (flags.has('LT') && current !== undefined && at >= current) return 0;
  store.expireAt(argv[1]!, at);
  return 1;
}
