import { describe, expect, it } from 'vitest';
import { collector, natsTestKit } from './test-kit';

async function connected(kit: ReturnType<typeof natsTestKit>, service = 'svc', opts = {}) {
  const pending = kit.nats(service).connect(opts);
  await kit.run(0);
  return pending;
}

describe('NATS core publish/subscribe', () => {
  it('delivers to subscriptions whose subject matches, with * and > wildcards', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit);
    const star = collector();
    const tail = collector();
    nc.subscribe('orders.*', { callback: star.callback });
    nc.subscribe('orders.>', { callback: tail.callback });
    for (const s of ['orders.new', 'orders.eu.new', 'orders', 'ordersx.new']) nc.publish(s, s);
    await kit.run();
    expect(star.got).toEqual(['orders.new:orders.new']);
    expect(tail.got).toEqual(['orders.new:orders.new', 'orders.eu.new:orders.eu.new']);
  });

  it('drops a message nobody is interested in, traced dropped/no-interest', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit, 'billing');
    nc.publish('nobody.home', 'lost');
    await kit.run();
    const drop = kit.natsEvents('dropped')[0];
    expect(drop).toMatchObject({ reason: 'no-interest', from: 'subject:nobody.home' });
    expect(kit.natsEvents('published')[0]).toMatchObject({ from: 'billing', payload: 'lost' });
  });

  it('names the connection after the service unless connect({ name }) says otherwise', async () => {
    const kit = natsTestKit();
    await connected(kit, 'billing');
    await connected(kit, 'billing', { name: 'billing-worker' });
    expect(kit.natsEvents('connected').map((e) => e.from)).toEqual(['billing', 'billing-worker']);
  });

  it('serves messages through the async iterator form', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit);
    const sub = nc.subscribe('greet', { max: 2 });
    const got: string[] = [];
    const done = (async () => {
      for await (const m of sub) got.push(m.string());
    })();
    nc.publish('greet', 'a');
    nc.publish('greet', 'b');
    nc.publish('greet', 'c');
    await kit.run();
    await done;
    expect(got).toEqual(['a', 'b']);
    expect(sub.isClosed()).toBe(true);
  });

  it('gives each message to one member of a queue group, chosen by seed so it replays', async () => {
    const pick = async (seed: number) => {
      const kit = natsTestKit(seed);
      const nc = await connected(kit);
      const got: string[] = [];
      for (const member of ['a', 'b', 'c']) {
        nc.subscribe('jobs', {
          queue: 'workers',
          callback: (_e, m) => void got.push(`${member}${m.string()}`),
        });
      }
      for (let i = 0; i < 12; i++) nc.publish('jobs', String(i));
      await kit.run();
      expect(kit.natsEvents('routed')[0]).toMatchObject({
        from: 'subject:jobs',
        to: 'group:workers',
      });
      expect(kit.natsEvents('delivered')[0]?.from).toBe('group:workers');
      return got;
    };
    const first = await pick(7);
    expect(first).toHaveLength(12);
    expect(new Set(first.map((g) => g.slice(1))).size).toBe(12);
    expect(await pick(7)).toEqual(first);
    const others = await Promise.all([1, 2, 3, 4].map(pick));
    expect(others.some((o) => o.join() !== first.join())).toBe(true);
  });

  it('stops after max messages once unsubscribe(max) counted them', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit);
    const c = collector();
    const sub = nc.subscribe('n', { callback: c.callback });
    nc.publish('n', '1');
    await kit.run();
    sub.unsubscribe(3);
    for (const s of ['2', '3', '4']) nc.publish('n', s);
    await kit.run();
    expect(c.got).toEqual(['n:1', 'n:2', 'n:3']);
    expect(sub.isClosed()).toBe(true);
  });

  it('drains a subscription: what was in flight arrives, then it closes', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit);
    const c = collector();
    const sub = nc.subscribe('d', { callback: c.callback });
    nc.publish('d', 'in flight');
    const drained = sub.drain();
    nc.publish('d', 'after the drain');
    await kit.drive(drained);
    await kit.run();
    expect(c.got).toEqual(['d:in flight']);
    expect(sub.isClosed()).toBe(true);
  });

  it('carries headers (several values a key) and the headers() helper validates them', async () => {
    const kit = natsTestKit();
    const { headers } = kit.nats();
    const nc = await connected(kit);
    const seen: unknown[] = [];
    nc.subscribe('h', { callback: (_e, m) => void seen.push(m.headers?.values('X-Tag')) });
    const h = headers();
    h.append('X-Tag', 'a');
    h.append('X-Tag', 'b');
    nc.publish('h', 'x', { headers: h });
    await kit.run();
    expect(seen).toEqual([['a', 'b']]);
    expect(() => headers(0, 'no code')).toThrow("'code' is required");
    expect(() => h.set('bad key', 'v')).toThrow('is not a valid character in a header name');
  });

  it('reads JSON and text with msg.json() and msg.string(), bytes with msg.data', async () => {
    const kit = natsTestKit();
    const nc = await connected(kit);
    const seen: unknown[] = [];
    nc.subscribe('c', {
      callback: (_e, m) =>
        void seen.push([m.string(), Array.from(m.data).length, m.data instanceof Uint8Array]),
    });
    nc.subscribe('j', { callback: (_e, m) => void seen.push(m.json()) });
    nc.publish('c', new Uint8Array([104, 105]));
    nc.publish('c', 'é');
    nc.publish('j', JSON.stringify({ total: 3 }));
    await kit.run();
    expect(seen).toEqual([['hi', 2, true], ['é', 2, true], { total: 3 }]);
  });
});
