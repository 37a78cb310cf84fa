// Messages/s through each simulated broker model (virtual time, trace subscriber on), the
// same scenario against the real broker with the real client, and a raw RxJS Subject as the
// ceiling. Run through bench/run.mjs (`npm run bench -- broker`).
import { connect as amqpConnect } from 'amqplib';
import { Redis } from 'ioredis';
import * as realNats from '@nats-io/transport-node';
import * as realJetStream from '@nats-io/jetstream';
import { Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { Buffer } from 'node:buffer';
import { createBroker } from '../src/broker/index';
import { streamsMemoryPerEntry, streamsScenario, type StreamsClientLike } from './redis-streams';
import { fmt, printTable } from './table.mjs';

const SIM_N = 200_000;
const REAL_REDIS_N = 50_000;
const REAL_AMQP_N = 20_000;
const SIM_JS_N = 50_000;
const REAL_NATS_N = 100_000;
const REAL_JS_N = 20_000;
const gc = (globalThis as { gc?: () => void }).gc;

type Row = { name: string; n: number; ms: number; cpuMs: number; traced?: number; note?: string };
const rows: Row[] = [];

function stopwatch() {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { ms: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
  };
}

/** Median of 3 runs by wall-clock rate. */
async function median(run: () => Promise<Omit<Row, 'name'>>): Promise<Omit<Row, 'name'>> {
  const results: Omit<Row, 'name'>[] = [];
  for (let i = 0; i < 3; i++) {
    gc?.();
    results.push(await run());
  }
  results.sort((a, b) => a.n / a.ms - b.n / b.ms);
  return results[1] ?? results[0] ?? { n: 0, ms: 1, cpuMs: 1 };
}

/** Drives a virtual-time scheduler: due actions run, promise continuations run between them. */
function driver(scheduler: VirtualTimeScheduler) {
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
  return async function advance(ms: number): Promise<void> {
    const target = scheduler.frame + ms;
    for (;;) {
      await tick();
      const next = scheduler.actions[0];
      if (next === undefined || (next.delay ?? 0) > target) break;
      scheduler.maxFrames = next.delay ?? 0;
      scheduler.flush();
    }
    scheduler.frame = target;
    scheduler.maxFrames = Infinity;
  };
}

async function until(advance: (ms: number) => Promise<void>, done: () => boolean): Promise<void> {
  while (!done()) await advance(1);
}

// Loose shapes of the clients both the simulator and the real packages provide.
interface RedisLike {
  subscribe(channel: string): Promise<unknown>;
  publish(channel: string, message: string): Promise<number>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
}
interface AmqpMessageLike {
  content: { length: number };
}
interface AmqpChannelLike {
  assertExchange(name: string, type: string, options?: object): Promise<unknown>;
  assertQueue(name: string, options?: object): Promise<unknown>;
  bindQueue(queue: string, exchange: string, key: string): Promise<unknown>;
  prefetch(count: number): Promise<unknown>;
  consume(
    queue: string,
    onMessage: (msg: AmqpMessageLike | null) => void,
    options?: object,
  ): Promise<unknown>;
  publish(exchange: string, key: string, content: Uint8Array): boolean;
  ack(message: AmqpMessageLike): void;
  deleteQueue(name: string): Promise<unknown>;
  deleteExchange(name: string): Promise<unknown>;
  once(event: 'drain', listener: () => void): unknown;
}
interface AmqpConnectionLike {
  createChannel(): Promise<AmqpChannelLike>;
  close(): Promise<unknown>;
}

/** Redis pub/sub: one subscriber, one publisher, n publishes → n deliveries. */
async function redisScenario(
  publisher: RedisLike,
  subscriber: RedisLike,
  n: number,
  pump: () => Promise<void>,
  wait: (done: () => boolean) => Promise<void>,
): Promise<{ n: number; ms: number; cpuMs: number }> {
  let received = 0;
  subscriber.on('message', () => void (received += 1));
  const subscribed = subscriber.subscribe('bench');
  await pump();
  await subscribed;
  const stop = stopwatch();
  for (let i = 0; i < n; i++) {
    void publisher.publish('bench', `{"n":${i}}`);
    if (i % 1000 === 999) await pump();
  }
  await wait(() => received >= n);
  return { n, ...stop() };
}

/** AMQP: publish to a direct exchange → routed to a queue → delivered → acked. */
async function amqpScenario(
  connection: AmqpConnectionLike,
  n: number,
  pump: () => Promise<void>,
  wait: (done: () => boolean) => Promise<void>,
): Promise<{ n: number; ms: number; cpuMs: number }> {
  const channel = await connection.createChannel();
  const exchange = 'bench-x';
  const queue = 'bench-q';
  await channel.assertExchange(exchange, 'direct', { durable: false });
  await channel.assertQueue(queue, { durable: false });
  await channel.bindQueue(queue, exchange, 'k');
  await channel.prefetch(1000);
  let acked = 0;
  await channel.consume(queue, (msg) => {
    if (msg === null) return;
    channel.ack(msg);
    acked += 1;
  });
  const stop = stopwatch();
  for (let i = 0; i < n; i++) {
    const ok = channel.publish(exchange, 'k', Buffer.from(`{"n":${i}}`));
    if (!ok) await new Promise<void>((resolve) => channel.once('drain', resolve));
    if (i % 1000 === 999) await pump();
  }
  await wait(() => acked >= n);
  const result = { n, ...stop() };
  await channel.deleteQueue(queue);
  await channel.deleteExchange(exchange);
  return result;
}

// Loose shapes of the NATS v3 client that both the simulator and the real packages provide.
type NatsModule = Pick<typeof realNats, 'connect'>;
type JetStreamModule = Pick<typeof realJetStream, 'jetstream' | 'jetstreamManager'>;

/** NATS core: one subscriber, one publisher, n publishes → n deliveries. */
async function natsCoreScenario(
  nats: NatsModule,
  n: number,
  pump: () => Promise<void>,
  wait: (done: () => boolean) => Promise<void>,
): Promise<{ n: number; ms: number; cpuMs: number }> {
  const connecting = Promise.all([
    nats.connect({ name: 'bench-pub' }),
    nats.connect({ name: 'bench-sub' }),
  ]);
  await pump();
  const [pub, sub] = await connecting;
  let received = 0;
  sub.subscribe('bench.core', { callback: () => void (received += 1) });
  const flushed = sub.flush();
  await pump();
  await flushed;
  const stop = stopwatch();
  for (let i = 0; i < n; i++) {
    pub.publish('bench.core', `{"n":${i}}`);
    if (i % 1000 === 999) await pump();
  }
  await wait(() => received >= n);
  const result = { n, ...stop() };
  await Promise.all([pub.close(), sub.close()]);
  return result;
}

/** JetStream: js.publish (PubAck) → consume() pulls → ack, on a memory stream. */
async function jetStreamScenario(
  nats: NatsModule,
  js: JetStreamModule,
  n: number,
  pump: () => Promise<void>,
  wait: (done: () => boolean) => Promise<void>,
): Promise<{ n: number; ms: number; cpuMs: number }> {
  const connecting = nats.connect({ name: 'bench-js' });
  await pump();
  const nc = await connecting;
  const managing = js.jetstreamManager(nc);
  await pump();
  const jsm = await managing;
  const stream = `BENCH_${Date.now().toString(36)}`;
  const adding = jsm.streams
    .add({ name: stream, subjects: [`${stream}.>`], storage: 'memory' })
    .then(() => jsm.consumers.add(stream, { durable_name: 'bench', ack_policy: 'explicit' }))
    .then(() => js.jetstream(nc).consumers.get(stream, 'bench'))
    .then((consumer) => consumer.consume({ max_messages: 1000 }));
  let messages: Awaited<typeof adding> | undefined;
  void adding.then((m) => (messages = m));
  await wait(() => messages !== undefined);
  let acked = 0;
  const reading = (async () => {
    for await (const m of messages!) {
      m.ack();
      acked += 1;
      if (acked >= n) break;
    }
  })();
  const client = js.jetstream(nc);
  const stop = stopwatch();
  let published: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    published.push(client.publish(`${stream}.o`, `{"n":${i}}`));
    if (i % 500 === 499) {
      await pump();
      await Promise.all(published);
      published = [];
    }
  }
  await Promise.all(published);
  await wait(() => acked >= n);
  const result = { n, ...stop() };
  await reading;
  const cleaning = jsm.streams.delete(stream).then(() => nc.close());
  await wait(() => nc.isClosed());
  await cleaning;
  return result;
}

