/**
 * A differential fuzzer: fast-check makes random sequences of Redis commands (keys, strings,
 * integers, expiry, sets, globs, Pub/Sub and stream ids, bad arguments included) from a small
 * pool of keys and channels; each sequence runs on the simulator and on the real Redis through
 * the real ioredis, and every reply, error text and delivered message must be equal. A
 * disagreement is shrunk to a minimal sequence and printed. FUZZ_RUNS (default 500) and
 * FUZZ_SEED (default fixed) choose the batch; `npm run fuzz -- --runs N --seed S` runs longer.
 */
import fc from 'fast-check';
import RealRedis from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBroker } from '../../../src/broker/index';
import { redisAddress, requireRedis } from '../harness';

beforeAll(requireRedis);

const runs = Number(process.env['FUZZ_RUNS'] ?? 500);
const seed = Number(process.env['FUZZ_SEED'] ?? 20261203);
const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

type Client = Record<string, (...args: unknown[]) => Promise<unknown>> & {
  on(event: string, listener: (...args: string[]) => void): unknown;
  quit(): Promise<unknown>;
};

/** One generated command: on the main connection, or (Pub/Sub) on the subscriber's. */
interface Op {
  readonly on: 'main' | 'sub';
  readonly command: string;
  readonly args: readonly Arg[];
}

/** An argument: a key, channel or KEYS pattern (prefixed per run), or literal text. */
type Arg =
  | { readonly key: string }
  | { readonly channel: string }
  | { readonly keyPattern: string }
  | string;

const keyNames = ['a', 'b', 'c'];
const channelNames = ['a', 'b', 'ab', 'é', 'a*', '[b]', ''];
const key = fc.constantFrom(...keyNames).map((k): Arg => ({ key: k }));
const channel = fc.constantFrom(...channelNames).map((c): Arg => ({ channel: c }));
const integerText = fc.constantFrom(
  '0',
  '1',
  '-1',
  '10',
  '100',
  '007',
  '-0',
  '+1',
  '1.5',
  'abc',
  '',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775808',
  '9223372036854775',
);
const value = fc.oneof(integerText, fc.constantFrom('x', 'é', 'a b'));
const ttlText = fc.constantFrom('-1', '0', '100', '1000', 'abc', '9223372036854775807');
const globPiece = fc.constantFrom('a', 'b', 'c', '*', '?', '[', ']', '^', '-', '\\', 'é');
const glob = fc.array(globPiece, { maxLength: 5 }).map((pieces) => pieces.join(''));
const setOption = fc.constantFrom('NX', 'XX', 'GET', 'KEEPTTL', 'EX', 'PX', 'nx', '100', '0', 'Z');
const expireOption = fc.constantFrom('NX', 'XX', 'GT', 'LT', 'gt', 'FOO');
const streamId = fc.constantFrom('0-1', '1-0', '1-1', '2-0', '1-*', '5', '0-0', 'x', '-', '+');
const group = fc.constantFrom('g1', 'g2');
const consumerName = fc.constantFrom('c1', 'c2');
const some = <T>(arb: fc.Arbitrary<T>, max = 3) => fc.array(arb, { maxLength: max });

const op = (command: string, args: fc.Arbitrary<Arg[]>, on: Op['on'] = 'main') =>
  args.map((a): Op => ({ on, command, args: a }));

