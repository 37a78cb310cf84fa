import { describe, expect, it } from 'vitest';
import { ClosedConnectionError, DrainingConnectionError } from './nats-errors';
import { collector, natsTestKit } from './test-kit';

/** Collects `nc.status()` events as `type@ms`. */
function watchStatus(
  kit: ReturnType<typeof natsTestKit>,
  nc: { status(): AsyncIterable<{ type: string }> },
) {
  const events: string[] = [];
  void (async () => {
    for await (const s of nc.status()) events.push(`${s.type}@${kit.scheduler.now()}`);
  })();
  return events;
}

describe('NATS connections', () => {
  it('crash(client) drops its connections: subscriptions vanish until it reconnects 2 s after its last connect', async () => {
    const kit = natsTestKit();
    const sub = await kit.connect('billing');
    const pub = await kit.connect('orders');
    const events = watchStatus(kit, sub);
    const c = collector();
    sub.subscribe('orders.new', { callback: c.callback });
    expect(kit.broker.crash('billing')).toBe(1);
    pub.publish('orders.new', 'while down');
    await kit.run(1000);
    expect(c.got).toEqual([]);
    expect(kit.natsEvents('dropped')[0]?.reason).toBe('no-interest');
    await kit.run(2200);
    pub.publish('orders.new', 'after reconnect');
    await kit.run(2300);
    expect(c.got).toEqual(['orders.new:after reconnect']);
    expect(events.map((e) => e.split('@')[0])).toEqual(['disconnect', 'reconnecting', 'reconnect']);
    const reconnectAt = Number(events[2]!.split('@')[1]);
    expect(reconnectAt).toBeGreaterThanOrEqual(2000);
    expect(reconnectAt).toBeLessThanOrEqual(2100);
    expect(kit.natsEvents('crashed')[0]).toMatchObject({ from: 'billing', to: 'nats' });
  });

  it('loses what a client publishes while it is disconnected (the real client drops its buffer when it redials)', async () => {
    const kit = natsTestKit();
    const sub = await kit.connect('sub');
    const pub = await kit.connect('pub');
    const c = collector();
    sub.subscribe('x', { callback: c.callback });
    kit.broker.crash('pub');
    pub.publish('x', 'lost');
    await kit.run(5000);
    pub.publish('x', 'kept');
    await kit.run(5100);
    expect(c.got).toEqual(['x:kept']);
    expect(kit.natsEvents('dropped')[0]).toMatchObject({ from: 'pub', reason: 'disconnected' });
  });

  it('closes instead of reconnecting with connect({ reconnect: false })', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect('svc', { reconnect: false });
    kit.broker.crash('svc');
    await kit.run(100);
    expect(nc.isClosed()).toBe(true);
    await expect(nc.closed()).resolves.toBeUndefined();
  });

  it('restart() drops every connection; clients reconnect and resubscribe on their own', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect();
    const c = collector();
    nc.subscribe('r', { callback: c.callback });
    kit.broker.restart();
    expect(kit.natsEvents('restarted')).toHaveLength(1);
    await kit.run(3000);
    nc.publish('r', 'back');
    await kit.run(3100);
    expect(c.got).toEqual(['r:back']);
  });

  it('a dead process (processCrashed) never reconnects', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect('worker');
    nc.processCrashed();
    await kit.run(10_000);
    expect(nc.isClosed()).toBe(true);
    expect(kit.natsEvents('connected')).toHaveLength(1);
    expect(kit.natsEvents('crashed')[0]).toMatchObject({ from: 'worker' });
  });

  it('drain() finishes the subscriptions, then closes; afterwards calls fail as in the real client', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect();
    const events = watchStatus(kit, nc);
    nc.subscribe('d', { callback: () => undefined });
    const draining = nc.drain();
    await expect(nc.drain()).rejects.toBeInstanceOf(DrainingConnectionError);
    expect(() => nc.subscribe('more')).toThrow('connection draining');
    await kit.drive(draining);
    expect(nc.isClosed()).toBe(true);
    await expect(nc.closed()).resolves.toBeUndefined();
    expect(() => nc.publish('d', 'x')).toThrow(ClosedConnectionError);
    await expect(nc.flush()).rejects.toThrow('closed connection');
    await kit.run();
    expect(events.map((e) => e.split('@')[0])).toEqual(['close']);
  });

  it('ends iterator subscriptions when the connection closes', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect();
    const sub = nc.subscribe('i');
    const got: string[] = [];
    const reading = (async () => {
      for await (const m of sub) got.push(m.string());
    })();
    nc.publish('i', 'one');
    await kit.run();
    await nc.close();
    await reading;
    expect(got).toEqual(['one']);
    await expect(sub.closed).resolves.toBeUndefined();
  });

  it('keeps a noEcho connection from receiving its own messages', async () => {
    const kit = natsTestKit();
    const nc = await kit.connect('svc', { noEcho: true });
    const c = collector();
    nc.subscribe('e', { callback: c.callback });
    nc.publish('e', 'mine');
    await kit.run();
    expect(c.got).toEqual([]);
  });
});