async function realWait(done: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out waiting for deliveries');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
const realPump = () => new Promise<void>((resolve) => setImmediate(resolve));

// --- Ceiling: a raw RxJS Subject fan-out to one subscriber, no broker at all.
{
  const m = await median(() => {
    const subject = new Subject<{ n: number }>();
    let got = 0;
    subject.subscribe(() => void (got += 1));
    const n = 3_000_000;
    const stop = stopwatch();
    for (let i = 0; i < n; i++) subject.next({ n: i });
    if (got !== n) throw new Error('subject lost messages');
    return Promise.resolve({ n, ...stop() });
  });
  rows.push({ name: 'RxJS Subject fan-out (ceiling)', ...m });
}

// --- Simulated Redis pub/sub, virtual time.
{
  const m = await median(async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const broker = createBroker({ scheduler, seed: 1 });
    let traced = 0;
    broker.trace$.subscribe(() => void (traced += 1));
    const advance = driver(scheduler);
    const publisher = broker.redis() as unknown as RedisLike;
    const subscriber = broker.redis() as unknown as RedisLike;
    const result = await redisScenario(
      publisher,
      subscriber,
      SIM_N,
      () => advance(0),
      (done) => until(advance, done),
    );
    return { ...result, traced };
  });
  rows.push({ name: 'Redis model: publish → deliver', ...m });
}

