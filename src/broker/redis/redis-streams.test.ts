import { describe, expect, it } from 'vitest';
import { outcome, streamKit } from './stream-test-kit';

describe('Redis Streams: the log, its ids and the keyspace (virtual time)', () => {
  it('auto ids take their milliseconds from run time and count up within one millisecond', async () => {
    const { client, run } = streamKit();
    const r = client('app');
    const first = await r.xadd('s', '*', 'n', 1);
    const second = await r.xadd('s', '*', 'n', 2);
    await run(1500);
    const later = await r.xadd('s', '*', 'n', 3);
    expect([first, second, later]).toEqual(['0-1', '0-2', '1500-0']);
  });

  it('an explicit <ms>-* id takes the next sequence of that millisecond', async () => {
    const { client } = streamKit();
    const r = client('app');
    expect(await r.xadd('s', '7-3', 'a', 1)).toBe('7-3');
    expect(await r.xadd('s', '7-*', 'a', 2)).toBe('7-4');
    expect(await r.xadd('s', '9-*', 'a', 3)).toBe('9-0');
    expect(await outcome(() => r.xadd('s', '8-*', 'a', 4))).toEqual({
      error: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
    });
  });

  it('XRANGE reads inclusive and exclusive bounds, forwards and backwards, with COUNT', async () => {
    const { client } = streamKit();
    const r = client('app');
    for (let i = 1; i <= 5; i++) await r.xadd('s', `${i}-0`, 'n', i);
    const ids = (reply: unknown) => (reply as [string][]).map(([id]) => id);
    expect(ids(await r.xrange('s', '(2-0', '4'))).toEqual(['3-0', '4-0']);
    expect(ids(await r.xrevrange('s', '+', '-', 'COUNT', 2))).toEqual(['5-0', '4-0']);
    expect(await r.xrange('s', '-', '+', 'COUNT', 0)).toBeNull();
  });

  it('MAXLEN ~ trims only whole nodes of 100 entries: at least the asked length is kept', async () => {
    const { client } = streamKit();
    const r = client('app');
    for (let i = 1; i <= 250; i++) await r.xadd('s', `${i}-0`, 'f', 'x');
    expect(await r.xtrim('s', 'MAXLEN', '~', 120)).toBe(100);
    expect(await r.xtrim('s', 'MAXLEN', '~', 120)).toBe(0);
    expect(await r.xlen('s')).toBe(150);
    expect(await r.xtrim('s', 'MAXLEN', '=', 120)).toBe(30);
    expect(await r.xlen('s')).toBe(120);
  });

  it('MINID drops entries below the id; LIMIT caps how many one ~ trim removes', async () => {
    const { client } = streamKit();
    const r = client('app');
    for (let i = 1; i <= 300; i++) await r.xadd('s', `${i}-0`, 'f', 'x');
    expect(await r.xtrim('s', 'MINID', '~', 260, 'LIMIT', 150)).toBe(100);
    expect(await r.xtrim('s', 'MINID', 260)).toBe(159);
    expect((await r.xrange('s', '-', '+', 'COUNT', 1))[0]![0]).toBe('260-0');
  });

  it('XDEL leaves the id taken and the counters XINFO shows move as in Redis', async () => {
    const { client } = streamKit();
    const r = client('app');
    for (let i = 1; i <= 3; i++) await r.xadd('s', `${i}-0`, 'n', i);
    expect(await r.xdel('s', '1-0', '3-0', '9-0')).toBe(2);
    const info = (await r.xinfo('STREAM', 's')) as unknown[];
    const field = (name: string) => info[info.indexOf(name) + 1];
    expect(field('length')).toBe(1);
    expect(field('last-generated-id')).toBe('3-0');
    expect(field('max-deleted-entry-id')).toBe('3-0');
    expect(field('recorded-first-entry-id')).toBe('2-0');
    expect(await outcome(() => r.xadd('s', '3-0', 'n', 3))).toMatchObject({
      error: expect.stringContaining('equal or smaller') as unknown,
    });
  });

  it('a stream key is a key: TYPE, EXISTS, DEL, PEXPIRE in run time, WRONGTYPE both ways', async () => {
    const { client, run } = streamKit();
    const r = client('app');
    await r.xadd('s', '*', 'a', 1);
    await r.set('text', 'x');
    expect([await r.type('s'), await r.type('text'), await r.type('none')]).toEqual([
      'stream',
      'string',
      'none',
    ]);
    const wrongType = {
      error: 'WRONGTYPE Operation against a key holding the wrong kind of value',
    };
    expect(await outcome(() => r.get('s'))).toEqual(wrongType);
    expect(await outcome(() => r.sadd('s', 'm'))).toEqual(wrongType);
    expect(await outcome(() => r.xlen('text'))).toEqual(wrongType);
    expect(await r.pexpire('s', 2000)).toBe(1);
    await run(1999);
    expect(await r.exists('s')).toBe(1);
    await run(2000);
    expect(await r.type('s')).toBe('none');
    await r.xadd('t', '*', 'a', 1);
    expect(await r.del('t')).toBe(1);
    expect(await r.xlen('t')).toBe(0);
  });

  it('a restart keeps nothing: streams and their groups are gone (no persistence)', async () => {
    const { broker, client, run } = streamKit();
    const r = client('app');
    await r.xgroup('CREATE', 's', 'g', '$', 'MKSTREAM');
    await r.xadd('s', '*', 'a', 1);
    broker.restart();
    await run(500);
    expect(await r.type('s')).toBe('none');
    expect(await outcome(() => r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>'))).toEqual({
      error: "NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option",
    });
  });

  it('traces each hop with stream:<key>, group:<key>/<group> and the client name', async () => {
    const { client, run, events } = streamKit();
    const producer = client('shop');
    const worker = client('billing');
    await producer.xgroup('CREATE', 'orders', 'billing', '$', 'MKSTREAM');
    const id = await producer.xadd('orders', 'MAXLEN', 1, '*', 'order', 'o1');
    await producer.xadd('orders', 'MAXLEN', 1, '*', 'order', 'o2');
    await worker.xreadgroup('GROUP', 'billing', 'w1', 'STREAMS', 'orders', '>');
    await worker.xack('orders', 'billing', `${id}`);
    await worker.xclaim('orders', 'billing', 'w2', 0, '0-2');
    await run();
    const hops = events
      .filter((e) => e.kind !== 'connected')
      .map((e) => [e.kind, e.from, e.to, e.messageId, e.reason ?? '']);
    expect(hops).toEqual([
      ['declared', 'shop', 'group:orders/billing', undefined, ''],
      ['published', 'shop', 'stream:orders', 'm1', ''],
      ['published', 'shop', 'stream:orders', 'm2', ''],
      ['dropped', 'stream:orders', 'stream:orders', 'm1', 'maxlen'],
      ['delivered', 'group:orders/billing', 'billing', 'm2', ''],
      ['redelivered', 'group:orders/billing', 'billing', 'm2', 'claimed'],
    ]);
    const published = events.find((e) => e.kind === 'published');
    expect(published?.payload).toBe('{"order":"o1"}');
  });

  it('XACK traces acked for the entry it acknowledges', async () => {
    const { client, events } = streamKit();
    const r = client('worker');
    await r.xgroup('CREATE', 's', 'g', '0', 'MKSTREAM');
    await r.xadd('s', '1-0', 'a', 1);
    await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>');
    expect(await r.xack('s', 'g', '1-0')).toBe(1);
    expect(events.find((e) => e.kind === 'acked')).toMatchObject({
      from: 'worker',
      to: 'group:s/g',
      messageId: 'm1',
    });
  });

  it('what is not modelled throws at once, saying what to use instead', () => {
    const { client } = streamKit();
    const r = client('app');
    expect(() => r.xinfo('STREAM', 's', 'FULL')).toThrow(
      /not modelled in the simulator; use XINFO/,
    );
    expect(() => r.xgroup('HELP')).toThrow(/XGROUP HELP is not modelled/);
    expect(() => r.xsetid('s', '5-0')).toThrow(/XSETID is not modelled.*XGROUP SETID/);
    const resp3 = new (streamKit().broker.modulesFor('x').ioredis.default)({
      replyMapping: 'resp3',
    });
    expect(() => resp3.xlen('s')).toThrow(/replyMapping: 'resp3'.*not modelled/);
  });

  it('an id part above 2^53 is refused as not modelled; the largest id Redis knows is kept', async () => {
    const { client } = streamKit();
    const r = client('app');
    expect(await outcome(() => r.xadd('s', '9007199254740993-0', 'a', 1))).toEqual({
      error: expect.stringContaining('not modelled in the simulator') as unknown,
    });
    const max = '18446744073709551615-18446744073709551615';
    expect(await r.xadd('s', max, 'a', 1)).toBe(max);
    expect(await outcome(() => r.xadd('s', '*', 'a', 1))).toEqual({
      error: 'ERR The stream has exhausted the last possible ID, unable to add more items',
    });
  });

  it('XCLAIM TIME and IDLE count in run time', async () => {
    const { client, run } = streamKit();
    const r = client('app');
    await r.xgroup('CREATE', 's', 'g', '0', 'MKSTREAM');
    await r.xadd('s', '1-0', 'a', 1);
    await r.xreadgroup('GROUP', 'g', 'c', 'STREAMS', 's', '>');
    await run(10_000);
    await r.xclaim('s', 'g', 'd', 0, '1-0', 'TIME', 4000);
    const rows = (await r.xpending('s', 'g', '-', '+', 10)) as unknown[][];
    expect(rows).toEqual([['1-0', 'd', 6000, 2]]);
    const consumers = (await r.xinfo('CONSUMERS', 's', 'g')) as unknown[][];
    expect(consumers.map((c) => [c[1], c[5]])).toEqual([
      ['c', 10_000],
      ['d', 0],
    ]);
  });
});
