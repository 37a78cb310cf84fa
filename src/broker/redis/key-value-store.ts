import { ReplyError } from './reply-error';
import { StreamLog } from './stream-log';

type Stored = { value: string | Set<string> | StreamLog; expiresAt: number | undefined };

const wrongType = 'WRONGTYPE Operation against a key holding the wrong kind of value';

/**
 * The handful of Redis key commands the lessons' idempotent consumers need (SET with NX/EX/PX,
 * GET, INCR, DEL, EXISTS, EXPIRE, TTL, SADD, SISMEMBER, SREM, SMEMBERS), and the stream keys
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

  /** `SET key value [NX|XX] [EX s|PX ms] [GET]`; returns 'OK', null, or the old value with GET. */
  set(key: string, value: string, options: readonly (string | number)[]): string | null {
    let nx = false;
    let xx = false;
    let get = false;
    let keepTtl = false;
    let ttlMs: number | undefined;
    for (let i = 0; i < options.length; i++) {
      const option = String(options[i]).toUpperCase();
      if (option === 'NX') nx = true;
      else if (option === 'XX') xx = true;
      else if (option === 'GET') get = true;
      else if (option === 'KEEPTTL') keepTtl = true;
      else if (option === 'EX' || option === 'PX') {
        const amount = Number(options[++i]);
        if (!Number.isInteger(amount))
          throw new ReplyError('ERR value is not an integer or out of range');
        if (amount <= 0) throw new ReplyError("ERR invalid expire time in 'set' command");
        ttlMs = option === 'EX' ? amount * 1000 : amount;
      } else throw new ReplyError('ERR syntax error');
    }
    if (nx && xx) throw new ReplyError('ERR syntax error');
    const existing = this.live(key);
    if (get && existing && typeof existing.value !== 'string') throw new ReplyError(wrongType);
    const previous = existing && typeof existing.value === 'string' ? existing.value : null;
    if ((nx && existing) || (xx && !existing)) return get ? previous : null;
    const expiresAt =
      ttlMs !== undefined ? this.now() + ttlMs : keepTtl ? existing?.expiresAt : undefined;
    this.data.set(key, { value, expiresAt });
    if (existing?.value instanceof StreamLog) this.streamRemoved(key);
    return get ? previous : 'OK';
  }

  incrBy(key: string, by: number): number {
    const entry = this.live(key);
    if (entry && typeof entry.value !== 'string') throw new ReplyError(wrongType);
    const current = entry ? Number(entry.value) : 0;
    if (entry && !/^-?\d+$/.test(entry.value as string)) {
      throw new ReplyError('ERR value is not an integer or out of range');
    }
    const next = current + by;
    this.data.set(key, { value: String(next), expiresAt: entry?.expiresAt });
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

  expire(key: string, ms: number): number {
    const entry = this.live(key);
    if (!entry) return 0;
    entry.expiresAt = this.now() + ms;
    return 1;
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

  smembers(key: string): string[] {
    return [...(this.set$(key, false) ?? [])];
  }

  scard(key: string): number {
    return this.set$(key, false)?.size ?? 0;
  }
}
