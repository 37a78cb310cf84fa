// Queue features off the lessons' paths: priorities, byte limits, overflow modes, single active
// consumer, delivery before limits and TTL 0, dead-letter cycles, declaration equivalence.
import { beforeAll, describe } from 'vitest';
import { describeDeaths, requireRabbitMq, type MessageLike, type ScenarioEnv } from './harness';
import { conformance } from './conformance';
import { attempt, buf, consumer, drain, exchange, open, queue, spare } from './rabbitmq-helpers';

beforeAll(requireRabbitMq);

describe('RabbitMQ queues: simulator vs real RabbitMQ', () => {
  conformance('priority-queue-hands-out-highest-priority-first-capped-at-max', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', { maxPriority: 5 });
    for (const [body, priority] of [
      ['a', 1],
      ['b', 9],
      ['c', undefined],
      ['d', 3],
      ['e', 5],
      ['f', 0],
    ] as const)
      channel.sendToQueue(q, buf(body), priority === undefined ? {} : { priority });
    await env.pause(80);
    return drain(channel, q);
  });

  conformance('priority-without-max-priority-stays-fifo', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q');
    channel.sendToQueue(q, buf('low'), { priority: 1 });
    channel.sendToQueue(q, buf('high'), { priority: 9 });
    await env.pause(50);
    return drain(channel, q);
  });

  conformance('priority-queue-requeue-keeps-priority-order', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', { maxPriority: 3 });
    channel.sendToQueue(q, buf('p1'), { priority: 1 });
    channel.sendToQueue(q, buf('p3'), { priority: 3 });
    await env.pause(50);
    const first = await channel.get(q);
    channel.sendToQueue(q, buf('p2'), { priority: 2 });
    await env.pause(50);
    if (first) channel.nack(first, false, true);
    await env.pause(50);
    return drain(channel, q);
  });

  conformance('max-length-bytes-drops-the-head-until-it-fits', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', { arguments: { 'x-max-length-bytes': 5 } });
    const big = await queue(env, channel, 'big', { arguments: { 'x-max-length-bytes': 5 } });
    for (const b of ['aa', 'bb', 'cc', 'd']) channel.sendToQueue(q, buf(b));
    for (const b of ['aa', 'bbbbbbbbb']) channel.sendToQueue(big, buf(b));
    await env.pause(80);
    return { q: await drain(channel, q), big: await drain(channel, big) };
  });

  conformance('max-length-bytes-with-reject-publish-refuses-what-does-not-fit', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', {
      overflow: 'reject-publish',
      arguments: { 'x-max-length-bytes': 5 },
    });
    for (const b of ['aa', 'bb', 'cc', 'd', 'eeeeee']) channel.sendToQueue(q, buf(b));
    await env.pause(80);
    return drain(channel, q);
  });

  conformance('reject-publish-dlx-dead-letters-the-refused-message', async (env) => {
    const { channel } = await open(env);
    const dlx = await exchange(env, channel, 'dlx', 'fanout');
    const dead = await queue(env, channel, 'dead');
    await channel.bindQueue(dead, dlx, '');
    const q = await queue(env, channel, 'q', {
      maxLength: 1,
      overflow: 'reject-publish-dlx',
      deadLetterExchange: dlx,
    });
    channel.sendToQueue(q, buf('kept'));
    channel.sendToQueue(q, buf('refused'));
    await env.pause(80);
    const m = await channel.get(dead, { noAck: true });
    return {
      q: await drain(channel, q),
      dead: m && [
        m.content.toString(),
        describeDeaths(m.properties.headers).map((d) => d['reason']),
      ],
    };
  });

  conformance('max-length-0-still-delivers-to-a-waiting-consumer', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', { maxLength: 0 });
    channel.sendToQueue(q, buf('before-consumer'));
    await env.pause(50);
    const got = await consumer(channel, q);
    channel.sendToQueue(q, buf('w1'));
    channel.sendToQueue(q, buf('w2'));
    await env.until(() => got.length >= 2);
    await env.pause(50);
    return got.map((m) => m.content.toString());
  });

  conformance('ttl-0-delivers-to-a-waiting-consumer-and-expires-otherwise', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', { messageTtl: 0 });
    const other = await queue(env, channel, 'other');
    channel.sendToQueue(q, buf('nobody-waiting'));
    channel.sendToQueue(other, buf('expiration-0'), { expiration: 0 });
    await env.pause(50);
    const empty = [
      (await channel.checkQueue(q)).messageCount,
      (await channel.checkQueue(other)).messageCount,
    ];
    const got = await consumer(channel, q);
    const gotOther = await consumer(channel, other);
    channel.sendToQueue(q, buf('t1'));
    channel.sendToQueue(other, buf('e1'), { expiration: '0' });
    await env.until(() => got.length + gotOther.length >= 2);
    return {
      empty,
      got: got.map((m) => m.content.toString()),
      other: gotOther.map((m) => m.content.toString()),
    };
  });

  conformance('max-length-1-with-a-busy-consumer-drops-the-head', async (env) => {
    const { channel } = await open(env);
    await channel.prefetch(1);
    const q = await queue(env, channel, 'q', { maxLength: 1 });
    const got = await consumer(channel, q, { ack: false });
    for (const b of ['m1', 'm2', 'm3', 'm4']) channel.sendToQueue(q, buf(b));
    await env.until(() => got.length >= 1);
    await env.pause(80);
    return { got: got.map((m) => m.content.toString()), left: await drain(channel, q) };
  });

  conformance('dead-letter-cycle-through-a-max-length-0-queue-is-dropped', async (env) => {
    const { channel } = await open(env);
    const dlx = await exchange(env, channel, 'dlx', 'fanout');
    const z = await queue(env, channel, 'z', { maxLength: 0, deadLetterExchange: dlx });
    await channel.bindQueue(z, dlx, '');
    const self = await queue(env, channel, 'self', { maxLength: 0, deadLetterExchange: '' });
    channel.sendToQueue(z, buf('zero'));
    channel.sendToQueue(self, buf('zero-default'));
    await env.pause(100);
    return [
      (await channel.checkQueue(z)).messageCount,
      (await channel.checkQueue(self)).messageCount,
    ];
  });

  conformance('dead-letter-cycle-after-a-reject-is-dropped-at-the-next-turn', async (env) => {
    const { channel } = await open(env);
    const dlx = await exchange(env, channel, 'dlx', 'fanout');
    const work = await queue(env, channel, 'work', { deadLetterExchange: dlx });
    const z = await queue(env, channel, 'z', { maxLength: 0, deadLetterExchange: dlx });
    const seen = await queue(env, channel, 'seen');
    await channel.bindQueue(z, dlx, '');
    await channel.bindQueue(seen, dlx, '');
    channel.sendToQueue(work, buf('job'));
    await env.pause(50);
    const m = await channel.get(work);
    if (m) channel.reject(m, false);
    await env.pause(150);
    const deaths: unknown[] = [];
    for (
      let d = await channel.get(seen, { noAck: true });
      d;
      d = await channel.get(seen, { noAck: true })
    )
      deaths.push(describeDeaths(d.properties.headers).map((x) => [x['reason'], x['count']]));
    return { z: (await channel.checkQueue(z)).messageCount, seen: deaths.length };
  });

  conformance(
    'single-active-consumer-only-the-first-gets-messages-until-it-cancels',
    async (env) => {
      const { channel } = await open(env);
      const other = await spare(env);
      const q = await queue(env, channel, 'q', { arguments: { 'x-single-active-consumer': true } });
      const first: string[] = [];
      const second: string[] = [];
      const { consumerTag } = await channel.consume(
        q,
        (m: MessageLike | null) => m && first.push(m.content.toString()),
        { noAck: true },
      );
      await other.consume(q, (m: MessageLike | null) => m && second.push(m.content.toString()), {
        noAck: true,
      });
      for (const b of ['1', '2', '3']) channel.sendToQueue(q, buf(b));
      await env.until(() => first.length >= 3);
      await channel.cancel(consumerTag);
      for (const b of ['4', '5']) channel.sendToQueue(q, buf(b));
      await env.until(() => second.length >= 2);
      await env.pause(50);
      return { first, second };
    },
  );
});

