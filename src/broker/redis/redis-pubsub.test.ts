import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import { connectionClosedMessage, subscriberModeMessage } from './redis-client';

function collect(client: { on(e: string, l: (...a: string[]) => void): unknown }) {
  const got: string[][] = [];
  client.on('message', (channel, message) => got.push(['message', channel, message]));
  client.on('pmessage', (pattern, channel, message) =>
    got.push(['pmessage', pattern, channel, message]),
  );
  return got;
}

describe('Redis Pub/Sub (docs/broker-semantics.md)', () => {
  it('1. publish with no subscriber returns 0 and a later subscriber gets nothing', async () => {
    const { broker, run, events } = startVirtualBroker();
    const pub = broker.redis({ connectionName: 'pub' });
    expect(await pub.publish('news', 'lost')).toBe(0);
    const sub = broker.redis({ connectionName: 'sub' });
    const got = collect(sub);
    await sub.subscribe('news');
    await run();
    expect(got).toEqual([]);
    const drop = events.find((e) => e.kind === 'dropped');
    expect(drop).toMatchObject({ reason: 'no-subscribers', payload: 'lost', model: 'redis' });
  });

  it('2. two subscribers: publish returns 2 and each gets a copy with the same message id', async () => {
    const { broker, run, events } = startVirtualBroker();
    const a = broker.redis({ connectionName: 'a' });
    const b = broker.redis({ connectionName: 'b' });
    const gotA = collect(a);
    const gotB = collect(b);
    await a.subscribe('news');
    await b.subscribe('news');
    expect(await broker.redis().publish('news', 'hello')).toBe(2);
    await run();
    expect(gotA).toEqual([['message', 'news', 'hello']]);
    expect(gotB).toEqual([['message', 'news', 'hello']]);
    const published = events.find((e) => e.kind === 'published')!;
    const delivered = events.filter((e) => e.kind === 'delivered');
    expect(delivered.map((e) => e.to).sort()).toEqual(['a', 'b']);
    expect(delivered.every((e) => e.messageId === published.messageId)).toBe(true);
  });

  it('3. a subscriber whose connection drops misses what is published before it resubscribes', async () => {
    const { broker, run, scheduler } = startVirtualBroker();
    const sub = broker.redis({ connectionName: 'sub' });
    const got = collect(sub);
    await sub.subscribe('news');
    const pub = broker.redis({ connectionName: 'pub' });
    await run();
    expect(broker.crash('sub')).toBe(1);
    expect(await pub.publish('news', 'while-away')).toBe(0);
    // ioredis reconnects after 50 ms and resubscribes on its own.
    await run(scheduler.now() + 100);
    expect(sub.status).toBe('ready');
    expect(await pub.publish('news', 'after')).toBe(1);
    await run();
    expect(got).toEqual([['message', 'news', 'after']]);
  });

  it('4. messages reach a subscriber in publish order', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    const got = collect(sub);
    await sub.subscribe('n');
    const pub = broker.redis();
    for (let i = 0; i < 20; i++) void pub.publish('n', String(i));
    await run();
    expect(got.map((m) => m[2])).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });

  it('5. psubscribe news.* receives news.art as pmessage (pattern, channel, payload)', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    const got = collect(sub);
    await sub.psubscribe('news.*');
    expect(await broker.redis().publish('news.art', 'x')).toBe(1);
    await run();
    expect(got).toEqual([['pmessage', 'news.*', 'news.art', 'x']]);
  });

  it('5. glob patterns ?, * and [ae] select channels as Redis does', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    const got = collect(sub);
    await sub.psubscribe('h?llo', 'h[ae]y', 'b*');
    const pub = broker.redis();
    for (const channel of ['hello', 'hallo', 'hllo', 'hey', 'hay', 'hiy', 'b', 'bus.x']) {
      await pub.publish(channel, channel);
    }
    await run();
    expect(got.map((m) => m[2])).toEqual(['hello', 'hallo', 'hey', 'hay', 'b', 'bus.x']);
  });

  it('6. subscribe foo plus psubscribe f*: one publish makes 2 deliveries', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    const got = collect(sub);
    await sub.subscribe('foo');
    await sub.psubscribe('f*');
    expect(await broker.redis().publish('foo', 'x')).toBe(2);
    await run();
    expect(got).toEqual([
      ['message', 'foo', 'x'],
      ['pmessage', 'f*', 'foo', 'x'],
    ]);
  });

  it('7. (un)subscribe replies count channels plus patterns; at 0 the client leaves subscriber mode', async () => {
    const { broker } = startVirtualBroker();
    const sub = broker.redis({ protocol: 2 });
    expect(await sub.subscribe('a', 'b')).toBe(2);
    expect(await sub.subscribe('a')).toBe(2);
    expect(await sub.psubscribe('p*')).toBe(3);
    expect(await sub.unsubscribe('a')).toBe(2);
    expect(await sub.punsubscribe('p*')).toBe(1);
    await expect(sub.get('k')).rejects.toThrow(subscriberModeMessage);
    expect(await sub.unsubscribe()).toBe(0);
    expect(await sub.set('k', 'v')).toBe('OK');
  });

  it('7. an argument-less punsubscribe while channels remain never resolves, as in ioredis', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    await sub.subscribe('a');
    await sub.psubscribe('p*');
    let settled = false;
    void sub.punsubscribe().then(() => (settled = true));
    await run();
    expect(settled).toBe(false);
    expect(await sub.unsubscribe('a')).toBe(0);
  });

  it('8. in RESP2 a subscribed client may only send (p)(un)subscribe, ping and quit', async () => {
    const { broker } = startVirtualBroker();
    const sub = broker.redis({ protocol: 2 });
    await sub.subscribe('news');
    await expect(sub.publish('news', 'x')).rejects.toThrow(subscriberModeMessage);
    await expect(sub.set('k', 'v')).rejects.toThrow(subscriberModeMessage);
    expect(await sub.ping()).toEqual(['pong', '']);
    expect(await sub.psubscribe('x*')).toBe(2);
    expect(await sub.quit()).toBe('OK');
    await expect(sub.get('k')).rejects.toThrow(connectionClosedMessage);
  });
});

