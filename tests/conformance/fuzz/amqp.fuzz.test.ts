// Differential fuzzing of the RabbitMQ model: random sequences of AMQP operations on a small
// pool of names run on the simulator and on the real RabbitMQ through amqplib, and the
// observable outcomes (replies, errors' codes and texts, messages got) must be equal.
// fast-check shrinks a disagreement to a minimal sequence; once fixed, it becomes a named
// scenario in tests/conformance/rabbitmq-*.test.ts. FUZZ_RUNS sets the number of sequences
// (500 by default), FUZZ_SEED the seed (fixed by default, so a run is repeatable). Sequences
// are at most 6 operations long, so 500 of them take about 2-3 minutes on a loaded machine.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeDeaths,
  describeError,
  onRealBroker,
  onSimulator,
  requireRabbitMq,
  type ConnectionLike,
  type MessageLike,
  type ScenarioEnv,
} from '../harness';
import type { FullChannel } from '../rabbitmq-helpers';
import { toBuffer } from '../../../src/broker/core/bytes';

beforeAll(requireRabbitMq);

const runs = Number(process.env['FUZZ_RUNS'] ?? 500);
const seed = Number(process.env['FUZZ_SEED'] ?? 20261203);

const queueNames = ['q0', 'q1'] as const;
const exchangeNames = ['x0', 'x1'] as const;
const keys = ['a', 'b', 'a.b', '#', '*', ''] as const;

const queueOptions = fc.constantFrom<object>(
  {},
  { maxLength: 0 },
  { maxLength: 1 },
  { maxLength: 1, overflow: 'reject-publish' },
  { maxPriority: 2 },
  { deadLetterExchange: 'x0' },
  { maxLength: 0, deadLetterExchange: 'x0' },
  { messageTtl: 0 },
  { autoDelete: true },
  { arguments: { 'x-max-length-bytes': 3 } },
  { arguments: { 'x-single-active-consumer': true } },
);