// --- Simulated Redis Streams, virtual time: XADD → XREADGROUP (COUNT 100) → XACK.
{
  const m = await median(async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const broker = createBroker({ scheduler, seed: 1 });
    let traced = 0;
    broker.trace$.subscribe(() => void (traced += 1));
    const advance = driver(scheduler);
    const { ioredis } = broker.modulesFor('bench');
    const producer = new ioredis.default() as unknown as StreamsClientLike;
    const consumer = new ioredis.default() as unknown as StreamsClientLike;
    const result = await streamsScenario(
      producer,
      consumer,
      SIM_N,
      () => advance(0),
      (done) => until(advance, done),
      stopwatch,
    );
    return { ...result, traced };
  });
  rows.push({ name: 'Redis Streams model: XADD → XREADGROUP → XACK', ...m });
}

// --- Simulated RabbitMQ, virtual time.
{
  const m = await median(async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const broker = createBroker({ scheduler, seed: 1 });
    let traced = 0;
    broker.trace$.subscribe(() => void (traced += 1));
    const advance = driver(scheduler);
    const connecting = broker.amqp.connect() as unknown as Promise<AmqpConnectionLike>;
    await advance(0);
    const connection = await connecting;
    const run = amqpScenario(
      connection,
      SIM_N,
      () => advance(0),
      (done) => until(advance, done),
    );
    // Channel setup awaits broker replies that arrive through the scheduler.
    let finished = false;
    void run.finally(() => (finished = true));
    while (!finished) await advance(1);
    return { ...(await run), traced };
  });
  rows.push({ name: 'RabbitMQ model: publish → route → deliver → ack', ...m });
}