const ops: fc.Arbitrary<Op> = fc.oneof(
  op(
    'set',
    fc.tuple(key, value, some(setOption, 4)).map(([k, v, o]) => [k, v, ...o]),
  ),
  op('get', some(key, 2)),
  op('del', some(key)),
  op('exists', some(key)),
  op('incr', some(key, 2)),
  op(
    'decr',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'incrby',
    fc.tuple(key, integerText).map((a) => [...a]),
  ),
  op(
    'decrby',
    fc.tuple(key, integerText).map((a) => [...a]),
  ),
  op(
    'expire',
    fc.tuple(key, ttlText, some(expireOption, 2)).map(([k, t, o]) => [k, t, ...o]),
  ),
  op(
    'pexpire',
    fc.tuple(key, ttlText, some(expireOption, 2)).map(([k, t, o]) => [k, t, ...o]),
  ),
  op(
    'ttl',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'pttl',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'persist',
    fc.tuple(key).map((a) => [...a]),
  ),
  op('type', some(key, 2)),
  op(
    'setnx',
    fc.tuple(key, value).map((a) => [...a]),
  ),
  op(
    'setex',
    fc.tuple(key, ttlText, value).map((a) => [...a]),
  ),
  op('mget', some(key)),
  op('mset', some(fc.oneof(key, value), 4)),
  op(
    'getdel',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'sadd',
    fc.tuple(key, some(value)).map(([k, m]) => [k, ...m]),
  ),
  op(
    'srem',
    fc.tuple(key, some(value)).map(([k, m]) => [k, ...m]),
  ),
  op(
    'sismember',
    fc.tuple(key, value).map((a) => [...a]),
  ),
  op(
    'smembers',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'scard',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'keys',
    glob.map((g) => [{ keyPattern: g }]),
  ),
  op(
    'xadd',
    fc.tuple(key, streamId, value).map(([k, id, v]) => [k, id, 'f', v]),
  ),
  op(
    'xlen',
    fc.tuple(key).map((a) => [...a]),
  ),
  op(
    'xrange',
    fc.tuple(key, streamId, streamId).map((a) => [...a]),
  ),
  op(
    'xdel',
    fc.tuple(key, some(streamId)).map(([k, ids]) => [k, ...ids]),
  ),
  op(
    'xtrim',
    fc.tuple(key, integerText).map(([k, n]) => [k, 'MAXLEN', n]),
  ),
  // Consumer groups: no BLOCK and no idle times, so every reply is deterministic.
  op(
    'xgroup',
    fc
      .tuple(fc.constantFrom('CREATE', 'create'), key, group, fc.constantFrom('0', '$', '1-0', 'x'))
      .chain(([verb, k, g, id]) =>
        some(fc.constantFrom('MKSTREAM', 'ENTRIESREAD', '3', 'FOO'), 2).map((o) => [
          verb,
          k,
          g,
          id,
          ...o,
        ]),
      ),
  ),
  op(
    'xgroup',
    fc.oneof(
      fc.tuple(key, group).map(([k, g]): Arg[] => ['DESTROY', k, g]),
      fc.tuple(key, group, consumerName).map(([k, g, c]): Arg[] => ['DELCONSUMER', k, g, c]),
      fc.tuple(key, group, consumerName).map(([k, g, c]): Arg[] => ['CREATECONSUMER', k, g, c]),
      fc.tuple(key, group, streamId).map(([k, g, id]): Arg[] => ['SETID', k, g, id]),
    ),
  ),
  op(
    'xreadgroup',
    fc
      .tuple(group, consumerName, some(fc.constantFrom('COUNT', '1', '2', 'NOACK'), 2), key)
      .chain(([g, c, o, k]) =>
        fc
          .constantFrom('>', '0', '1-0', 'x')
          .map((id): Arg[] => ['GROUP', g, c, ...o, 'STREAMS', k, id]),
      ),
  ),
  op(
    'xread',
    fc
      .tuple(some(fc.constantFrom('COUNT', '1', '0', '-1'), 2), key, streamId)
      .map(([o, k, id]): Arg[] => [...o, 'STREAMS', k, id]),
  ),
  op(
    'xack',
    fc.tuple(key, group, some(streamId)).map(([k, g, ids]): Arg[] => [k, g, ...ids]),
  ),
  op(
    'xpending',
    fc.tuple(key, group).map(([k, g]): Arg[] => [k, g]),
  ),
  op(
    'publish',
    fc.tuple(channel, value).map((a) => [...a]),
  ),
  op('publish', some(channel, 1)),
  op('subscribe', some(channel), 'sub'),
  op('psubscribe', some(glob.map((g): Arg => ({ channel: g }))), 'sub'),
  op('unsubscribe', fc.array(channel, { minLength: 1, maxLength: 2 }), 'sub'),
  op(
    'punsubscribe',
    fc.array(
      glob.map((g): Arg => ({ channel: g })),
      { minLength: 1 },
    ),
    'sub',
  ),
);

/** Prefixes that make one sequence's keys and channels its own on the shared server. */
let sequence = 0;

