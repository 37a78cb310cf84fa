import { beforeAll, describe } from 'vitest';
import { requireRedis, type ScenarioEnv } from './harness';
import { conformance } from './conformance';

beforeAll(requireRedis);

/** Any ioredis command by name: the scenarios call them with arguments the typings forbid. */
type AnyRedis = Record<string, (...args: unknown[]) => Promise<unknown>> & {
  quit(): Promise<unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
};

/** The reply, or the error's name and message: both targets must fail the same way. */
async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { reply: await run() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

/** Each call's outcome, in order (commands on one connection run in order anyway). */
async function attemptAll(calls: (() => Promise<unknown>)[]): Promise<unknown[]> {
  const outcomes: unknown[] = [];
  for (const call of calls) outcomes.push(await attempt(call));
  return outcomes;
}

/** A client, closed after the scenario, with every key under `prefix` deleted. */
function client(env: ScenarioEnv, prefix: string): AnyRedis {
  const r = env.redis() as unknown as AnyRedis;
  env.cleanup(async () => {
    const keys = (await r['keys']!(`${escapeGlob(prefix)}*`)) as string[];
    if (keys.length > 0) await r['del']!(...keys);
    await r.quit();
  });
  return r;
}

/** `text` as a glob that matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

describe('Redis key commands: arity, options, integers, globs — simulator vs real Redis', () => {
  conformance('arity-get-set-type-keys-without-their-arguments', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['get']!(),
      () => r['get']!(k, 'extra'),
      () => r['set']!(k),
      () => r['set']!(),
      () => r['type']!(),
      () => r['keys']!(),
      () => r['keys']!('a', 'b'),
    ]);
  });

  conformance('arity-counters-without-key-or-increment', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['incr']!(),
      () => r['decr']!(),
      () => r['incrby']!(k),
      () => r['decrby']!(k),
      () => r['incrby']!(k, 1, 2),
      () => r['incr']!(k, 'extra'),
    ]);
  });

  conformance('arity-del-and-exists-with-no-keys', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([() => r['del']!(), () => r['exists']!(), () => r['del']!([])]);
  });

  conformance('arity-expire-ttl-persist', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['expire']!(k),
      () => r['pexpire']!(),
      () => r['ttl']!(),
      () => r['pttl']!(k, 'x'),
      () => r['persist']!(),
    ]);
  });

  conformance('arity-set-commands', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['sadd']!(k),
      () => r['srem']!(k),
      () => r['sismember']!(k),
      () => r['smembers']!(),
      () => r['scard']!(k, 'x'),
    ]);
  });

  conformance('arity-publish-subscribe-psubscribe-ping', async (env) => {
    const c = env.name('c');
    const r = client(env, c);
    return attemptAll([
      () => r['publish']!(c),
      () => r['ping']!('a', 'b'),
      () => r['ping']!('hello'),
      () => r['subscribe']!(),
      () => r['psubscribe']!(),
    ]);
  });

  conformance('set-ex-with-px-and-keepttl-with-ex-are-syntax-errors', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v', 'EX', 10, 'PX', 10),
      () => r['set']!(k, 'v', 'PX', 10, 'EX', 10),
      () => r['set']!(k, 'v', 'KEEPTTL', 'EX', 10),
      () => r['set']!(k, 'v', 'ex', 10, 'keepttl'),
      () => r['exists']!(k),
    ]);
  });

  conformance('set-ex-twice-takes-the-last', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v', 'EX', 1000, 'EX', 20),
      () => r['ttl']!(k),
      () => r['set']!(k, 'v', 'KEEPTTL', 'KEEPTTL'),
      () => r['ttl']!(k),
    ]);
  });

  conformance('set-keepttl-keeps-and-plain-set-clears-the-ttl', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'a', 'EX', 100),
      () => r['set']!(k, 'b', 'KEEPTTL'),
      () => r['ttl']!(k),
      () => r['set']!(k, 'c'),
      () => r['ttl']!(k),
      () => r['get']!(k),
    ]);
  });

  conformance('set-nx-and-xx-together-or-after-each-other', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v', 'NX', 'XX'),
      () => r['set']!(k, 'v', 'xx', 'nx'),
      () => r['set']!(k, 'v', 'XX'),
      () => r['set']!(k, 'v', 'NX', 'NX'),
      () => r['set']!(k, 'w', 'NX'),
      () => r['set']!(k, 'w', 'XX', 'XX'),
      () => r['get']!(k),
    ]);
  });

  conformance('set-get-returns-the-old-value-even-with-nx', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'a', 'GET'),
      () => r['set']!(k, 'b', 'GET', 'GET'),
      () => r['set']!(k, 'c', 'NX', 'GET'),
      () => r['set']!(k, 'd', 'XX', 'get'),
      () => r['get']!(k),
    ]);
  });

  conformance('set-get-on-a-set-key-is-wrongtype-and-changes-nothing', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['sadd']!(k, 'm'),
      () => r['set']!(k, 'v', 'GET'),
      () => r['type']!(k),
      () => r['set']!(k, 'v'),
      () => r['type']!(k),
    ]);
  });

  conformance('set-expire-times-invalid-or-not-integers', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v', 'EX', 0),
      () => r['set']!(k, 'v', 'PX', -1),
      () => r['set']!(k, 'v', 'EX', 'ten'),
      () => r['set']!(k, 'v', 'EX', 1.5),
      () => r['set']!(k, 'v', 'EX', '9223372036854775'),
      () => r['set']!(k, 'v', 'PX', '9223372036854775807'),
      () => r['set']!(k, 'v', 'EX', '9223372036854775808'),
      () => r['exists']!(k),
    ]);
  });

  conformance('set-option-without-value-or-unknown-is-a-syntax-error', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v', 'EX'),
      () => r['set']!(k, 'v', 'PX'),
      () => r['set']!(k, 'v', 'FOREVER'),
      () => r['set']!(k, 'v', 'NX', 'EX'),
      () => r['set']!(k, 'v', 'GETX'),
      () => r['exists']!(k),
    ]);
  });

  conformance('expire-nx-and-xx-look-at-the-current-ttl', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v'),
      () => r['expire']!(k, 100, 'XX'),
      () => r['ttl']!(k),
      () => r['expire']!(k, 100, 'NX'),
      () => r['ttl']!(k),
      () => r['expire']!(k, 50, 'nx'),
      () => r['expire']!(k, 50, 'xx'),
      () => r['ttl']!(k),
    ]);
  });

  conformance('expire-gt-and-lt-compare-with-the-current-ttl', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v'),
      () => r['expire']!(k, 100, 'GT'),
      () => r['expire']!(k, 100, 'LT'),
      () => r['ttl']!(k),
      () => r['expire']!(k, 50, 'GT'),
      () => r['expire']!(k, 200, 'GT'),
      () => r['ttl']!(k),
      () => r['expire']!(k, 300, 'LT'),
      () => r['pexpire']!(k, 10_000, 'lt', 'xx'),
      () => r['ttl']!(k),
    ]);
  });

  conformance('expire-option-conflicts-and-unknown-options', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['expire']!(k, 10, 'NX', 'XX'),
      () => r['expire']!(k, 10, 'NX', 'GT'),
      () => r['expire']!(k, 10, 'GT', 'LT'),
      () => r['expire']!(k, 10, 'FOO'),
      () => r['expire']!(k, 'ten', 'FOO'),
      () => r['expire']!(k, 'ten'),
      () => r['expire']!(k, 10, 'XX', 'GT'),
    ]);
  });

  conformance('expire-in-the-past-deletes-the-key-and-answers-1', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v'),
      () => r['expire']!(k, -5),
      () => r['exists']!(k),
      () => r['set']!(k, 'v'),
      () => r['pexpire']!(k, 0),
      () => r['get']!(k),
      () => r['expire']!(k, 10),
    ]);
  });

  conformance('expire-overflow-is-an-invalid-expire-time', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 'v'),
      () => r['expire']!(k, '9223372036854775807'),
      () => r['expire']!(k, '9223372036854775'),
      () => r['expire']!(k, '-9223372036854775807'),
      () => r['pexpire']!(k, '9223372036854775807'),
      () => r['expire']!(k, '9223372036854775808'),
      () => r['ttl']!(k),
    ]);
  });

  conformance('persist-removes-a-ttl-once', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['persist']!(k),
      () => r['set']!(k, 'v', 'EX', 100),
      () => r['persist']!(k),
      () => r['persist']!(k),
      () => r['ttl']!(k),
      () => r['pttl']!(env.name('missing')),
    ]);
  });

  conformance('incr-refuses-text-that-is-not-exactly-an-integer', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    const calls: (() => Promise<unknown>)[] = [];
    for (const text of ['007', '-0', '+1', ' 1', '1.0', '', '1e3', '0x10', '12']) {
      calls.push(() => r['set']!(k, text));
      calls.push(() => r['incr']!(k));
    }
    return attemptAll(calls);
  });

  conformance('incr-and-decr-overflow-at-the-64-bit-limits', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, '9223372036854775806'),
      () => r['incr']!(k),
      () => r['incr']!(k),
      () => r['get']!(k),
      () => r['set']!(k, '-9223372036854775807'),
      () => r['decr']!(k),
      () => r['decr']!(k),
      () => r['incrby']!(k, '-1'),
      () => r['get']!(k),
      () => r['set']!(k, '9223372036854775808'),
      () => r['incr']!(k),
    ]);
  });

  conformance('incrby-and-decrby-parse-their-increment-first', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['sadd']!(k, 'm'),
      () => r['incrby']!(k, 1.5),
      () => r['incrby']!(k, '+1'),
      () => r['incrby']!(k, 1),
      () => r['decrby']!(k, '9223372036854775808'),
      () => r['decrby']!(k, '-9223372036854775808'),
      () => r['del']!(k),
      () => r['decrby']!(k, '-9223372036854775807'),
      () => r['incrby']!(k, 1),
      () => r['decrby']!(k, 5),
    ]);
  });

  conformance('incr-keeps-the-ttl-and-set-of-a-number-reads-back-as-text', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['set']!(k, 41, 'EX', 100),
      () => r['incr']!(k),
      () => r['ttl']!(k),
      () => r['get']!(k),
      () => r['incrby']!(k, -50),
      () => r['get']!(k),
    ]);
  });

  conformance('option-strings-are-arguments-and-only-a-function-is-a-callback', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    const viaCallback = await new Promise((resolve) => {
      void r['expire']!(k, 10, 'NX', (error: Error | null, reply: unknown) =>
        resolve({ error: error?.message ?? null, reply }),
      );
    });
    const errorViaCallback = await new Promise((resolve) => {
      r['incrby']!(k, 'x', (error: Error | null, reply: unknown) =>
        resolve({ error: error?.message ?? null, reply }),
      ).catch(() => undefined);
    });
    return {
      set: await attempt(() => r['set']!(k, '1', 'NX', 'EX', '100')),
      expire: await attempt(() => r['expire']!(k, 10, 'NX')),
      viaCallback,
      errorViaCallback,
      ttl: await attempt(() => r['ttl']!(k)),
    };
  });

  conformance('arguments-become-text-as-ioredis-sends-them', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    const calls: (() => Promise<unknown>)[] = [];
    for (const value of [12.5, 1e21, 2 ** 60, null, undefined, true, [1, 2], Buffer.from('é')]) {
      calls.push(() => r['set']!(k, value));
      calls.push(() => r['get']!(k));
    }
    calls.push(() => r['del']!([k, k], [k]));
    return attemptAll(calls);
  });

  conformance('wrong-type-errors-across-strings-and-sets', async (env) => {
    const [s, t] = [env.name('s'), env.name('t')];
    const r = client(env, env.name(''));
    return attemptAll([
      () => r['sadd']!(s, 'a'),
      () => r['set']!(t, 'x'),
      () => r['get']!(s),
      () => r['incr']!(s),
      () => r['sadd']!(t, 'a'),
      () => r['sismember']!(t, 'a'),
      () => r['smembers']!(t),
      () => r['scard']!(t),
      () => r['srem']!(t, 'a'),
      () => r['expire']!(s, 100),
      () => r['type']!(s),
      () => r['type']!(t),
    ]);
  });

  conformance('set-members-of-integers-come-sorted', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['sadd']!(k, '10', '-3', '2', '7', '2'),
      () => r['smembers']!(k),
      () => r['srem']!(k, '7', 'nope'),
      () => r['smembers']!(k),
      () => r['scard']!(k),
      () => r['srem']!(k, '10', '-3', '2'),
      () => r['exists']!(k),
    ]);
  });

  conformance('exists-counts-a-key-named-twice-and-del-takes-arrays', async (env) => {
    const [a, b] = [env.name('a'), env.name('b')];
    const r = client(env, env.name(''));
    return attemptAll([
      () => r['set']!(a, '1'),
      () => r['exists']!(a, a, b),
      () => r['exists']!([a, b, a]),
      () => r['del']!([a], b, a),
      () => r['exists']!(a),
    ]);
  });

  conformance('keys-glob-stars-questions-and-classes', async (env) => {
    const prefix = env.name('');
    const r = client(env, prefix);
    for (const suffix of ['hello', 'hallo', 'hillo', 'hllo', 'heello', 'a.b', 'a*b', 'a?b']) {
      await r['set']!(`${prefix}${suffix}`, '1');
    }
    const patterns = ['h?llo', 'h*llo', 'h[ae]llo', 'h[^e]llo', 'h[a-b]llo', 'h[b-a]llo'];
    patterns.push('a\\*b', 'a\\?b', 'a[*]b', 'a.b*', '*', 'h*l*o', 'hello*', '*o');
    const found: Record<string, string[]> = {};
    for (const pattern of patterns) {
      const keys = (await r['keys']!(`${prefix}${pattern}`)) as string[];
      found[pattern] = keys.map((key) => key.slice(prefix.length)).sort();
    }
    return found;
  });

  conformance('glob-odd-classes-read-as-redis-reads-them', async (env) => {
    const prefix = env.name('');
    const r = client(env, prefix);
    for (const suffix of ['a', 'b', ']', '-', '^', '\\', 'z', 'ab', 'a]', '[']) {
      await r['set']!(`${prefix}${suffix}`, '1');
    }
    const patterns = ['[]', '[^]', '[a-]', '[a-]b]', '[-a]', '[\\]]', '[^a]', '[a', '[\\', '\\'];
    patterns.push('[z-a]', '[]a]', '[[]', '[a-b-z]', '[^-]', 'a[', '?]');
    const found: Record<string, string[]> = {};
    for (const pattern of patterns) {
      const keys = (await r['keys']!(`${prefix}${pattern}`)) as string[];
      found[pattern] = keys.map((key) => key.slice(prefix.length)).sort();
    }
    return found;
  });

  conformance('glob-works-on-bytes-not-characters', async (env) => {
    const prefix = env.name('');
    const r = client(env, prefix);
    for (const suffix of ['é', 'e', 'ée', '€']) await r['set']!(`${prefix}${suffix}`, '1');
    const patterns = ['?', '??', '???', '[é]', '[é][é]', '[^a]?', '[a-é]?', '*e', '[\u00c3]?'];
    const found: Record<string, string[]> = {};
    for (const pattern of patterns) {
      const keys = (await r['keys']!(`${prefix}${pattern}`)) as string[];
      found[pattern] = keys.map((key) => key.slice(prefix.length)).sort();
    }
    return found;
  });

  conformance('psubscribe-matches-channels-with-redis-globs', async (env) => {
    const pub = env.redis() as unknown as AnyRedis;
    const sub = env.redis() as unknown as AnyRedis;
    env.cleanup(() => pub.quit());
    env.cleanup(() => sub.quit());
    const prefix = env.name('');
    const got: string[] = [];
    sub.on('pmessage', (pattern: string, channel: string) =>
      got.push(`${pattern.slice(prefix.length)}<-${channel.slice(prefix.length)}`),
    );
    for (const pattern of ['[a-]x', 'é?', '*', 'a*', '[^]']) {
      await sub['psubscribe']!(`${prefix}${pattern}`);
    }
    const receivers: Record<string, unknown> = {};
    for (const channel of ['ax', ']x', 'é', 'éa', 'a', '', 'q']) {
      receivers[channel] = await pub['publish']!(`${prefix}${channel}`, 'm');
    }
    await env.until(() => got.length >= 12);
    await env.pause(50);
    return { receivers, got: got.sort() };
  });

  conformance('setnx-setex-psetex-answers-and-expire-checks', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['setnx']!(k, 'a'),
      () => r['setnx']!(k, 'b'),
      () => r['setex']!(k, 100, 'c'),
      () => r['ttl']!(k),
      () => r['setex']!(k, 0, 'd'),
      () => r['psetex']!(k, -1, 'd'),
      () => r['setex']!(k, 'ten', 'd'),
      () => r['psetex']!(k, 5000, 'e'),
      () => r['ttl']!(k),
      () => r['setnx']!(k),
      () => r['get']!(k),
    ]);
  });

  conformance('mget-mset-and-getdel-across-types', async (env) => {
    const [a, b, s] = [env.name('a'), env.name('b'), env.name('s')];
    const r = client(env, env.name(''));
    return attemptAll([
      () => r['mset']!(a, '1', b, '2'),
      () => r['mset']!({ [a]: 'x', [b]: 'y' }),
      () => r['mset']!(new Map([[a, 'm']])),
      () => r['mset']!(a, '1', b),
      () => r['sadd']!(s, 'm'),
      () => r['mget']!(a, b, s, env.name('none')),
      () => r['mget']!([a], b),
      () => r['getdel']!(a),
      () => r['getdel']!(a),
      () => r['getdel']!(s),
      () => r['mget']!(),
    ]);
  });

  // Found by the fuzzer (tests/conformance/fuzz/redis.fuzz.test.ts), fixed, kept here by name.
  conformance('fuzz-found-xtrim-maxlen-minus-zero-is-not-an-integer', async (env) => {
    const k = env.name('k');
    const r = client(env, k);
    return attemptAll([
      () => r['xtrim']!(k, 'MAXLEN', '-0'),
      () => r['xadd']!(k, '1-1', 'f', 'v'),
      () => r['xrange']!(k, '-', '+', 'COUNT', '-0'),
      () => r['xtrim']!(k, 'MAXLEN', '007'),
    ]);
  });

  conformance(
    'fuzz-found-integer-replies-beyond-2-53-lose-digits-as-ioredis-decodes',
    async (env) => {
      const k = env.name('k');
      const r = client(env, k);
      return attemptAll([
        () => r['decrby']!(k, '9223372036854775807'),
        () => r['incrby']!(k, '9223372036854775'),
        () => r['incrby']!(k, '9007199254740993'),
        () => r['get']!(k),
      ]);
    },
  );
});
