import { beforeAll, describe } from 'vitest';
import { requireRedis, type RedisLike, type ScenarioEnv } from './harness';
import { conformance } from './conformance';

beforeAll(requireRedis);

/** The reply, or the error's message: both targets must fail the same way. */
async function attempt(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** An auto-generated id's shape (its time part differs between the two targets by nature). */
const idShape = (id: unknown) => typeof id === 'string' && /^\d+-\d+$/.test(id);

/** A client, closed after the scenario, with the given keys deleted. */
function client(env: ScenarioEnv, ...keys: string[]): RedisLike {
  const r = env.redis();
  env.cleanup(() => r.quit());
  if (keys.length > 0) env.cleanup(() => r.del(...keys));
  return r;
}

/** XPENDING's extended rows with the idle time reduced to whether it is a number. */
function pendingRows(rows: unknown) {
  return (rows as [string, string, number, number][]).map(([id, consumer, idle, count]) => [
    id,
    consumer,
    typeof idle === 'number' && idle >= 0,
    count,
  ]);
}

describe('Redis Streams: simulator vs real Redis', () => {
  conformance('xadd-explicit-ids-xlen-xrange-forms-and-errors', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    const added = [
      await attempt(() => r.xadd(key, '1-1', 'a', '1', 'b', '2')),
      await attempt(() => r.xadd(key, '1-1', 'a', '1')),
      await attempt(() => r.xadd(key, '1-*', 'a', '2')),
      await attempt(() => r.xadd(key, '5-*', 'a', '3')),
      await attempt(() => r.xadd(key, 7, 'a', 4)),
      await attempt(() => r.xadd(key, '0-0', 'a', '1')),
      await attempt(() => r.xadd(key, 'abc', 'a', '1')),
      await attempt(() => r.xadd(key, '*', 'a')),
      await attempt(() => r.xadd(key, '3-*', 'a', '1')),
    ];
    return {
      added,
      len: await r.xlen(key),
      all: await r.xrange(key, '-', '+'),
      counted: await r.xrange(key, '-', '+', 'COUNT', 2),
      exclusive: await r.xrange(key, '(1-1', '(7-0'),
      msOnly: await r.xrange(key, '1', '5'),
      reverse: await r.xrevrange(key, '+', '-', 'COUNT', 2),
      countZero: await r.xrange(key, '-', '+', 'COUNT', 0),
      missing: await r.xrange(env.name('none'), '-', '+'),
      missingLen: await r.xlen(env.name('none')),
      badStart: await attempt(() =>
        r.xrange(key, '(18446744073709551615-18446744073709551615', '+'),
      ),
      badEnd: await attempt(() => r.xrange(key, '-', '(0-0')),
      syntax: await attempt(() => r.xrange(key, '-', '+', 'FOO')),
    };
  });

  conformance('xadd-auto-ids-increase-and-nomkstream', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    const ids: unknown[] = [];
    for (let i = 0; i < 5; i++) ids.push(await r.xadd(key, '*', 'n', i));
    const text = ids as string[];
    const increasing = text.every((id, i) => {
      if (i === 0) return true;
      const [ms, seq] = id.split('-').map(Number) as [number, number];
      const [pms, pseq] = text[i - 1]!.split('-').map(Number) as [number, number];
      return ms > pms || (ms === pms && seq > pseq);
    });
    return {
      shapes: ids.map(idShape),
      increasing,
      noMkStream: await r.xadd(env.name('absent'), 'NOMKSTREAM', '*', 'a', 1),
      absentType: await r.type(env.name('absent')),
      values: ((await r.xrange(key, '-', '+')) as [string, string[]][]).map(([, f]) => f),
    };
  });

  conformance('maxlen-minid-trim-exact-and-approximate-by-whole-nodes', async (env) => {
    const [a, b, c] = ['a', 'b', 'c'].map((s) => env.name(s)) as [string, string, string];
    const r = client(env, a, b, c);
    for (let i = 1; i <= 250; i++) await r.xadd(a, `${i}-0`, 'f', 'x');
    const approx = await r.xtrim(a, 'MAXLEN', '~', 10);
    const first = ((await r.xrange(a, '-', '+', 'COUNT', 1)) as [string][])[0]![0];
    const exact = await r.xtrim(a, 'MAXLEN', '=', 7);
    for (let i = 1; i <= 250; i++) await r.xadd(b, 'MAXLEN', '~', 10, `${i}-0`, 'f', 'x');
    for (let i = 1; i <= 250; i++) await r.xadd(c, 'MINID', '~', 200, `${i}-0`, 'f', 'x');
    return {
      approx,
      first,
      exact,
      lengths: [await r.xlen(a), await r.xlen(b), await r.xlen(c)],
      minidFirst: ((await r.xrange(c, '-', '+', 'COUNT', 1)) as [string][])[0]![0],
      minidExact: await r.xtrim(c, 'MINID', 210),
      info: await r.xinfo('STREAM', a),
      limitWithoutApprox: await attempt(() => r.xtrim(a, 'MAXLEN', 1, 'LIMIT', 5)),
      limitNoRoom: await r.xtrim(a, 'MAXLEN', '~', 0, 'LIMIT', 50),
      both: await attempt(() => r.xadd(a, 'MAXLEN', 1, 'MINID', 1, '*', 'a', 1)),
      negative: await attempt(() => r.xtrim(a, 'MAXLEN', -1)),
      noStrategy: await attempt(() => r.xtrim(a, 'FOO', 1)),
    };
  });

  conformance('xdel-leaves-tombstones-xinfo-stream-counters', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    for (let i = 1; i <= 5; i++) await r.xadd(key, `${i}-0`, 'n', i);
    const deleted = [await r.xdel(key, '1-0', '3-0', '9-0'), await r.xdel(env.name('no'), '1-0')];
    const info = await r.xinfo('STREAM', key);
    const bad = await attempt(() => r.xdel(key, 'bad'));
    await r.xdel(key, '2-0', '4-0', '5-0');
    return { deleted, info, bad, empty: await r.xinfo('STREAM', key), len: await r.xlen(key) };
  });

  conformance('xinfo-stream-radix-tree-counts-as-nodes-come-and-go', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    const ms = 1_700_000_000_000;
    for (let i = 0; i < 350; i++) await r.xadd(key, `${ms + i * 7}-${i % 3}`, 'f', 'x');
    const counts = (info: unknown) => (info as unknown[]).slice(0, 6);
    const full = counts(await r.xinfo('STREAM', key));
    const middle = ((await r.xrange(key, '-', '+', 'COUNT', 200)) as [string][]).slice(100);
    await r.xdel(key, ...middle.map(([id]) => id));
    const withoutMiddle = counts(await r.xinfo('STREAM', key));
    await r.xtrim(key, 'MAXLEN', '~', 120);
    return { full, withoutMiddle, trimmed: counts(await r.xinfo('STREAM', key)) };
  });

  conformance('history-read-shows-a-deleted-pending-entry-as-null', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 3; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', key, '>');
    await r.xdel(key, '2-0');
    return {
      history: await r.xreadgroup('GROUP', 'g', 'c', 'COUNT', 5, 'STREAMS', key, '0'),
      after: await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', key, '1-0'),
      rows: pendingRows(await r.xpending(key, 'g', '-', '+', 10)),
    };
  });

  conformance('stream-keys-share-the-keyspace-type-del-expire-wrongtype', async (env) => {
    const [key, text] = [env.name('s'), env.name('t')];
    const r = client(env, key, text);
    await r.xadd(key, '1-0', 'a', '1');
    await r.set(text, 'x');
    return {
      type: await r.type(key),
      exists: await r.exists(key, text),
      get: await attempt(() => r.get(key)),
      xaddOnString: await attempt(() => r.xadd(text, '*', 'a', 1)),
      xlenOnString: await attempt(() => r.xlen(text)),
      xreadOnString: await attempt(() => r.xread('STREAMS', text, '0')),
      groupOnString: await attempt(() => r.xgroup('CREATE', text, 'g', '$')),
      expire: await r.expire(key, 100),
      ttl: await r.ttl(key),
      del: await r.del(key),
      typeAfter: await r.type(key),
      overwritten: [await r.xadd(key, '1-0', 'a', '1'), await r.set(key, 'v'), await r.type(key)],
    };
  });

  conformance('xread-count-several-streams-dollar-and-errors', async (env) => {
    const [a, b] = [env.name('a'), env.name('b')];
    const r = client(env, a, b);
    for (let i = 1; i <= 3; i++) await r.xadd(a, `${i}-0`, 'n', i);
    await r.xadd(b, '2-0', 'm', 'x');
    return {
      both: await r.xread('COUNT', 2, 'STREAMS', a, b, '0', '1'),
      onlyNew: await r.xread('STREAMS', a, b, '2', '2-0'),
      nothing: await r.xread('STREAMS', a, env.name('none'), '$', '0'),
      unbalanced: await attempt(() => r.xread('STREAMS', a, b, '0')),
      group: await attempt(() => r.xread('GROUP', 'g', 'c', 'STREAMS', a, '0')),
      greater: await attempt(() => r.xread('STREAMS', a, '>')),
      negative: await attempt(() => r.xread('BLOCK', -1, 'STREAMS', a, '$')),
      badId: await attempt(() => r.xread('STREAMS', a, '-')),
    };
  });

  conformance('xread-block-woken-by-xadd-and-connection-waits-behind-it', async (env) => {
    const key = env.name('s');
    const writer = client(env, key);
    const reader = client(env);
    await writer.xadd(key, '1-0', 'old', '1');
    const order: string[] = [];
    const read = reader.xread('BLOCK', 5000, 'STREAMS', key, '$').then((reply) => {
      order.push('xread');
      return reply;
    });
    const ping = reader.ping().then((pong) => {
      order.push('ping');
      return pong;
    });
    await env.pause(100);
    const before = [...order];
    await writer.xadd(key, '2-0', 'new', '1');
    await writer.xadd(key, '3-0', 'newer', '1');
    return { before, reply: await read, pong: await ping, order };
  });

  conformance('xread-block-timeout-replies-null', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xadd(key, '1-0', 'a', '1');
    const timedOut = await r.xread('BLOCK', 150, 'STREAMS', key, env.name('other'), '$', '$');
    return { timedOut, afterwards: await r.xlen(key) };
  });

  conformance('xgroup-create-setid-destroy-consumers-and-their-errors', async (env) => {
    const [key, text] = [env.name('s'), env.name('t')];
    const r = client(env, key, text);
    await r.set(text, 'x');
    const created = [
      await attempt(() => r.xgroup('CREATE', key, 'g', '$')),
      await attempt(() => r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM')),
      await attempt(() => r.xgroup('CREATE', key, 'g', '$', 'MKSTREAM')),
      await attempt(() => r.xgroup('CREATE', key, 'g2', 'bad')),
      await attempt(() => r.xgroup('CREATE', key, 'g3', '0', 'ENTRIESREAD', -5)),
      await attempt(() => r.xgroup('CREATE', key, 'g4', '0', 'FOO')),
      await attempt(() => r.xgroup('CREATE', key, 'g5', '0', 'ENTRIESREAD', 3)),
      await attempt(() => r.xgroup('CREATE', key, 'g')),
      await attempt(() => r.xgroup('FOO', key, 'g')),
    ];
    await r.xadd(key, '1-0', 'a', '1');
    const consumers = [
      await r.xgroup('CREATECONSUMER', key, 'g', 'alice'),
      await r.xgroup('CREATECONSUMER', key, 'g', 'alice'),
      await attempt(() => r.xgroup('CREATECONSUMER', key, 'nog', 'alice')),
      await attempt(() => r.xgroup('SETID', key, 'nog', '0')),
      await attempt(() => r.xgroup('DELCONSUMER', key, 'nog', 'alice')),
      await r.xgroup('SETID', key, 'g', '0'),
      await r.xgroup('SETID', key, 'g5', '$', 'ENTRIESREAD', 1),
    ];
    await r.xreadgroup('GROUP', 'g', 'alice', 'STREAMS', key, '>');
    return {
      created,
      consumers,
      groups: await r.xinfo('GROUPS', key),
      delconsumer: [
        await r.xgroup('DELCONSUMER', key, 'g', 'alice'),
        await r.xgroup('DELCONSUMER', key, 'g', 'nobody'),
      ],
      pendingAfter: await r.xpending(key, 'g'),
      destroy: [await r.xgroup('DESTROY', key, 'g5'), await r.xgroup('DESTROY', key, 'g5')],
      destroyMissingKey: await attempt(() => r.xgroup('DESTROY', env.name('none'), 'g')),
      wrongType: await attempt(() => r.xgroup('CREATE', text, 'g', '$')),
    };
  });

  conformance('xreadgroup-new-entries-history-noack-and-nogroup', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 5; i++) await r.xadd(key, `${i}-0`, 'n', i);
    const read = (...args: (string | number)[]) =>
      attempt(() => r.xreadgroup('GROUP', 'g', ...args));
    return {
      first: await read('bob', 'COUNT', 2, 'STREAMS', key, '>'),
      history: await read('bob', 'STREAMS', key, '0'),
      otherHistory: await read('carol', 'STREAMS', key, '0'),
      noack: await read('carol', 'COUNT', 1, 'NOACK', 'STREAMS', key, '>'),
      rest: await read('bob', 'STREAMS', key, '>'),
      none: await read('bob', 'STREAMS', key, '>'),
      dollar: await read('bob', 'STREAMS', key, '$'),
      noGroup: await attempt(() => r.xreadgroup('GROUP', 'nog', 'c', 'STREAMS', key, '>')),
      noKey: await attempt(() => r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', env.name('none'), '>')),
      missingGroupOption: await attempt(() =>
        r.xreadgroup('COUNT', 1, 'STREAMS', key, '>', 'x', 'y'),
      ),
      summary: await r.xpending(key, 'g'),
      rows: pendingRows(await r.xpending(key, 'g', '-', '+', 10)),
      consumers: ((await r.xinfo('CONSUMERS', key, 'g')) as unknown[][]).map((c) => c.slice(0, 4)),
    };
  });

  conformance('xack-removes-from-the-pending-list', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 3; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', key, '>');
    return {
      acked: await r.xack(key, 'g', '1-0', '1-0', '9-0'),
      again: await r.xack(key, 'g', '1-0'),
      noGroup: await r.xack(key, 'nog', '2-0'),
      noKey: await r.xack(env.name('none'), 'g', '2-0'),
      badId: await attempt(() => r.xack(key, 'g', 'bad')),
      summary: await r.xpending(key, 'g'),
      rest: await r.xack(key, 'g', '2-0', '3-0'),
      empty: await r.xpending(key, 'g'),
    };
  });

  conformance('xpending-extended-idle-range-count-and-consumer', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 4; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'a', 'COUNT', 2, 'STREAMS', key, '>');
    await r.xreadgroup('GROUP', 'g', 'b', 'STREAMS', key, '>');
    return {
      all: pendingRows(await r.xpending(key, 'g', '-', '+', 10)),
      counted: pendingRows(await r.xpending(key, 'g', '(1-0', '+', 2)),
      ofB: pendingRows(await r.xpending(key, 'g', '-', '+', 10, 'b')),
      ofNobody: await r.xpending(key, 'g', '-', '+', 10, 'nobody'),
      idleFilter: await r.xpending(key, 'g', 'IDLE', 100000, '-', '+', 10),
      syntax: await attempt(() => r.xpending(key, 'g', '-', '+')),
      badCount: await attempt(() => r.xpending(key, 'g', '-', '+', 'x')),
      noGroup: await attempt(() => r.xpending(key, 'nog')),
      noKey: await attempt(() => r.xpending(env.name('none'), 'g')),
    };
  });

  conformance('xclaim-moves-ownership-counts-justid-force-and-deleted', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 5; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'a', 'COUNT', 4, 'STREAMS', key, '>');
    await r.xdel(key, '4-0');
    const claims = {
      plain: await r.xclaim(key, 'g', 'b', 0, '1-0', '9-0'),
      justId: await r.xclaim(key, 'g', 'c', 0, '1-0', 'JUSTID'),
      tooRecent: await r.xclaim(key, 'g', 'c', 100000, '2-0'),
      retry: await r.xclaim(key, 'g', 'c', 0, '2-0', 'RETRYCOUNT', 7, 'IDLE', 5000),
      force: await r.xclaim(key, 'g', 'd', 0, '5-0', 'FORCE'),
      deleted: await r.xclaim(key, 'g', 'd', 0, '4-0'),
      noGroup: await attempt(() => r.xclaim(key, 'nog', 'd', 0, '1-0')),
      badOption: await attempt(() => r.xclaim(key, 'g', 'd', 0, '1-0', 'FOO')),
      badIdle: await attempt(() => r.xclaim(key, 'g', 'd', 'x', '1-0')),
    };
    const rows = (await r.xpending(key, 'g', '-', '+', 10)) as [string, string, number, number][];
    return {
      claims,
      rows: rows.map(([id, owner, idle, count]) => [
        id,
        owner,
        idle >= 5000 ? '≥5000' : 'recent',
        count,
      ]),
    };
  });

  conformance('xautoclaim-cursor-count-justid-and-deleted-entries', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 5; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'a', 'STREAMS', key, '>');
    await r.xdel(key, '2-0');
    return {
      firstPage: await r.xautoclaim(key, 'g', 'b', 0, '0-0', 'COUNT', 2),
      secondPage: await r.xautoclaim(key, 'g', 'b', 0, '3-0', 'COUNT', 2),
      justId: await r.xautoclaim(key, 'g', 'c', 0, '-', 'JUSTID'),
      tooRecent: await r.xautoclaim(key, 'g', 'd', 100000, '0'),
      countZero: await attempt(() => r.xautoclaim(key, 'g', 'd', 0, '0', 'COUNT', 0)),
      noGroup: await attempt(() => r.xautoclaim(key, 'nog', 'd', 0, '0')),
      rows: pendingRows(await r.xpending(key, 'g', '-', '+', 10)),
    };
  });

  conformance('entries-a-dead-consumer-read-stay-pending-until-claimed', async (env) => {
    const key = env.name('orders');
    const worker = env.redis({ connectionName: 'worker' });
    const rescuer = client(env, key);
    await rescuer.xgroup('CREATE', key, 'billing', '$', 'MKSTREAM');
    for (const order of ['o1', 'o2', 'o3']) await rescuer.xadd(key, '*', 'order', order);
    const read = (await worker.xreadgroup(
      'GROUP',
      'billing',
      'worker-1',
      'COUNT',
      2,
      'STREAMS',
      key,
      '>',
    )) as [string, [string, string[]][]][];
    const seenByWorker = read[0]![1].map(([, fields]) => fields[1]);
    worker.disconnect(); // it dies before XACK
    await env.pause(50);
    const stillPending = ((await rescuer.xpending(key, 'billing')) as unknown[])[0];
    const [cursor, claimed, deleted] = (await rescuer.xautoclaim(
      key,
      'billing',
      'worker-2',
      0,
      '0',
      'COUNT',
      10,
    )) as [string, [string, string[]][], string[]];
    const claimedOrders = claimed.map(([, fields]) => fields[1]);
    const ids = claimed.map(([id]) => id);
    return {
      seenByWorker,
      stillPending,
      cursor,
      claimedOrders,
      deleted,
      counts: ((await rescuer.xpending(key, 'billing', '-', '+', 10)) as unknown[][]).map((row) => [
        row[1],
        row[3],
      ]),
      acked: await rescuer.xack(key, 'billing', ...ids),
      // o3 was never read by anyone: the next `>` gets it.
      neverRead: (
        (await rescuer.xreadgroup('GROUP', 'billing', 'worker-2', 'STREAMS', key, '>')) as [
          string,
          [string, string[]][],
        ][]
      )[0]![1].map(([, fields]) => fields),
    };
  });

  conformance(
    'blocked-xreadgroup-on-two-keys-is-served-from-the-key-that-got-entries',
    async (env) => {
      const [a, b] = [env.name('a'), env.name('b')];
      const writer = client(env, a, b);
      const reader = client(env);
      for (const key of [a, b]) await writer.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
      const read = reader.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 5000, 'STREAMS', a, b, '>', '>');
      await env.pause(100);
      const consumersWhileBlocked = await writer.xinfo('CONSUMERS', b, 'g');
      await writer.xadd(b, '1-0', 'x', '1');
      await writer.xadd(b, '2-0', 'x', '2');
      const reply = (await read) as [string, unknown][];
      return {
        consumersWhileBlocked,
        keys: reply.map(([key]) => (key === a ? 'a' : key === b ? 'b' : key)),
        entries: reply.map(([, entries]) => entries),
        pendingB: await writer.xpending(b, 'g'),
        pendingA: await writer.xpending(a, 'g'),
      };
    },
  );

  conformance('blocked-group-readers-learn-of-destroyed-group-and-deleted-key', async (env) => {
    const key = env.name('s');
    const writer = client(env, key);
    const [one, two] = [client(env), client(env)];
    await writer.xgroup('CREATE', key, 'g', '$', 'MKSTREAM');
    await writer.xgroup('CREATE', key, 'h', '$');
    const plain = env.redis();
    env.cleanup(() => plain.quit());
    const first = attempt(() => one.xreadgroup('GROUP', 'g', 'c', 'BLOCK', 0, 'STREAMS', key, '>'));
    const second = attempt(() =>
      two.xreadgroup('GROUP', 'h', 'c', 'BLOCK', 0, 'STREAMS', key, '>'),
    );
    const third = attempt(() => plain.xread('BLOCK', 400, 'STREAMS', key, '$'));
    await env.pause(100);
    await writer.xgroup('DESTROY', key, 'g');
    const afterDestroy = await first;
    await writer.del(key);
    return { afterDestroy, afterDelete: await second, plainReaderTimesOut: await third };
  });

  conformance('disconnect-fails-a-blocked-read-with-connection-closed', async (env) => {
    const key = env.name('s');
    const reader = env.redis();
    const read = attempt(() => reader.xread('BLOCK', 0, 'STREAMS', key, '$'));
    await env.pause(100);
    reader.disconnect();
    return { read: await read };
  });

  conformance('xgroup-setid-hands-pending-entries-to-the-next-reader', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xgroup('CREATE', key, 'g', '0', 'MKSTREAM');
    for (let i = 1; i <= 3; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xreadgroup('GROUP', 'g', 'a', 'STREAMS', key, '>');
    await r.xclaim(key, 'g', 'a', 0, '1-0');
    await r.xgroup('SETID', key, 'g', '1-0');
    const reread = await r.xreadgroup('GROUP', 'g', 'b', 'COUNT', 1, 'STREAMS', key, '>');
    return {
      reread,
      rows: pendingRows(await r.xpending(key, 'g', '-', '+', 10)),
      groups: await r.xinfo('GROUPS', key),
    };
  });

  conformance('group-lag-and-entries-read-with-tombstones', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    for (let i = 1; i <= 6; i++) await r.xadd(key, `${i}-0`, 'n', i);
    await r.xgroup('CREATE', key, 'early', '0');
    await r.xgroup('CREATE', key, 'late', '$');
    await r.xgroup('CREATE', key, 'ahead', '0', 'ENTRIESREAD', 9);
    await r.xreadgroup('GROUP', 'early', 'c', 'COUNT', 2, 'STREAMS', key, '>');
    const before = await r.xinfo('GROUPS', key);
    await r.xdel(key, '4-0');
    const afterDelete = await r.xinfo('GROUPS', key);
    await r.xreadgroup('GROUP', 'early', 'c', 'STREAMS', key, '>');
    await r.xtrim(key, 'MAXLEN', 0);
    return {
      before,
      afterDelete,
      caughtUp: await r.xinfo('GROUPS', key),
      stream: await r.xinfo('STREAM', key),
    };
  });

  conformance('argument-and-arity-errors-word-for-word', async (env) => {
    const key = env.name('s');
    const r = client(env, key);
    await r.xadd(key, '1-0', 'a', '1');
    await r.xgroup('CREATE', key, 'g', '0');
    const cases: [string, () => Promise<unknown>][] = [
      ['xadd arity', () => r.xadd(key)],
      ['xadd limit no strategy', () => r.xadd(key, 'LIMIT', 5, '*', 'a', 1)],
      ['xadd maxlen not integer', () => r.xadd(key, 'MAXLEN', 'abc', '*', 'a', 1)],
      ['xadd limit negative', () => r.xadd(key, 'MAXLEN', '~', 5, 'LIMIT', -1, '*', 'a', 1)],
      ['xadd plus id', () => r.xadd(key, '+', 'a', 1)],
      ['xrange arity', () => r.xrange(key, '-')],
      ['xrange count text', () => r.xrange(key, '-', '+', 'COUNT', 'x')],
      ['xread no streams', () => r.xread('COUNT', 1, key, '0')],
      ['xread noack', () => r.xread('NOACK', 'STREAMS', key, '0')],
      ['xread block text', () => r.xread('BLOCK', 'x', 'STREAMS', key, '$')],
      ['xreadgroup arity', () => r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', key)],
      ['xgroup destroy arity', () => r.xgroup('DESTROY', key)],
      ['xgroup setid option', () => r.xgroup('SETID', key, 'g', '0', 'MKSTREAM')],
      ['xinfo stream option', () => r.xinfo('STREAM', key, 'FOO')],
      ['xinfo groups arity', () => r.xinfo('GROUPS', key, 'x')],
      ['xinfo missing key', () => r.xinfo('STREAM', env.name('none'))],
      ['xinfo unknown', () => r.xinfo('FOO', key)],
      ['xinfo consumers nogroup', () => r.xinfo('CONSUMERS', key, 'nog')],
      ['xautoclaim option', () => r.xautoclaim(key, 'g', 'c', 0, '0', 'FOO')],
      ['xautoclaim min idle', () => r.xautoclaim(key, 'g', 'c', 'x', '0')],
      ['xpending idle short', () => r.xpending(key, 'g', 'IDLE', 5, '-', '+')],
      ['xdel arity', () => r.xdel(key)],
      ['xtrim arity', () => r.xtrim(key, 'MAXLEN')],
    ];
    const outcome: Record<string, unknown> = {};
    for (const [name, run] of cases) outcome[name] = await attempt(run);
    return outcome;
  });
});
