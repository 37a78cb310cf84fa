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
});
