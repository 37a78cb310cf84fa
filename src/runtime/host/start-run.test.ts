import { describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { loadSandbox } from '../catalog';
import type { OutputLine, RunOptions, SandboxSource } from '../contract';
import type { HostMessage } from '../protocol';
import { playbackScheduler, simulatedBroker } from './broker-adapter';
import { inProcessTransport } from './in-process-transport';
import { startRun } from './start-run';

function run(source: SandboxSource, options: RunOptions = {}) {
  const session = startRun(
    source,
    { quietMs: 600, seed: 1, ...options },
    {
      spawn: () => inProcessTransport(),
      createBroker: simulatedBroker,
      createScheduler: playbackScheduler,
    },
  );
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  return { session, lines };
}

/** Runs `body`, then fails if anything was thrown in the host (the page, in a browser). */
async function expectNoHostErrors(body: () => Promise<void>): Promise<void> {
  const hostErrors: unknown[] = [];
  const onError = (error: unknown) => hostErrors.push(error);
  process.on('uncaughtException', onError);
  try {
    await body();
  } finally {
    process.off('uncaughtException', onError);
  }
  expect(hostErrors).toEqual([]);
}

const text = (lines: OutputLine[], service: string) =>
  lines.filter((l) => l.service === service).map((l) => l.text);

function sandbox(
  files: Record<string, string>,
  delays: Record<string, number> = {},
): SandboxSource {
  return {
    manifest: {
      id: 'test',
      title: 'Test',
      description: 'Test',
      model: 'amqp',
      services: Object.keys(files).map((file) => ({
        name: file.replace(/\.ts$/, ''),
        file,
        ...(delays[file] ? { startDelayMs: delays[file] } : {}),
      })),
      open: Object.keys(files),
    },
    files,
  };
}

describe('startRun (guests in process, real simulated broker)', () => {
  it('hands each thread its code once the caller has subscribed, without waiting for ready', async () => {
    const posted: HostMessage[][] = [];
    const session = startRun(
      sandbox({ 'a.ts': "console.log('a');", 'b.ts': "console.log('b');" }),
      { seed: 1 },
      {
        spawn: () => {
          const sent: HostMessage[] = [];
          posted.push(sent);
          return {
            post: (message) => sent.push(message),
            onMessage: () => undefined,
            onExit: () => undefined,
            terminate: () => undefined,
          };
        },
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      },
    );
    // Nothing yet: the caller subscribes to output$ right after start returns.
    expect(posted).toEqual([]);
    await Promise.resolve();
    expect(posted.map((sent) => sent.map((message) => message.t))).toEqual([['start'], ['start']]);
    session.stop();
  });

  it('runs registration: every subscriber logs each user', async () => {
    const { session, lines } = run(loadSandbox('registration'));
    const result = await session.finished;
    const output = await lines;
    expect(result).toEqual({ reason: 'quiet', failures: [] });
    expect(text(output, 'email')).toContain(
      'sent welcome email to ada@example.com (from user_registered)',
    );
    expect(text(output, 'profile')).toContain('created profile page /people/u-3 for Linus');
    expect(text(output, 'analytics').filter((l) => l.startsWith('recorded signup #'))).toHaveLength(
      3,
    );
    expect(text(output, 'user')).toContain(
      'published user_registered for u-1, received by 3 subscribers',
    );
  }, 15_000);

  it("acks through the host: the message handed back is the broker's own", async () => {
    const source = sandbox(
      {
        'consumer.ts': `import amqp from 'amqplib';
const c = await amqp.connect('amqp://localhost');
const ch = await c.createChannel();
await ch.assertQueue('q');
await ch.prefetch(1);
await ch.consume('q', (msg) => {
  if (!msg) return;
  console.log('got', msg.content.toString(), Buffer.isBuffer(msg.content), msg.fields.redelivered);
  ch.ack(msg);
});`,
        'producer.ts': `import amqp from 'amqplib';
const c = await amqp.connect('amqp://localhost');
const ch = await c.createChannel();
await ch.assertQueue('q');
for (const n of [1, 2, 3]) ch.sendToQueue('q', Buffer.from('job ' + n));`,
      },
      { 'producer.ts': 100 },
    );
    const { session, lines } = run(source);
    const traces: string[] = [];
    session.trace$.subscribe((e) => traces.push(e.kind));
    await session.finished;
    expect(text(await lines, 'consumer')).toEqual([
      'got job 1 true false',
      'got job 2 true false',
      'got job 3 true false',
    ]);
    // With prefetch 1, jobs 2 and 3 could only be delivered after the ack of the one before.
    expect(traces.filter((k) => k === 'acked')).toHaveLength(3);
  }, 15_000);

  it('fails a service whose top-level code throws, with its location, and keeps others', async () => {
    const source = sandbox({
      'thrower.ts': `import Redis from 'ioredis';
const redis: Redis = new Redis();
await redis.set('k', 'v');
const value: string | null = await redis.get('k');
throw new Error('boom ' + value);`,
      'fine.ts': `console.log('still here');`,
    });
    const { session, lines } = run(source);
    const result = await session.finished;
    const output = await lines;
    expect(result.reason).toBe('quiet');
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]?.location).toEqual({ file: 'thrower.ts', line: 5, column: 7 });
    expect(result.failures[0]?.text).toMatch(/^Uncaught Error: boom v\n\s+at .*thrower\.ts:5:7/);
    expect(text(output, 'fine')).toEqual(['still here']);
    expect(text(output, 'thrower').at(-1)).toMatch(/crashed on an uncaught error/);
  }, 15_000);

  it('runs kafkajs through the bridge: exports as values, awaited eachMessage, Buffers', async () => {
    const source = sandbox(
      {
        'consumer.ts': `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'c', brokers: ['localhost:9092'] });
const consumer = kafka.consumer({ groupId: 'g' });
await consumer.connect();
await consumer.subscribe({ topic: 'orders', fromBeginning: true });
await consumer.run({
  eachMessage: async ({ partition, message }) => {
    console.log(partition, message.offset, message.key?.toString(), message.value?.toString(), Buffer.isBuffer(message.value));
  },
});`,
        'producer.ts': `import { Kafka, Partitioners } from 'kafkajs';
const kafka = new Kafka({ clientId: 'p', brokers: ['localhost:9092'] });
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 1 }] });
await admin.disconnect();
const producer = kafka.producer({ createPartitioner: Partitioners.LegacyPartitioner });
await producer.connect();
const [meta] = await producer.send({ topic: 'orders', messages: [{ key: 'c-1', value: 'first' }, { key: 'c-1', value: 'second' }] });
console.log('sent to', meta?.partition);`,
      },
      { 'consumer.ts': 300 },
    );
    const { session, lines } = run(source, { quietMs: 1500 });
    const result = await session.finished;
    const output = await lines;
    expect(result.failures).toEqual([]);
    expect(text(output, 'producer')).toEqual(['sent to 0']);
    expect(text(output, 'consumer')).toEqual(['0 0 c-1 first true', '0 1 c-1 second true']);
  }, 20_000);

  it('reports a syntax error with its location before running anything', async () => {
    const { session } = run(sandbox({ 'bad.ts': 'const x: number = ;\n' }));
    const result = await session.finished;
    expect(result.reason).toBe('failed');
    expect(result.failures[0]).toMatchObject({
      level: 'error',
      location: { file: 'bad.ts', line: 1, column: 19 },
    });
  });

  it('caps one chatty service at the limit, with a visible note', async () => {
    const { session, lines } = run(
      sandbox({ 'chatty.ts': 'for (let i = 0; i < 50; i++) console.log(i);' }),
      { outputLimit: 10 },
    );
    await session.finished;
    const output = await lines;
    expect(output.filter((l) => l.level === 'log').map((l) => l.text)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(output.at(-1)?.text).toBe('chatty printed more than 10 lines; the rest are hidden.');
  });

  it('caps the whole run at the limit, with a visible note', async () => {
    const { session, lines } = run(
      sandbox({
        'a.ts': 'for (let i = 0; i < 8; i++) console.log(i);',
        'b.ts': 'for (let i = 0; i < 8; i++) console.log(i);',
      }),
      { outputLimit: 10 },
    );
    await session.finished;
    const output = await lines;
    expect(output.filter((l) => l.level === 'log')).toHaveLength(10);
    expect(output.at(-1)?.text).toMatch(
      /^Output limit reached \(10 lines\): later lines are hidden/,
    );
  });

  it('a crashed Redis subscriber stays gone, whatever it named its connection', async () => {
    const wait = (ms: number) => `await new Promise((resolve) => setTimeout(resolve, ${ms}));`;
    const source = sandbox({
      'sub.ts': `import Redis from 'ioredis';
const redis = new Redis({ connectionName: 'not-the-service-name' });
redis.on('message', (_channel, message) => console.log('got', message));
await redis.subscribe('news');`,
      'pub.ts': `import Redis from 'ioredis';
const redis = new Redis();
${wait(300)}
console.log('before', await redis.publish('news', 'a'));
${wait(400)}
console.log('after', await redis.publish('news', 'b'));
${wait(300)}
console.log('later', await redis.publish('news', 'c'));`,
    });
    const { session, lines } = run(source, { quietMs: 400 });
    const trace: string[] = [];
    session.trace$.subscribe((event) => trace.push(`${event.kind} ${event.from}`));
    // Between the first publish and the second; ioredis would reconnect a dropped connection
    // after 50 ms, but a crashed process has nobody left to do it.
    setTimeout(() => session.controls.crashService('sub'), 500);
    await session.finished;
    const output = await lines;
    expect(text(output, 'sub')).toEqual([
      'got a',
      'sub was crashed: its process is gone and its connections dropped.',
    ]);
    expect(text(output, 'pub')).toEqual(['before 1', 'after 0', 'later 0']);
    expect(trace).toContain('crashed not-the-service-name');
    expect(trace.filter((t) => t === 'connected not-the-service-name')).toHaveLength(1);
  }, 15_000);

  it('a crashed AMQP consumer hands its unacked message back, and nothing errors in the host', async () => {
    await expectNoHostErrors(async () => {
      const source = sandbox(
        {
          'slow.ts': `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost', { clientProperties: { connection_name: 'slow-worker' } });
const channel = await connection.createChannel();
await channel.assertQueue('jobs');
await channel.prefetch(1);
await channel.consume('jobs', (msg) => { if (msg) console.log('holding', msg.content.toString()); });`,
          'backup.ts': `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('jobs');
await new Promise((resolve) => setTimeout(resolve, 700));
await channel.consume('jobs', (msg) => { if (msg) { console.log('took over', msg.content.toString(), msg.fields.redelivered); channel.ack(msg); } });`,
          'producer.ts': `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.assertQueue('jobs');
channel.sendToQueue('jobs', Buffer.from('j1'));`,
        },
        { 'producer.ts': 200 },
      );
      const { session, lines } = run(source, { quietMs: 500 });
      setTimeout(() => session.controls.crashService('slow'), 500);
      await session.finished;
      const output = await lines;
      expect(text(output, 'slow')[0]).toBe('holding j1');
      expect(text(output, 'backup')).toEqual(['took over j1 true']);
    });
  }, 15_000);

  it('an AMQP connection error nobody listens for ends that service, not the host', async () => {
    await expectNoHostErrors(async () => {
      const consumer = (name: string, listen: boolean) => `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
${listen ? "connection.on('error', (error) => console.log('handled:', error.message));" : ''}
const channel = await connection.createChannel();
await channel.assertQueue('${name}');
console.log('ready');`;
      const { session, lines } = run(
        sandbox({ 'careless.ts': consumer('a', false), 'careful.ts': consumer('b', true) }),
        { quietMs: 500 },
      );
      setTimeout(() => session.controls.restartBroker(), 300);
      const result = await session.finished;
      const output = await lines;
      expect(result.failures.map((f) => f.service)).toEqual(['careless']);
      const careless = text(output, 'careless');
      expect(careless[1]).toMatch(/^Uncaught Error: Connection closed: 320 \(CONNECTION-FORCED\)/);
      expect(careless[1]).toContain(
        "an 'error' event of its broker client that no listener handled",
      );
      expect(careless[2]).toMatch(/^careless crashed on an uncaught error/);
      expect(text(output, 'careful')[1]).toMatch(/^handled: Connection closed: 320/);
    });
  }, 15_000);

  it('a thread that sends garbage fails its service, not the host', async () => {
    await expectNoHostErrors(async () => {
      const session = startRun(
        sandbox({ 'forger.ts': "console.log('never runs');" }),
        { quietMs: 300, seed: 1 },
        {
          // A stand-in for a thread whose code took over its port: it answers `start` with
          // things that are not protocol messages.
          spawn: () => {
            let handler: (message: never) => void = () => undefined;
            return {
              post: (message: HostMessage) => {
                if (message.t !== 'start') return;
                for (const garbage of [null, 7, 'x', [], { t: 'output', level: 'system' }]) {
                  queueMicrotask(() => handler(garbage as never));
                }
              },
              onMessage: (h) => (handler = h as (message: never) => void),
              onExit: () => undefined,
              terminate: () => undefined,
            };
          },
          createBroker: simulatedBroker,
          createScheduler: playbackScheduler,
        },
      );
      const lines = firstValueFrom(session.output$.pipe(toArray()));
      const result = await session.finished;
      expect(result.failures.map((f) => f.service)).toEqual(['forger']);
      expect((await lines).some((l) => /malformed message/.test(l.text))).toBe(true);
    });
  });

  it("runs a service's timers on the run's clock: Pause holds them, Step fires the next", async () => {
    const session = startRun(
      sandbox({
        'ticker.ts': `let n = 0;
setInterval(() => console.log('tick ' + ++n + ' at ' + new Date().toISOString()), 1000);`,
      }),
      { seed: 1 },
      {
        spawn: () => inProcessTransport(),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      },
    );
    const seen: OutputLine[] = [];
    let waiting: ((line: OutputLine) => void) | undefined;
    session.output$.subscribe((line) => {
      seen.push(line);
      waiting?.(line);
    });
    const nextLine = () => new Promise<OutputLine>((resolve) => (waiting = resolve));
    const first = await nextLine();
    expect(first.text).toBe('tick 1 at 2030-01-07T09:00:01.000Z');
    expect(first.time).toBe(1000);
    session.controls.pause();
    const count = seen.length;
    session.controls.step();
    const stepped = await nextLine();
    expect(seen.length).toBe(count + 1);
    expect(stepped.text).toBe('tick 2 at 2030-01-07T09:00:02.000Z');
    expect(stepped.time).toBe(2000);
    session.stop();
  }, 15_000);

  it('keeps the seed and stops at once', async () => {
    const { session } = run(loadSandbox('registration'), { seed: 42 });
    expect(session.controls.seed).toBe(42);
    session.stop();
    expect(await session.finished).toEqual({ reason: 'stopped', failures: [] });
  });
});