describe('Redis client shape', () => {
  it('with RESP3 (ioredis 6 default) a subscribed connection may still run any command', async () => {
    const { broker } = startVirtualBroker();
    const sub = broker.redis();
    await sub.subscribe('news');
    expect(await sub.set('k', 'v')).toBe('OK');
    expect(await sub.publish('news', 'x')).toBe(1);
    expect(await sub.ping()).toBe('PONG');
  });

  it('connectionName names the client in the trace', async () => {
    const { broker, run, events } = startVirtualBroker();
    const pub = broker.redis({ connectionName: 'checkout' });
    await pub.publish('orders', 'o1');
    await run();
    expect(events.find((e) => e.kind === 'published')).toMatchObject({
      from: 'checkout',
      to: 'channel:orders',
    });
  });

  it('modulesFor names clients after the service unless connectionName is given', async () => {
    const { broker, run, events } = startVirtualBroker();
    const { ioredis } = broker.modulesFor('email');
    const a = new ioredis.default();
    const b = new ioredis.Redis(6379, '127.0.0.1', { connectionName: 'email-sub' });
    await a.publish('x', '1');
    await b.publish('x', '2');
    await run();
    expect(events.filter((e) => e.kind === 'published').map((e) => e.from)).toEqual([
      'email',
      'email-sub',
    ]);
  });

  it('emits connect then ready, and close then end after quit', async () => {
    const { broker, run } = startVirtualBroker();
    const client = broker.redis();
    const seen: string[] = [];
    for (const e of ['connect', 'ready', 'close', 'end']) client.on(e, () => seen.push(e));
    await run();
    await client.quit();
    await run();
    expect(seen).toEqual(['connect', 'ready', 'close', 'end']);
    expect(client.status).toBe('end');
  });

  it('subscribe accepts a node-style callback as ioredis does', async () => {
    const { broker } = startVirtualBroker();
    const sub = broker.redis();
    const count = await new Promise(
      (resolve, reject) =>
        void sub.subscribe('a', 'b', (error: Error | null, n?: number) =>
          error ? reject(error) : resolve(n),
        ),
    );
    expect(count).toBe(2);
  });

  it('messageBuffer listeners get the payload as bytes', async () => {
    const { broker, run } = startVirtualBroker();
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('messageBuffer', (_c: Uint8Array, message: Uint8Array) => got.push(message.toString()));
    await sub.subscribe('n');
    await broker.redis().publish('n', 'héllo');
    await run();
    expect(got).toEqual(['héllo']);
  });
});

describe('Redis key-value commands for idempotent consumers', () => {
  it('SET NX succeeds once per key: the idempotency guard', async () => {
    const { broker } = startVirtualBroker();
    const r = broker.redis();
    expect(await r.set('seen:o1', '1', 'EX', 60, 'NX')).toBe('OK');
    expect(await r.set('seen:o1', '1', 'EX', 60, 'NX')).toBeNull();
    expect(await r.get('seen:o1')).toBe('1');
  });

  it('EX expires a key on the scheduler clock', async () => {
    const { broker, run } = startVirtualBroker();
    const r = broker.redis();
    await r.set('k', 'v', 'EX', 2);
    await run(1_999);
    expect(await r.get('k')).toBe('v');
    await run(2_000);
    expect(await r.get('k')).toBeNull();
  });

  it('INCR counts and refuses non-integers; DEL returns how many keys went', async () => {
    const { broker } = startVirtualBroker();
    const r = broker.redis();
    expect(await r.incr('n')).toBe(1);
    expect(await r.incr('n')).toBe(2);
    await r.set('s', 'abc');
    await expect(r.incr('s')).rejects.toThrow('ERR value is not an integer or out of range');
    expect(await r.del('n', 's', 'missing')).toBe(2);
  });

  it('SADD / SISMEMBER and WRONGTYPE', async () => {
    const { broker } = startVirtualBroker();
    const r = broker.redis();
    expect(await r.sadd('done', 'a', 'b', 'a')).toBe(2);
    expect(await r.sismember('done', 'a')).toBe(1);
    expect(await r.sismember('done', 'z')).toBe(0);
    await expect(r.get('done')).rejects.toThrow(/^WRONGTYPE/);
  });
});