// --- Simulated Kafka, virtual time: produce (1 record/send) → consume → commit.
{
  const m = await median(async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const broker = createBroker({ scheduler, seed: 1 });
    let traced = 0;
    broker.trace$.subscribe(() => void (traced += 1));
    const advance = driver(scheduler);
    const kafka = broker.kafka({ clientId: 'bench', brokers: ['sim:9092'] });
    const admin = kafka.admin();
    await admin.createTopics({ topics: [{ topic: 'bench', numPartitions: 1 }] });
    let consumed = 0;
    const consumer = kafka.consumer({ groupId: 'bench' });
    await consumer.subscribe({ topic: 'bench', fromBeginning: true });
    const running = consumer.run({
      eachMessage: () => {
        consumed += 1;
        return Promise.resolve();
      },
    });
    await advance(0);
    await running;
    const producer = kafka.producer();
    await producer.connect();
    const stop = stopwatch();
    for (let i = 0; i < SIM_N; i++) {
      void producer.send({ topic: 'bench', messages: [{ value: `{"n":${i}}` }] });
      if (i % 1000 === 999) await advance(0);
    }
    await until(advance, () => consumed >= SIM_N);
    return { n: SIM_N, ...stop(), traced };
  });
  rows.push({ name: 'Kafka model: produce → consume → commit', ...m });
}

// --- Simulated NATS core and JetStream, virtual time.
function simulatedNats() {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const broker = createBroker({ scheduler, seed: 1 });
  let traced = 0;
  broker.trace$.subscribe(() => void (traced += 1));
  const advance = driver(scheduler);
  const modules = broker.modulesFor('bench');
  return {
    nats: modules['@nats-io/transport-node'] as NatsModule,
    js: modules['@nats-io/jetstream'] as JetStreamModule,
    pump: () => advance(0),
    wait: (done: () => boolean) => until(advance, done),
    traced: () => traced,
  };
}
{
  const m = await median(async () => {
    const sim = simulatedNats();
    const result = await natsCoreScenario(sim.nats, SIM_N, sim.pump, sim.wait);
    return { ...result, traced: sim.traced() };
  });
  rows.push({ name: 'NATS model: publish → deliver', ...m });
}
{
  const m = await median(async () => {
    const sim = simulatedNats();
    const result = await jetStreamScenario(sim.nats, sim.js, SIM_JS_N, sim.pump, sim.wait);
    return { ...result, traced: sim.traced() };
  });
  rows.push({ name: 'NATS JetStream model: publish → fetch → ack', ...m });
}

// --- Real Redis with ioredis.
const redisRow = await (async (): Promise<Row> => {
  const name = 'real Redis 127.0.0.1:6379 (ioredis)';
  const options = {
    host: '127.0.0.1',
    port: 6379,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  };
  const probe = new Redis(options);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    probe.disconnect();
    return {
      name,
      n: 0,
      ms: 0,
      cpuMs: 0,
      note: `skipped: unreachable (${(error as Error).message})`,
    };
  }
  probe.disconnect();
  const m = await median(async () => {
    const publisher = new Redis(options);
    const subscriber = new Redis(options);
    await Promise.all([publisher.connect(), subscriber.connect()]);
    try {
      return await redisScenario(publisher, subscriber, REAL_REDIS_N, realPump, realWait);
    } finally {
      publisher.disconnect();
      subscriber.disconnect();
    }
  });
  return { name, ...m };
})();
rows.push(redisRow);

// --- Real Redis Streams with ioredis (skipped with the pub/sub row's note when unreachable).
rows.push(
  redisRow.n === 0
    ? { ...redisRow, name: 'real Redis Streams (ioredis)' }
    : {
        name: 'real Redis Streams (ioredis)',
        ...(await median(async () => {
          const options = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 };
          const producer = new Redis(options);
          const consumer = new Redis(options);
          try {
            return await streamsScenario(
              producer as unknown as StreamsClientLike,
              consumer as unknown as StreamsClientLike,
              REAL_REDIS_N,
              realPump,
              realWait,
              stopwatch,
            );
          } finally {
            producer.disconnect();
            consumer.disconnect();
          }
        })),
      },
);