/** One operation, as data (so fast-check can print and shrink it). */
const operation = fc.oneof(
  fc.record({
    op: fc.constant('assertQueue'),
    q: fc.constantFrom(...queueNames),
    options: queueOptions,
  }),
  fc.record({
    op: fc.constant('assertExchange'),
    x: fc.constantFrom(...exchangeNames),
    type: fc.constantFrom('direct', 'fanout', 'topic', 'headers'),
    alternate: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('bindQueue'),
    q: fc.constantFrom(...queueNames),
    x: fc.constantFrom(...exchangeNames),
    key: fc.constantFrom(...keys),
  }),
  fc.record({
    op: fc.constant('bindExchange'),
    to: fc.constantFrom(...exchangeNames),
    from: fc.constantFrom(...exchangeNames),
    key: fc.constantFrom(...keys),
  }),
  fc.record({
    op: fc.constant('publish'),
    x: fc.constantFrom('', ...exchangeNames),
    to: fc.constantFrom(...queueNames, ...keys),
    priority: fc.constantFrom(undefined, 0, 1, 2, 5),
    mandatory: fc.boolean(),
    cc: fc.boolean(),
    size: fc.constantFrom(1, 2, 4),
  }),
  fc.record({ op: fc.constant('get'), q: fc.constantFrom(...queueNames), noAck: fc.boolean() }),
  fc.record({ op: fc.constant('consume'), q: fc.constantFrom(...queueNames) }),
  fc.record({ op: fc.constantFrom('ack', 'nack', 'nackRequeue', 'reject', 'rejectRequeue') }),
  fc.record({
    op: fc.constantFrom('purgeQueue', 'deleteQueue', 'checkQueue'),
    q: fc.constantFrom(...queueNames),
  }),
  fc.record({ op: fc.constant('deleteExchange'), x: fc.constantFrom(...exchangeNames) }),
  fc.record({
    op: fc.constant('unbindQueue'),
    q: fc.constantFrom(...queueNames),
    x: fc.constantFrom(...exchangeNames),
    key: fc.constantFrom(...keys),
  }),
  fc.record({ op: fc.constant('prefetch'), count: fc.constantFrom(0, 1, 2) }),
  fc.record({ op: fc.constantFrom('recover', 'cancel') }),
);

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** Runs the operations in order on one target and says what was observable. */
async function play(env: ScenarioEnv, operations: readonly Operation[]): Promise<unknown> {
  const prefix = env.name('');
  const named = (n: string) => (n === '' ? '' : env.name(n));
  const plain = (text: string) => text.replaceAll(prefix, '');
  const connection = await env.connect();
  const log: unknown[] = [];
  connection.on('error', (e: Error) => log.push({ connectionError: plain(e.message) }));
  let channel!: FullChannel;
  let counter = 0;
  const openChannel = async () => {
    channel = (await connection.createChannel()) as FullChannel;
    const mine = ++counter;
    channel.on('error', (e: Error) => log.push({ channel: mine, error: plain(e.message) }));
  };
  env.cleanup(async () => {
    // On the same connection when it is still open (cheaper), else on a new one.
    const tidy = async (c: ConnectionLike) => {
      const ch = await c.createChannel();
      ch.on('error', () => undefined);
      for (const q of queueNames) await ch.deleteQueue(named(q));
      for (const x of exchangeNames) await ch.deleteExchange(named(x));
    };
    try {
      await tidy(connection);
    } catch {
      const c = await env.connect();
      await tidy(c).finally(() => c.close());
    }
    await connection.close().catch(() => undefined);
  });
  await openChannel();
  const held: MessageLike[] = [];
  const tags: string[] = [];
  let consumers = 0;
  const delivered: string[] = [];
  const describe = (m: MessageLike) => [
    m.content.toString(),
    m.fields['redelivered'],
    plain(String(m.fields['routingKey'])),
    m.properties['priority'] ?? null,
    plain(JSON.stringify(describeDeaths(m.properties.headers))),
    plain(JSON.stringify(m.properties.headers?.['CC'] ?? null)),
  ];
  for (const o of operations) {
    let result: unknown;
    try {
      result = await apply(o);
    } catch (error) {
      const e = describeError(error);
      result = { error: plain(String(e.message)), code: e.code };
      await openChannel().catch(() => undefined);
    }
    log.push([o.op, result]);
  }
  await env.pause(30);
  return { log, delivered: delivered.sort() };

  async function apply(o: Operation): Promise<unknown> {
    switch (o.op) {
      case 'assertQueue': {
        const options = { durable: false, ...o.options } as Record<string, unknown>;
        if (typeof options['deadLetterExchange'] === 'string')
          options['deadLetterExchange'] = named(options['deadLetterExchange']);
        const r = await channel.assertQueue(named(o.q), options);
        return [r.messageCount, r.consumerCount];
      }
      case 'assertExchange':
        await channel.assertExchange(named(o.x), o.type, {
          durable: false,
          ...(o.alternate ? { alternateExchange: named(o.x === 'x0' ? 'x1' : 'x0') } : {}),
        });
        return 'ok';
      case 'bindQueue':
        await channel.bindQueue(named(o.q), named(o.x), o.key, { k: o.key });
        return 'ok';
      case 'bindExchange':
        await channel.bindExchange(named(o.to), named(o.from), o.key);
        return 'ok';
      case 'publish': {
        const key = (queueNames as readonly string[]).includes(o.to) ? named(o.to) : o.to;
        channel.publish(named(o.x), key, toBuffer('m'.repeat(o.size) + String(++counter)), {
          priority: o.priority,
          mandatory: o.mandatory,
          headers: { k: o.to },
          ...(o.cc ? { CC: [named('q1')] } : {}),
        });
        // A round trip, so the publish has been routed before the next operation looks, and a
        // moment for deliveries already sent to arrive: the simulator answers an RPC before its
        // scheduler has run the deliveries, where a real broker's frames arrive in order.
        await channel.checkExchange('amq.direct');
        await env.pause(2);
        return 'ok';
      }
      case 'get': {
        const m = await channel.get(named(o.q), { noAck: o.noAck });
        if (!m) return false;
        if (!o.noAck) held.push(m);
        return [...describe(m), m.fields['messageCount']];
      }
      case 'consume': {
        // Every other consumer acks nothing, so prefetch and requeues come into play.
        const noAck = ++consumers % 2 === 1;
        const { consumerTag } = await channel.consume(
          named(o.q),
          (m) => {
            if (!m) return;
            delivered.push(describe(m).join('|'));
            if (!noAck) held.push(m);
          },
          { noAck },
        );
        tags.push(consumerTag);
        return 'ok';
      }
      case 'cancel': {
        const tag = tags.shift();
        if (tag) await channel.cancel(tag);
        return tag ? 'ok' : 'none';
      }
      case 'recover':
        await channel.recover();
        held.length = 0;
        return 'ok';
      case 'prefetch':
        await channel.prefetch(o.count);
        return 'ok';
      case 'unbindQueue':
        await channel.unbindQueue(named(o.q), named(o.x), o.key, { k: o.key });
        return 'ok';
      case 'ack':
      case 'nack':
      case 'nackRequeue':
      case 'reject':
      case 'rejectRequeue': {
        const m = held.shift();
        if (!m) return 'none';
        if (o.op === 'ack') channel.ack(m);
        else if (o.op === 'nack' || o.op === 'nackRequeue')
          channel.nack(m, false, o.op === 'nackRequeue');
        else channel.reject(m, o.op === 'rejectRequeue');
        await channel.checkExchange('amq.direct');
        await env.pause(2);
        return 'ok';
      }
      case 'purgeQueue':
        return (await channel.purgeQueue(named(o.q))).messageCount;
      case 'deleteQueue':
        return ((await channel.deleteQueue(named(o.q))) as { messageCount: number }).messageCount;
      case 'checkQueue': {
        const r = await channel.checkQueue(named(o.q));
        return [r.messageCount, r.consumerCount];
      }
      case 'deleteExchange':
        await channel.deleteExchange(named(o.x));
        return 'ok';
    }
  }
}

describe('RabbitMQ differential fuzzing: simulator vs real RabbitMQ', () => {
  it('random operation sequences agree with the real RabbitMQ (FUZZ_RUNS, FUZZ_SEED)', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 6 }), async (operations) => {
        const id = `fuzz-${++n}`;
        const [real, simulated] = await Promise.all([
          onRealBroker(id, (env) => play(env, operations)),
          onSimulator(id, (env) => play(env, operations)),
        ]);
        expect(simulated).toEqual(real);
      }),
      { numRuns: runs, seed, endOnFailure: false },
    );
  }, 600_000);
});
