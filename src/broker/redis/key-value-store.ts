import { globMatch } from './glob-match';
import { longLongArg, longLongMax, longLongMin, parseLongLong } from './integer-text';
import { ReplyError } from './reply-error';
import { StreamLog } from './stream-log';

/** SET's options once read: NX/XX, GET, and the new expiry time (`keep` for KEEPTTL). */
export interface SetOptions {
  readonly condition: 'NX' | 'XX' | undefined;
  readonly get: boolean;
  readonly expiresAt: number | undefined | 'keep';
}

type Stored = { value: string | Set<string> | StreamLog; expiresAt: number | undefined };

const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';

export const wrongTypeMessage = wrongType;

/**
 * The keyspace: strings, sets and the stream keys
 * (./stream-log.ts) in the same keyspace. Expiry is checked lazily against the broker
 * scheduler's clock, as Redis does on access.
 */
export class KeyValueStore {
  private readonly data = new Map<string, Stored>();

  constructor(
    private readonly now: () => number,
    /** A stream key went (DEL, expiry, overwritten by SET): its blocked group readers learn it. */
    private readonly streamRemoved: (key: string) => void = () => undefined,
  ) {}

  /** Forgets every key (a restart without persistence, like `--save ""`). */
  clear(): void {
    this.data.clear();
  }

  private live(key: string): Stored | undefined {
    const entry = this.data.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.data.delete(key);
      if (entry.value instanceof StreamLog) this.streamRemoved(key);
      return undefined;
    }
    return entry;
  }

  /** TYPE: `none`, `string`, `set` or `stream`. */
  type(key: string): string {
    const value = this.live(key)?.value;
    if (value === undefined) return 'none';
    if (typeof value === 'string') return 'string';
    return value instanceof StreamLog ? 'stream' : 'set';
  }

  /** The stream at `key` (made empty if `create` and there is no key); WRONGTYPE otherwise. */
  stream(key: string, create: boolean): StreamLog | undefined {
    const entry = this.live(key);
    if (entry !== undefined) {
      if (entry.value instanceof StreamLog) return entry.value;
      throw new ReplyError(wrongType);
    }
    if (!create) return undefined;
    const fresh = new StreamLog();
    this.data.set(key, { value: fresh, expiresAt: undefined });
    return fresh;
  }

  get(key: string): string | null {
    const entry = this.live(key);
    if (!entry) return null;
    if (typeof entry.value !== 'string') throw new ReplyError(wrongType);
    return entry.value;
  }

  /**
   * SET once its options are read (key-commands.ts): `GET` fails on a key of another type
   * before anything else; NX/XX decide; the expiry is a time, `keep` (KEEPTTL) or none.
   * Returns 'OK', null when NX/XX said no, or the old value with GET.
   */
  set(key: string, value: string, options: SetOptions): string | null {
    const existing = this.live(key);
    if (options.get && existing && typeof existing.value !== 'string') {
      throw new ReplyError(wrongType);
    }
    const previous = existing && typeof existing.value === 'string' ? existing.value : null;
    if ((options.condition === 'NX' && existing) || (options.condition === 'XX' && !existing)) {
      return options.get ? previous : null;
    }
    const expiresAt = options.expiresAt === 'keep' ? existing?.expiresAt : options.expiresAt;
    this.data.set(key, { value, expiresAt });
    if (existing?.value instanceof StreamLog) this.streamRemoved(key);
    return options.get ? previous : 'OK';
  }

  /** INCRBY/DECRBY (incrDecrCommand in src/t_string.c): 64-bit, overflow refused, TTL kept. */
  incrBy(key: string, by: bigint): bigint {
    const entry = this.live(key);
    if (entry && typeof entry.value !== 'string') throw new ReplyError(wrongType);
    const current = entry ? longLongArg(entry.value as string) : 0n;
    if (
      (by < 0n && current < 0n && by < longLongMin - current) ||
      (by > 0n && current > 0n && by > longLongMax - current)
    ) {
      throw new ReplyError('ERR increment or decrement would overflow');
    }
    const next = current + by;
    this.data.set(key, { value: next.toString(), expiresAt: entry?.expiresAt });
    return next;
  }

  del(keys: readonly string[]): number {
    let removed = 0;
    for (const key of keys) {
      const entry = this.live(key);
      if (!entry || !this.data.delete(key)) continue;
      removed++;
      if (entry.value instanceof StreamLog) this.streamRemoved(key);
    }
    return removed;
  }

  exists(keys: readonly string[]): number {
    return keys.filter((key) => this.live(key) !== undefined).length;
  }

  /** The key's expiry time, or undefined: null when there is no key. */
  expiry(key: string): number | undefined | null {
    const entry = this.live(key);
    return entry ? entry.expiresAt : null;
  }

  /** Sets the key's expiry (it exists); a time already past deletes it, as Redis does. */
  expireAt(key: string, at: number): void {
    const entry = this.live(key);
    if (!entry) return;
    if (at <= this.now()) this.del([key]);
    else entry.expiresAt = at;
  }

  /** PERSIST: 1 if a time to live was removed. */
  persist(key: string): number {
    const entry = this.live(key);
    if (!entry || entry.expiresAt === undefined) return 0;
    entry.expiresAt = undefined;
    return 1;
  }

  /** KEYS: every live key the glob matches, in the order they were made. */
  keys(pattern: string): string[] {
    const found: string[] = [];
    for (const key of [...this.data.keys()]) {
      if (this.live(key) !== undefined && globMatch(pattern, key)) found.push(key);
    }
    return found;
  }

  /** Remaining time to live in ms: -2 no key, -1 no expiry. */
  pttl(key: string): number {
    const entry = this.live(key);
    if (!entry) return -2;
    if (entry.expiresAt === undefined) return -1;
    return Math.max(0, Math.round(entry.expiresAt - this.now()));
  }

  private set$(key: string, create: boolean): Set<string> | undefined {
    const entry = this.live(key);
    if (entry && !(entry.value instanceof Set)) throw new ReplyError(wrongType);
    if (entry) return entry.value as Set<string>;
    if (!create) return undefined;
    const fresh = new Set<string>();
    this.data.set(key, { value: fresh, expiresAt: undefined });
    return fresh;
  }

  sadd(key: string, members: readonly string[]): number {
    const set = this.set$(key, true)!;
    let added = 0;
    for (const member of members) {
      if (!set.has(member)) {
        set.add(member);
        added++;
      }
    }
    return added;
  }

  srem(key: string, members: readonly string[]): number {
    const set = this.set$(key, false);
    if (!set) return 0;
    let removed = 0;
    for (const member of members) if (set.delete(member)) removed++;
    if (set.size === 0) this.data.delete(key);
    return removed;
  }

  sismember(key: string, member: string): number {
    return this.set$(key, false)?.has(member) ? 1 : 0;
  }

  /** SMEMBERS; a set of integers comes sorted, as Redis's intset keeps it (others: any order). */
  smembers(key: string): string[] {
    const members = [...(this.set$(key, false) ?? [])];
    const numbers = members.map(parseLongLong);
    if (members.length > 512 || numbers.some((n) => n === undefined)) return members;
    return members.sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  }

  scard(key: string): number {
    return this.set$(key, false)?.size ?? 0;
  }
}