describe('RabbitMQ declarations: simulator vs real RabbitMQ', () => {
  /** A queue declared with `first`, then again with `second`: what RabbitMQ says. */
  const redeclare = (first: object, second: object) => async (env: ScenarioEnv) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q', first);
    return attempt(() => channel.assertQueue(q, { durable: false, ...second }));
  };
  conformance(
    'queue-redeclare-message-ttl-differs-names-both-values',
    redeclare({ messageTtl: 100 }, { messageTtl: 200 }),
  );
  conformance(
    'queue-redeclare-message-ttl-left-out-names-none',
    redeclare({ messageTtl: 100 }, {}),
  );
  conformance('queue-redeclare-message-ttl-added-names-none', redeclare({}, { messageTtl: 100 }));
  conformance(
    'queue-redeclare-max-length-as-a-string-differs',
    redeclare({ maxLength: 100 }, { arguments: { 'x-max-length': '100' } }),
  );
  conformance(
    'queue-redeclare-max-length-fraction-differs',
    redeclare({ maxLength: 1000 }, { maxLength: 1000.5 }),
  );
  conformance(
    'queue-redeclare-overflow-left-out-differs-from-drop-head',
    redeclare({ overflow: 'drop-head' }, {}),
  );
  conformance('queue-redeclare-queue-mode-left-out-differs', redeclare({ queueMode: 'lazy' }, {}));
  conformance(
    'queue-redeclare-unknown-arguments-may-differ',
    redeclare({ arguments: { foo: 1 } }, { arguments: { foo: 2 } }),
  );
  conformance(
    'queue-redeclare-classic-type-equals-no-type',
    redeclare({ arguments: { 'x-queue-type': 'classic' } }, {}),
  );
  conformance('queue-redeclare-auto-delete-differs', redeclare({}, { autoDelete: true }));
  conformance('queue-redeclare-exclusive-differs-is-locked', redeclare({}, { exclusive: true }));
  conformance(
    'queue-redeclare-max-priority-differs',
    redeclare({ maxPriority: 3 }, { maxPriority: 4 }),
  );

  conformance('queue-declare-refuses-arguments-rabbitmq-checks', async (env) => {
    const outcomes: unknown[] = [];
    for (const args of [
      { 'x-queue-mode': 'fast' },
      { 'x-queue-mode': 5 },
      { 'x-queue-type': 'bogus' },
      { 'x-single-active-consumer': 'yes' },
      { 'x-dead-letter-routing-key': 'k' },
      { 'x-dead-letter-exchange': 5 },
      { 'x-max-priority': '5' },
      { 'x-message-ttl': 1.5, 'x-expires': 0 },
    ]) {
      const { channel } = await open(env);
      const name = env.name(`q${outcomes.length}`);
      outcomes.push(
        await attempt(() => channel.assertQueue(name, { durable: false, arguments: args })),
      );
    }
    return outcomes;
  });

  conformance('exchange-redeclare-compares-internal-and-alternate-only', async (env) => {
    const outcomes: unknown[] = [];
    for (const [first, second] of [
      [{ internal: true }, {}],
      [{ alternateExchange: 'zz' }, { alternateExchange: 'yy' }],
      [{ alternateExchange: 'zz' }, {}],
      [{ arguments: { foo: 1 } }, { arguments: { foo: 2 } }],
      [{}, { autoDelete: true }],
    ] as const) {
      const { channel } = await open(env);
      const name = await exchange(env, channel, `x${outcomes.length}`, 'fanout', first);
      outcomes.push(
        await attempt(() => channel.assertExchange(name, 'fanout', { durable: false, ...second })),
      );
    }
    return outcomes;
  });

  conformance('unknown-exchange-type-closes-the-connection', async (env) => {
    const { channel, connectionErrors } = await open(env);
    const outcome = await attempt(() =>
      channel.assertExchange(env.name('x'), 'x-delayed-message', { durable: false }),
    );
    await env.until(() => connectionErrors.length >= 1);
    return { outcome, connectionErrors };
  });
});
