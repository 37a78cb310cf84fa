import { createRequire } from 'node:module';
import { firstValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { OutputLine, SandboxSource } from '../contract';
import { surfacesOf } from '../../broker';
import { createRemoteSchema, type ReturnShape } from '../protocol';
import { playbackScheduler, simulatedBroker } from './broker-adapter';
import { inProcessTransport } from './in-process-transport';
import { startRun } from './start-run';

/** What sandbox code finds a call returned, in the words of a {@link ReturnShape}. */
const kindOf = `const kindOf = (value: any, self: unknown): string =>
  value === self ? 'this'
  : value === undefined ? 'void'
  : value === true ? 'true'
  : typeof value?.then === 'function' ? 'promise'
  : typeof value === 'function' ? 'remover'
  : typeof value === 'object' && value !== null ? 'object'
  : typeof value;
const check = (name: string, self: unknown, value: unknown) => console.log(name, kindOf(value, self));
const noop = () => undefined;
`;

// One service per model, each calling every synchronous method of its classes once, in a
// state where the call is valid (a seek after run, an ack of a message the channel holds).
const files: Record<string, string> = {
  'redis.ts': `import Redis from 'ioredis';
${kindOf}
const redis = new Redis();
check('Redis.on', redis, redis.on('message', noop));
check('Redis.once', redis, redis.once('message', noop));
check('Redis.addListener', redis, redis.addListener('message', noop));
check('Redis.off', redis, redis.off('message', noop));
check('Redis.removeListener', redis, redis.removeListener('message', noop));
check('Redis.removeAllListeners', redis, redis.removeAllListeners('message'));
const copy = redis.duplicate();
check('Redis.duplicate', redis, copy);
check('Redis.disconnect', copy, copy.disconnect());
await redis.quit();`,
  'amqp.ts': `import amqp from 'amqplib';
${kindOf}
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
for (const [name, self] of [['AmqpConnection', connection], ['AmqpChannel', channel]] as const) {
  check(name + '.on', self, self.on('error', noop));
  check(name + '.once', self, self.once('error', noop));
  check(name + '.addListener', self, self.addListener('error', noop));
  check(name + '.off', self, self.off('error', noop));
  check(name + '.removeListener', self, self.removeListener('error', noop));
  check(name + '.removeAllListeners', self, self.removeAllListeners('close'));
}
await channel.assertQueue('q');
check('AmqpChannel.publish', channel, channel.publish('', 'q', Buffer.from('1')));
check('AmqpChannel.sendToQueue', channel, channel.sendToQueue('q', Buffer.from('2')));
for (const n of [3, 4, 5]) channel.sendToQueue('q', Buffer.from(String(n)));
const take = async () => {
  for (;;) {
    const message = await channel.get('q');
    if (message) return message;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
check('AmqpChannel.ack', channel, channel.ack(await take()));
check('AmqpChannel.nack', channel, channel.nack(await take(), false, false));
check('AmqpChannel.reject', channel, channel.reject(await take(), false));
await take();
check('AmqpChannel.ackAll', channel, channel.ackAll());
await take();
check('AmqpChannel.nackAll', channel, channel.nackAll(false));
await connection.close();`,
  'kafka.ts': `import { Kafka } from 'kafkajs';
${kindOf}
const kafka = new Kafka({ clientId: 'shapes', brokers: ['localhost:9092'] });
const producer = kafka.producer();
check('Kafka.producer', kafka, producer);
const consumer = kafka.consumer({ groupId: 'g' });
check('Kafka.consumer', kafka, consumer);
const admin = kafka.admin();
check('Kafka.admin', kafka, admin);
const logger = kafka.logger();
check('Kafka.logger', kafka, logger);
check('KafkaLogger.info', logger, logger.info('i'));
check('KafkaLogger.warn', logger, logger.warn('w'));
check('KafkaLogger.error', logger, logger.error('e'));
check('KafkaLogger.debug', logger, logger.debug('d'));
check('KafkaProducer.on', producer, producer.on(producer.events.CONNECT, noop));
check('KafkaConsumer.on', consumer, consumer.on(consumer.events.GROUP_JOIN, noop));
check('KafkaAdmin.on', admin, admin.on(admin.events.CONNECT, noop));
check('KafkaConsumer.logger', consumer, consumer.logger());
console.log('events', JSON.stringify({ consumer: consumer.events, producer: producer.events, admin: admin.events }));
await admin.connect();
await admin.createTopics({ topics: [{ topic: 't', numPartitions: 1 }] });
await admin.disconnect();
await consumer.connect();
await consumer.subscribe({ topic: 't', fromBeginning: true });
await consumer.run({ eachMessage: async () => undefined });
check('KafkaConsumer.pause', consumer, consumer.pause([{ topic: 't' }]));
check('KafkaConsumer.resume', consumer, consumer.resume([{ topic: 't' }]));
check('KafkaConsumer.seek', consumer, consumer.seek({ topic: 't', partition: 0, offset: '0' }));
await consumer.disconnect();`,
  'nats.ts': `import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
${kindOf}
const nc = await connect();
const answered = new Promise<unknown>((resolve) => {
  const sub = nc.subscribe('ask', {
    callback: (_error, msg) => {
      check('NatsMsg.respond', msg, msg.respond(JSON.stringify('yes')));
      check('NatsMsg.string', msg, msg.string());
      resolve(undefined);
    },
  });
  check('NatsConnection.subscribe', nc, sub);
});
check('NatsConnection.publish', nc, nc.publish('nobody', 'x'));
check('NatsConnection.publishMessage', nc, nc.publishMessage({ subject: 'nobody', data: new Uint8Array(0), sid: 0, reply: '', respond: () => false, size: () => 0, json: () => null, string: () => '' } as never));
const reply = await nc.request('ask', JSON.stringify('q'));
check('NatsMsg.json', reply, reply.json<string>());
await answered;
const doomed = nc.subscribe('gone');
check('NatsSubscription.unsubscribe', doomed, doomed.unsubscribe());
const jsm = await jetstreamManager(nc);
check('JetStreamManager.jetstream', jsm, jsm.jetstream());
check('JetStreamStreamAPI.list', jsm.streams, jsm.streams.list());
check('JetStreamStreamAPI.names', jsm.streams, jsm.streams.names());
check('JetStreamConsumerAPI.list', jsm.consumers, jsm.consumers.list('S'));
await jsm.streams.add({ name: 'S', subjects: ['s.>'] });
const info = await jsm.consumers.add('S', { durable_name: 'c', ack_policy: AckPolicy.Explicit });
const js = jetstream(nc);
check('JetStreamConsumers.getConsumerFromInfo', js.consumers, js.consumers.getConsumerFromInfo(info));
for (const n of [1, 2, 3, 4]) await js.publish('s.x', String(n));
const consumer = await js.consumers.get('S', 'c');
for (const name of ['ack', 'nak', 'working', 'term'] as const) {
  const m = await consumer.next();
  if (name === 'ack') {
    check('JsMsg.string', m, m?.string());
    check('JsMsg.json', m, m?.json<number>() === 1 ? 'number' : 'wrong');
  }
  check('JsMsg.' + name, m, m?.[name]());
}
await nc.close();`,
};

const source: SandboxSource = {
  manifest: {
    id: 'sync-shapes',
    title: 'Synchronous shapes',
    description: 'Every synchronous client method, called from a sandbox.',
    model: 'none',
    services: Object.keys(files).map((file) => ({ name: file.replace(/\.ts$/, ''), file })),
    open: Object.keys(files),
  },
  files,
};

const remoteClasses = createRemoteSchema(surfacesOf()).classes;

/** What sandbox code must get back for a shape: the receiver, undefined, true, a function… */
function expectedKind(shape: ReturnShape): string {
  return typeof shape === 'object' ? 'object' : shape;
}

/** What sandbox code gets from a method the guest answers from copied fields. */
const localKinds = { text: 'string', json: 'string', hasReply: 'true' } as const;

/**
 * Every synchronous method of every remote class, with the kind sandbox code must get; and
 * every method the guest answers locally (NATS `msg.string()`), which is synchronous too.
 */
const synchronous: Record<string, string> = Object.fromEntries(
  Object.entries(remoteClasses).flatMap(([className, spec]): [string, string][] => [
    ...Object.entries(spec.methods)
      .filter(([method]) => !spec.localMethods?.[method])
      .filter(([, shape]) => shape !== 'promise' && !(typeof shape === 'object' && !shape.sync))
      .map(([method, shape]): [string, string] => [`${className}.${method}`, expectedKind(shape)]),
    ...Object.entries(spec.localMethods ?? {}).map(([method, kind]): [string, string] => [
      `${className}.${method}`,
      localKinds[kind],
    ]),
  ]),
);

async function runSandbox(): Promise<{ lines: OutputLine[]; failures: readonly OutputLine[] }> {
  const session = startRun(
    source,
    { quietMs: 600, seed: 1 },
    {
      spawn: () => inProcessTransport(),
      createBroker: simulatedBroker,
      createScheduler: playbackScheduler,
    },
  );
  const lines = firstValueFrom(session.output$.pipe(toArray()));
  const result = await session.finished;
  return { lines: await lines, failures: result.failures };
}

describe('synchronous client methods stay synchronous in a sandbox', () => {
  it('returns the receiver, undefined, true, a remover or a remote object at once, never a Promise', async () => {
    const { lines, failures } = await runSandbox();
    expect(failures).toEqual([]);
    const seen = Object.fromEntries(
      lines
        .filter((line) => line.level === 'log' && /^\w+\.\w+ \w+$/.test(line.text))
        .map((line) => line.text.split(' ') as [string, string]),
    );
    // Every synchronous method of every surface is called above, and answers as declared.
    expect(seen).toEqual(synchronous);
    expect(Object.keys(synchronous)).toEqual(
      expect.arrayContaining([
        'AmqpChannel.publish',
        'Kafka.producer',
        'Redis.on',
        'KafkaConsumer.on',
      ]),
    );
  }, 30_000);

  it("gives consumer, producer and admin events kafkajs's own names", async () => {
    const { lines } = await runSandbox();
    const line = lines.find((l) => l.service === 'kafka' && l.text.startsWith('events '));
    const inSandbox = JSON.parse(line?.text.slice('events '.length) ?? '{}') as unknown;
    // The real package, made without connecting: its instrumentation event constants.
    const { Kafka } = createRequire(import.meta.url)('kafkajs') as {
      Kafka: new (config: object) => Record<string, (config?: object) => { events: unknown }>;
    };
    const kafka = new Kafka({ brokers: ['localhost:9092'], logLevel: 0 });
    expect(inSandbox).toEqual({
      consumer: kafka['consumer']?.({ groupId: 'g' }).events,
      producer: kafka['producer']?.().events,
      admin: kafka['admin']?.().events,
    });
  }, 30_000);
});
