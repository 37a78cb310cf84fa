import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from './core/virtual-run';
import { toBuffer } from './core/bytes';
import type { FaultSettings } from './core/fault-settings';
import type { TraceEvent } from './core/trace-event';

const faults = (f: Partial<FaultSettings>): FaultSettings => ({
  drop: 0,
  duplicate: 0,
  delayMs: 0,
  jitterMs: 0,
  reorder: 0,
  ...f,
});

/** A Redis fan-out plus an AMQP work queue, the same calls every time. */
async function scenario(seed: number, f: FaultSettings) {
  const vb = startVirtualBroker({ seed, faults: f });
  const { broker, run } = vb;
  const got: string[] = [];
  const sub = broker.redis({ connectionName: 'sub' });
  sub.on('message', (_c: string, m: string) => got.push(`redis:${m}`));
  await sub.subscribe('news');
  const pub = broker.redis({ connectionName: 'pub' });
  const ch = await (await broker.amqp.connect()).createChannel();
  await ch.assertQueue('q');
  await ch.consume('q', (m) => {
    if (!m) return;
    got.push(`amqp:${m.content.toString()}`);
    ch.ack(m);
  });
  for (let i = 0; i < 40; i++) {
    await pub.publish('news', String(i));
    ch.sendToQueue('q', toBuffer(String(i)));
  }
  await run();
  return { events: vb.events, got };
}

const shape = (events: TraceEvent[]) =>
  events.map((e) => [e.seq, e.time, e.kind, e.from, e.to, e.messageId, e.reason].join('|'));

describe('faults at delivery time', () => {
  it('drop: lost deliveries are traced as dropped with reason fault-drop', async () => {
    const { events, got } = await scenario(1, faults({ drop: 0.5 }));
    const drops = events.filter((e) => e.reason === 'fault-drop');
    expect(drops.length).toBeGreaterThan(10);
    expect(drops.every((e) => e.kind === 'dropped')).toBe(true);
    expect(got.length).toBe(80 - drops.length);
  });

  it('duplicate: some deliveries arrive twice, traced as duplicated', async () => {
    const { events, got } = await scenario(2, faults({ duplicate: 0.5 }));
    const dups = events.filter((e) => e.kind === 'duplicated');
    expect(dups.length).toBeGreaterThan(10);
    expect(got.length).toBe(80 + dups.length);
  });

  it('a duplicated AMQP delivery has its own delivery tag and redelivered=true', async () => {
    const { broker, run } = startVirtualBroker({ seed: 5, faults: faults({ duplicate: 1 }) });
    const ch = await (await broker.amqp.connect()).createChannel();
    await ch.assertQueue('q');
    const seen: [number, boolean][] = [];
    await ch.consume('q', (m) => {
      if (!m) return;
      seen.push([m.fields.deliveryTag, m.fields.redelivered]);
      ch.ack(m);
    });
    ch.sendToQueue('q', toBuffer('x'));
    await run();
    expect(seen).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('delay with jitter: deliveries wait delayMs plus up to jitterMs, traced as delayed', async () => {
    const { broker, run, events } = startVirtualBroker({
      seed: 3,
      faults: faults({ delayMs: 100, jitterMs: 50 }),
    });
    const sub = broker.redis();
    const times: number[] = [];
    sub.on('message', () => times.push(broker.scheduler.now()));
    await sub.subscribe('n');
    for (let i = 0; i < 10; i++) await broker.redis().publish('n', String(i));
    await run();
    expect(times).toHaveLength(10);
    for (const t of times) {
      expect(t).toBeGreaterThanOrEqual(100);
      expect(t).toBeLessThan(150);
    }
    expect(events.filter((e) => e.kind === 'delayed')).toHaveLength(10);
  });

  it('reorder: a held-back delivery arrives after the next one to the same destination', async () => {
    const { broker, run, events } = startVirtualBroker({ seed: 9, faults: faults({ reorder: 1 }) });
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    const pub = broker.redis();
    for (const m of ['a', 'b', 'c', 'd']) await pub.publish('n', m);
    await run();
    // With reorder=1 every other delivery is held and overtaken by the next one.
    expect(got).toEqual(['b', 'a', 'd', 'c']);
    expect(events.filter((e) => e.reason === 'fault-reorder')).toHaveLength(2);
  });

  it('a reordered delivery with nothing behind it still arrives (reorder never becomes loss)', async () => {
    const { broker, run } = startVirtualBroker({ seed: 9, faults: faults({ reorder: 1 }) });
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    await broker.redis().publish('n', 'only');
    await run();
    expect(got).toEqual(['only']);
  });

  it('faults can change during a run: setFaults applies to later deliveries', async () => {
    const { broker, run } = startVirtualBroker({ seed: 4 });
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    const pub = broker.redis();
    await pub.publish('n', 'kept');
    await run();
    broker.setFaults(faults({ drop: 1 }));
    await pub.publish('n', 'lost');
    await run();
    expect(got).toEqual(['kept']);
  });
});

describe('replay from seed', () => {
  const mixed = faults({ drop: 0.1, duplicate: 0.1, delayMs: 5, jitterMs: 20, reorder: 0.2 });

  it('same seed + same calls → identical trace', async () => {
    const first = await scenario(42, mixed);
    const second = await scenario(42, mixed);
    expect(shape(second.events)).toEqual(shape(first.events));
    expect(second.got).toEqual(first.got);
  });

  it('same seed → the same deliveries duplicated, in whatever order the consumers subscribed', async () => {
    // Services run in threads: from run to run their subscriptions and acks interleave
    // differently. The faults must still land on the same deliveries for the same seed.
    const duplicated = async (order: readonly string[]) => {
      const { broker, run, events } = startVirtualBroker({
        seed: 42,
        faults: faults({ duplicate: 0.3 }),
      });
      for (const name of order) {
        const sub = broker.modulesFor(name).ioredis.default;
        await new sub().subscribe('orders');
      }
      const pub = broker.redis({ connectionName: 'order' });
      for (let i = 1; i <= 12; i++) await pub.publish('orders', `o-${i}`);
      await run();
      return events
        .filter((e) => e.kind === 'duplicated')
        .map((e) => `${e.messageId}>${e.to}`)
        .sort();
    };
    const first = await duplicated(['billing', 'shipping', 'email']);
    expect(first.length).toBeGreaterThan(0);
    expect(await duplicated(['email', 'billing', 'shipping'])).toEqual(first);
  });

  it('another seed → another trace', async () => {
    const first = await scenario(42, mixed);
    const other = await scenario(43, mixed);
    expect(shape(other.events)).not.toEqual(shape(first.events));
  });
});