function argText(arg: Arg, prefix: string): string {
  if (typeof arg === 'string') return arg;
  if ('key' in arg) return `${prefix}k.${arg.key}`;
  return 'keyPattern' in arg ? `${prefix}k.${arg.keyPattern}` : `${prefix}c.${arg.channel}`;
}

/** What a reply says, with this run's prefix taken out and orderless replies sorted. */
function normal(command: string, reply: unknown, prefix: string, racy: boolean): unknown {
  const strip = (v: unknown): unknown =>
    typeof v === 'string' ? v.split(prefix).join('') : Array.isArray(v) ? v.map(strip) : v;
  if (command === 'keys' || command === 'smembers') return (strip(reply) as string[]).sort();
  // PTTL is read a moment apart on the two servers; whole seconds are what they agree on.
  // EXPIRE … GT/LT with the TTL a key already has compares two clock readings whose order
  // depends on whether a millisecond ticked between the commands, on either server: only
  // that it answered (0 or 1) is compared; the deterministic cases are named scenarios.
  if ((command === 'expire' || command === 'pexpire') && typeof reply === 'number' && racy) {
    return 'answered';
  }
  if (command === 'pttl' && typeof reply === 'number' && reply > 0) return Math.round(reply / 1000);
  return strip(reply);
}

/** Runs the sequence on one target: every command's reply or error, and what the subscriber got. */
async function play(
  make: () => Client,
  sequenceOps: readonly Op[],
  prefix: string,
): Promise<unknown> {
  const main = make();
  const sub = make();
  const got: string[] = [];
  const strip = (text: string) => text.split(prefix).join('');
  sub.on('message', (c, m) => got.push(`message ${strip(c)} ${m}`));
  sub.on('pmessage', (p, c, m) => got.push(`pmessage ${strip(p)} ${strip(c)} ${m}`));
  const replies: unknown[] = [];
  let expected = 0;
  try {
    for (const { on, command, args } of sequenceOps) {
      const client = on === 'main' ? main : sub;
      try {
        const reply = await client[command]!(...args.map((a) => argText(a, prefix)));
        if (command === 'publish' && typeof reply === 'number') expected += reply;
        const racy = args.some((a) => typeof a === 'string' && /^(gt|lt)$/i.test(a));
        replies.push(normal(command, reply, prefix, racy));
      } catch (error) {
        replies.push({ error: `${(error as Error).name}: ${strip((error as Error).message)}` });
      }
    }
    const end = Date.now() + 1000;
    while (got.length < expected && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    return { replies, got: got.sort() };
  } finally {
    const keys = (await main['keys']!(`${prefix}*`)) as string[];
    if (keys.length > 0) await main['del']!(...keys);
    await Promise.all([main.quit(), sub.quit()]);
  }
}

/** The sequence as one line per command, to read a shrunk counterexample. */
function show(sequenceOps: readonly Op[]): string {
  return sequenceOps
    .map(({ on, command, args }) => `${on}: ${command} ${JSON.stringify(args)}`)
    .join('\n');
}

describe('Redis differential fuzzing: simulator vs real Redis', () => {
  it(
    `${runs} random command sequences agree (seed ${seed})`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(ops, { minLength: 1, maxLength: 20 }), async (sequenceOps) => {
          const prefix = `fuzz.${runId}.${sequence++}.`;
          const broker = createBroker({ seed: 1 });
          const { default: SimRedis } = broker.modulesFor('fuzz').ioredis;
          try {
            const [real, simulated] = await Promise.all([
              play(
                () => new RealRedis({ ...redisAddress }) as unknown as Client,
                sequenceOps,
                prefix,
              ),
              play(
                () => new SimRedis({ ...redisAddress }) as unknown as Client,
                sequenceOps,
                `${prefix}`,
              ),
            ]);
            if (JSON.stringify(real) !== JSON.stringify(simulated)) {
              expect({ sequence: show(sequenceOps), simulated }).toEqual({
                sequence: show(sequenceOps),
                simulated: real,
              });
            }
          } finally {
            broker.close();
          }
        }),
        { numRuns: runs, seed, endOnFailure: false },
      );
    },
    60_000 + runs * 400,
  );
});
