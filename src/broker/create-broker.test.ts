import { describe, expect, it } from 'vitest';
import { createBroker, createRunClock, type RealClock } from './index';
import { startVirtualBroker } from './core/virtual-run';
import { toBuffer } from './core/bytes';
import type { TraceEvent } from './core/trace-event';

describe('createBroker', () => {
  it('modulesFor gives ioredis, amqplib and kafkajs module shapes', () => {
    const { broker } = startVirtualBroker();
    const { ioredis, amqplib, kafkajs } = broker.modulesFor('svc');
    expect(ioredis.default).toBe(ioredis.Redis);
    expect(typeof amqplib.connect).toBe('function');
    expect(amqplib.default.connect).toBe(amqplib.connect);
    expect(typeof kafkajs.Kafka).toBe('function');
    expect(kafkajs.default.Kafka).toBe(kafkajs.Kafka);
    expect(kafkajs.logLevel.ERROR).toBe(1);
    expect(typeof kafkajs.Partitioners).toBe('object');
  });

  it('kafkajs clients default their clientId to the service name', async () => {
    const { broker, run, events } = startVirtualBroker();
    const { Kafka } = broker.modulesFor('orders').kafkajs;
    const producer = new Kafka({ brokers: ['localhost:9092'] }).producer();
    await producer.connect();
    await run();
    const connected = events.find((e) => e.model === 'kafka' && e.kind === 'connected');
    expect(connected?.from).toContain('orders');
  });

  it('trace events are stamped with scheduler time and increasing seq', async () => {
    const { broker, run, events, scheduler } = startVirtualBroker();
    const sub = broker.redis();
    await sub.subscribe('n');
    await run(500);
    expect(scheduler.now()).toBe(500);
    await broker.redis().publish('n', 'x');
    await run();
    const published = events.find((e) => e.kind === 'published')!;
    expect(published.time).toBe(500);
    expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('a fan-out keeps one message id across every queue copy, delivery and ack', async () => {
    const { broker, run, events } = startVirtualBroker();
    const ch = await (await broker.amqp.connect()).createChannel();
    await ch.assertExchange('fan', 'fanout', { durable: false });
    for (const q of ['a', 'b']) {
      await ch.assertQueue(q);
      await ch.bindQueue(q, 'fan', '');
      await ch.consume(q, (m) => m && ch.ack(m));
    }
    ch.publish('fan', '', toBuffer('hello'));
    await run();
    const hops = events.filter((e) => e.messageId !== undefined);
    expect(new Set(hops.map((e) => e.messageId))).toEqual(new Set(['m1']));
    expect(hops.map((e) => e.kind)).toEqual([
      'published',
      'routed',
      'routed',
      'delivered',
      'acked',
      'delivered',
      'acked',
    ]);
  });

  it('the trace is hot and keeps no history: a late subscriber sees only what follows', async () => {
    const { broker, run } = startVirtualBroker();
    await broker.redis().publish('n', 'early');
    await run();
    const late: TraceEvent[] = [];
    broker.trace$.subscribe((e) => late.push(e));
    await broker.redis().publish('n', 'late');
    await run();
    expect(late.filter((e) => e.kind === 'published').map((e) => e.payload)).toEqual(['late']);
  });

  it('restart: Redis clients reconnect and resubscribe; AMQP connections close', async () => {
    const { broker, run, scheduler } = startVirtualBroker();
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    const connection = await broker.amqp.connect();
    const closed: unknown[] = [];
    connection.on('error', () => undefined);
    connection.on('close', (e: unknown) => closed.push(e));
    broker.restart();
    await run(scheduler.now() + 100);
    expect(await broker.redis().publish('n', 'back')).toBe(1);
    await run();
    expect(got).toEqual(['back']);
    expect(closed).toHaveLength(1);
    expect(String(closed[0])).toContain('CONNECTION_FORCED');
  });

  it('close ends the trace and stops pending deliveries', async () => {
    const { broker, run } = startVirtualBroker();
    let completed = false;
    broker.trace$.subscribe({ complete: () => (completed = true) });
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    await broker.redis().publish('n', 'never');
    broker.close();
    await run();
    expect(completed).toBe(true);
    expect(got).toEqual([]);
  });

  it('runs on the default (real-time) scheduler too', async () => {
    const broker = createBroker();
    const sub = broker.redis();
    const got = new Promise<string>((resolve) =>
      sub.on('message', (_c: string, m: string) => resolve(m)),
    );
    await sub.subscribe('n');
    await broker.redis().publish('n', 'real');
    expect(await got).toBe('real');
    broker.close();
  });

  it('on a paused run clock nothing is delivered; step releases the next batch', async () => {
    let time = 0;
    const timers: { at: number; fn: () => void }[] = [];
    const clock: RealClock = {
      now: () => time,
      setTimer(fn, ms) {
        const timer = { at: time + Math.max(1, ms), fn };
        timers.push(timer);
        return () => void timers.splice(timers.indexOf(timer), 1);
      },
    };
    const advance = (ms: number) => {
      time += ms;
      for (const t of timers.filter((t) => t.at <= time)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    };
    const scheduler = createRunClock({ clock });
    const broker = createBroker({ scheduler });
    const sub = broker.redis();
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe('n');
    scheduler.pause();
    await broker.redis().publish('n', 'held');
    advance(1000);
    expect(got).toEqual([]);
    while (got.length === 0 && scheduler.step()) {
      // Each step runs one scheduled action: connection events first, then the delivery.
    }
    expect(got).toEqual(['held']);
    scheduler.resume();
    await broker.redis().publish('n', 'flowing');
    advance(5);
    expect(got).toEqual(['held', 'flowing']);
    broker.close();
  });
});