// --- Real RabbitMQ with amqplib.
const amqpRow = await (async (): Promise<Row> => {
  const name = 'real RabbitMQ 127.0.0.1:5672 (amqplib)';
  let connection: AmqpConnectionLike;
  try {
    connection = await amqpConnect('amqp://guest:guest@127.0.0.1:5672');
  } catch (error) {
    return {
      name,
      n: 0,
      ms: 0,
      cpuMs: 0,
      note: `skipped: unreachable (${(error as Error).message})`,
    };
  }
  try {
    const m = await median(() => amqpScenario(connection, REAL_AMQP_N, realPump, realWait));
    return { name, ...m };
  } finally {
    await connection.close();
  }
})();
rows.push(amqpRow);
// --- Real nats-server with the v3 client.
const natsRows = await (async (): Promise<Row[]> => {
  const core = 'real nats-server 127.0.0.1:4222 (@nats-io/transport-node)';
  const jetStream = 'real nats-server JetStream (@nats-io/jetstream)';
  try {
    const probe = await realNats.connect({ port: 4222, timeout: 2000, reconnect: false });
    await probe.close();
  } catch (error) {
    const note = `skipped: unreachable (${(error as Error).message})`;
    return [
      { name: core, n: 0, ms: 0, cpuMs: 0, note },
      { name: jetStream, n: 0, ms: 0, cpuMs: 0, note },
    ];
  }
  const realPumpWait = (done: () => boolean) => realWait(done);
  const c = await median(() => natsCoreScenario(realNats, REAL_NATS_N, realPump, realPumpWait));
  const j = await median(() =>
    jetStreamScenario(realNats, realJetStream, REAL_JS_N, realPump, realPumpWait),
  );
  return [
    { name: core, ...c },
    { name: jetStream, ...j },
  ];
})();
rows.push(...natsRows);
rows.push({
  name: 'real Kafka',
  n: 0,
  ms: 0,
  cpuMs: 0,
  note: 'skipped: no Kafka broker on these machines',
});

const rate = (r: Row) => (r.n > 0 ? r.n / (r.ms / 1000) : 0);
const byName = (prefix: string) => rows.find((r) => r.name.startsWith(prefix));
const versus = (sim: string, real: string): string => {
  const s = byName(sim);
  const r = byName(real);
  return s !== undefined && r !== undefined && rate(r) > 0 ? `${fmt(rate(s) / rate(r), 1)}×` : '';
};
printTable(
  'Broker models vs real brokers, median of 3 (targets: model ≥ 300,000 msg/s and ≥ 10× the real broker)',
  ['scenario', 'messages', 'msg/s (wall)', 'msg/s (CPU)', 'trace events', 'model ÷ real', 'note'],
  rows.map((r) => [
    r.name,
    r.n > 0 ? fmt(r.n) : '',
    r.n > 0 ? fmt(rate(r)) : '',
    r.n > 0 ? fmt(r.n / (r.cpuMs / 1000)) : '',
    r.traced === undefined ? '' : fmt(r.traced),
    r.name.startsWith('Redis model')
      ? versus('Redis model', 'real Redis')
      : r.name.startsWith('Redis Streams model')
        ? versus('Redis Streams model', 'real Redis Streams')
        : r.name.startsWith('RabbitMQ model')
          ? versus('RabbitMQ model', 'real RabbitMQ')
          : r.name.startsWith('NATS model')
            ? versus('NATS model', 'real nats-server 127')
            : r.name.startsWith('NATS JetStream model')
              ? versus('NATS JetStream model', 'real nats-server JetStream')
              : '',
    r.note ?? '',
  ]),
);
console.log(
  'msg/s (CPU) counts this process only: for the real brokers the server’s own CPU is not in it.\n',
);

// --- Memory per retained Redis Streams entry in the simulator.
if (gc === undefined) {
  console.log('memory: run with --expose-gc (bench/run.mjs does) to measure bytes/entry\n');
} else {
  const { n, bytesPerEntry } = await streamsMemoryPerEntry(200_000, gc);
  printTable(
    'Redis Streams model, retained entries (target ≤ 200 bytes/entry)',
    ['entries retained', 'bytes/entry', 'entry', 'measured'],
    [
      [
        fmt(n),
        fmt(bytesPerEntry, 1),
        `XADD s * n '{"n":123456}'`,
        'heap + array buffers after gc() twice, before and after, ÷ entries',
      ],
    ],
  );
}
