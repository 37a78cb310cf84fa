import { beforeAll, describe } from 'vitest';
import {
  describeDeaths,
  describeError,
  describeMessage,
  requireRabbitMq,
  type ChannelLike,
  type MessageLike,
} from './harness';
import { conformance } from './conformance';
import { bodies, buf, consumer, exchange, open, queue } from './rabbitmq-helpers';

beforeAll(requireRabbitMq);

describe('RabbitMQ: simulator vs real RabbitMQ', () => {
  conformance('default-exchange-routes-by-queue-name', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'tasks');
    channel.publish('', q, buf('one'));
    channel.sendToQueue(q, buf('two'), { headers: { tenant: 't1' } });
    const got = await consumer(channel, q);
    await env.until(() => got.length >= 2);
    return got
      .map((m) => ({
        ...describeMessage(m),
        sameQueue: m.fields['routingKey'] === q,
        tenant: m.properties.headers?.['tenant'],
      }))
      .map(({ routingKey: _r, ...rest }) => rest);
  });

  conformance('direct-exchange-exact-match-copies-and-drops', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'logs', 'direct');
    const [a, b, c] = [
      await queue(env, channel, 'a'),
      await queue(env, channel, 'b'),
      await queue(env, channel, 'c'),
    ];
    await channel.bindQueue(a, ex, 'error');
    await channel.bindQueue(b, ex, 'error');
    await channel.bindQueue(c, ex, 'info');
    channel.publish(ex, 'error', buf('e1'));
    channel.publish(ex, 'warning', buf('w1'));
    channel.publish(ex, 'info', buf('i1'));
    await env.pause(100);
    return [
      (await channel.checkQueue(a)).messageCount,
      (await channel.checkQueue(b)).messageCount,
      (await channel.checkQueue(c)).messageCount,
    ];
  });

  conformance('fanout-ignores-routing-key-and-loses-unbound', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'news', 'fanout');
    channel.publish(ex, 'x', buf('before-any-binding'));
    const [a, b] = [await queue(env, channel, 'a'), await queue(env, channel, 'b')];
    await channel.bindQueue(a, ex, 'ignored');
    await channel.bindQueue(b, ex, '');
    const gotA = await consumer(channel, a);
    const gotB = await consumer(channel, b);
    channel.publish(ex, 'anything', buf('n1'));
    await env.until(() => gotA.length + gotB.length >= 2);
    await env.pause(50);
    return { a: bodies(gotA), b: bodies(gotB) };
  });

  conformance('topic-exchange-star-and-hash', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'animals', 'topic');
    const q1 = await queue(env, channel, 'q1');
    const q2 = await queue(env, channel, 'q2');
    await channel.bindQueue(q1, ex, '*.orange.*');
    await channel.bindQueue(q2, ex, '*.*.rabbit');
    await channel.bindQueue(q2, ex, 'lazy.#');
    const got1 = await consumer(channel, q1);
    const got2 = await consumer(channel, q2);
    for (const key of [
      'quick.orange.rabbit',
      'lazy.orange.new.rabbit',
      'orange',
      'lazy.pink.rabbit',
      'lazy',
      'quick.brown.fox',
    ]) {
      channel.publish(ex, key, buf(key));
    }
    await env.until(() => got1.length + got2.length >= 5);
    await env.pause(50);
    return { q1: bodies(got1), q2: bodies(got2) };
  });

  conformance('mandatory-unroutable-comes-back-as-return', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'x', 'direct');
    const returned: unknown[] = [];
    channel.on('return', (m: MessageLike) =>
      returned.push({
        body: m.content.toString(),
        replyCode: m.fields['replyCode'],
        replyText: m.fields['replyText'],
        routingKey: m.fields['routingKey'],
        sameExchange: m.fields['exchange'] === ex,
      }),
    );
    channel.publish(ex, 'nobody', buf('quiet'));
    channel.publish(ex, 'nobody', buf('loud'), { mandatory: true });
    await env.until(() => returned.length >= 1);
    await env.pause(50);
    return returned;
  });

  conformance('round-robin-across-consumers', async (env) => {
    const { connection, channel } = await open(env);
    const other = await connection.createChannel();
    const q = await queue(env, channel, 'work');
    const a = await consumer(channel, q);
    const b = await consumer(other, q);
    for (let i = 1; i <= 6; i++) channel.sendToQueue(q, buf(String(i)));
    await env.until(() => a.length + b.length >= 6);
    return { a: bodies(a), b: bodies(b) };
  });

  conformance('prefetch-1-sends-work-to-the-free-worker', async (env) => {
    const { connection, channel } = await open(env);
    const slowChannel = await connection.createChannel();
    const q = await queue(env, channel, 'jobs');
    await slowChannel.prefetch(1);
    await channel.prefetch(1);
    const slow = await consumer(slowChannel, q, { ack: false });
    const fast = await consumer(channel, q);
    for (let i = 1; i <= 5; i++) channel.sendToQueue(q, buf(String(i)));
    await env.until(() => slow.length + fast.length >= 5);
    await env.pause(50);
    return { slow: bodies(slow), fast: bodies(fast) };
  });

  conformance('nack-requeue-comes-back-redelivered', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q');
    await channel.prefetch(1);
    const seen: [string, boolean][] = [];
    await channel.consume(q, (m) => {
      if (!m) return;
      seen.push([m.content.toString(), m.fields['redelivered'] as boolean]);
      if (!m.fields['redelivered']) channel.nack(m, false, true);
      else channel.ack(m);
    });
    channel.sendToQueue(q, buf('a'));
    channel.sendToQueue(q, buf('b'));
    await env.until(() => seen.length >= 4);
    return seen;
  });

  conformance('reject-to-dead-letter-exchange-with-x-death', async (env) => {
    const { channel } = await open(env);
    const dlx = await exchange(env, channel, 'dlx', 'fanout');
    const dead = await queue(env, channel, 'dead');
    await channel.bindQueue(dead, dlx, '');
    const work = await queue(env, channel, 'work', { deadLetterExchange: dlx });
    await channel.consume(work, (m) => m && channel.reject(m, false));
    channel.sendToQueue(work, buf('poison'), { headers: { attempt: 1 } });
    const got = await consumer(channel, dead);
    await env.until(() => got.length >= 1);
    const m = got[0];
    if (!m) return 'no dead letter';
    return {
      body: m.content.toString(),
      fromDlx: m.fields['exchange'] === dlx,
      attempt: m.properties.headers?.['attempt'],
      deaths: describeDeaths(m.properties.headers).map((d) => ({
        ...d,
        queue: d['queue'] === work,
        'routing-keys': (d['routing-keys'] as string[]).map((k) => k === work),
      })),
      firstDeathReason: m.properties.headers?.['x-first-death-reason'],
    };
  });

  conformance('ttl-expiry-dead-letters-with-reason-expired', async (env) => {
    const { channel } = await open(env);
    const dead = await queue(env, channel, 'dead');
    const ttl = await queue(env, channel, 'ttl', {
      messageTtl: 1000,
      deadLetterExchange: '',
      deadLetterRoutingKey: dead,
    });
    channel.sendToQueue(ttl, buf('short'), { expiration: '60' });
    const got = await consumer(channel, dead);
    await env.until(() => got.length >= 1);
    const m = got[0];
    if (!m) return 'no dead letter';
    return {
      body: m.content.toString(),
      expiration: m.properties['expiration'],
      deaths: describeDeaths(m.properties.headers).map((d) => ({
        reason: d['reason'],
        count: d['count'],
        originalExpiration: d['original-expiration'],
      })),
      remaining: (await channel.checkQueue(ttl)).messageCount,
    };
  });

  conformance('max-length-overflow-dead-letters-the-oldest', async (env) => {
    const { channel } = await open(env);
    const dead = await queue(env, channel, 'dead');
    const small = await queue(env, channel, 'small', {
      maxLength: 2,
      deadLetterExchange: '',
      deadLetterRoutingKey: dead,
    });
    for (const t of ['1', '2', '3', '4']) channel.sendToQueue(small, buf(t));
    const got = await consumer(channel, dead);
    await env.until(() => got.length >= 2);
    return {
      dead: bodies(got),
      reasons: got.map((m) => describeDeaths(m.properties.headers).map((d) => d['reason'])),
      kept: (await channel.checkQueue(small)).messageCount,
    };
  });

  conformance('double-ack-closes-channel-with-406', async (env) => {
    const { channel, channelErrors, events } = await open(env);
    const q = await queue(env, channel, 'q');
    channel.sendToQueue(q, buf('x'));
    await env.pause(50);
    const m = await channel.get(q);
    if (!m) return 'no message';
    channel.ack(m);
    channel.ack(m);
    await env.until(() => events.includes('close'));
    let after = '';
    try {
      channel.ack(m);
    } catch (e) {
      after = `${(e as Error).name}: ${(e as Error).message}`;
    }
    return { channelErrors, events, after };
  });

  conformance('unknown-queue-is-404-and-closes-the-channel', async (env) => {
    const { channel, channelErrors, events } = await open(env);
    const missing = 'conformance-no-such-queue';
    let rejected: unknown;
    try {
      await channel.checkQueue(missing);
    } catch (e) {
      rejected = describeError(e);
    }
    let later: unknown;
    try {
      await channel.assertQueue(env.name('later'));
    } catch (e) {
      later = describeError(e);
    }
    return { rejected, channelErrors, events, later };
  });

  conformance('channel-close-requeues-unacked-as-redelivered', async (env) => {
    const { connection, channel } = await open(env);
    const q = await queue(env, channel, 'q');
    const holder = await connection.createChannel();
    const first = await consumer(holder, q, { ack: false });
    channel.sendToQueue(q, buf('m1'));
    channel.sendToQueue(q, buf('m2'));
    await env.until(() => first.length >= 2);
    const second = await consumer(channel, q);
    await holder.close();
    await env.until(() => second.length >= 2);
    return { first: first.map(describeMessage), second: second.map(describeMessage) };
  });

  conformance('publishing-a-string-throws-content-is-not-a-buffer', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q');
    try {
      channel.sendToQueue(q, 'not a buffer');
      return 'accepted';
    } catch (e) {
      return describeError(e);
    }
  });

  conformance('binding-to-the-default-exchange-is-403', async (env) => {
    const { channel, channelErrors } = await open(env);
    const q = await queue(env, channel, 'q');
    let rejected: unknown;
    try {
      await channel.bindQueue(q, '', 'k');
    } catch (e) {
      rejected = describeError(e);
    }
    return { rejected, channelErrors };
  });

  conformance('server-named-queue-and-get-on-empty-queue', async (env) => {
    const { channel } = await open(env);
    const ok = await channel.assertQueue('', { exclusive: true });
    const empty = await channel.get(ok.queue);
    channel.sendToQueue(ok.queue, buf('a'));
    channel.sendToQueue(ok.queue, buf('b'));
    await env.pause(50);
    const m = await channel.get(ok.queue, { noAck: true });
    return {
      generated: /^amq\.gen-[A-Za-z0-9_-]{22}$/.test(ok.queue),
      counts: [ok.messageCount, ok.consumerCount],
      empty,
      fields: m && { ...m.fields, routingKey: m.fields['routingKey'] === ok.queue },
    };
  });

  conformance('noack-consumer-gets-message-and-queue-is-empty', async (env) => {
    const { channel } = await open(env);
    const q = await queue(env, channel, 'q');
    const got = await consumer(channel, q, { noAck: true });
    channel.sendToQueue(q, buf('fire-and-forget'));
    await env.until(() => got.length >= 1);
    return { got: bodies(got), left: (await channel.checkQueue(q)).messageCount };
  });

  conformance('unheard-channel-error-closes-the-whole-connection', async (env) => {
    const connection = await env.connect();
    const seen: string[] = [];
    connection.on('error', (e: Error) => seen.push(`connection error: ${e.message}`));
    connection.on('close', (e?: Error) => seen.push(`connection close: ${e?.message ?? ''}`));
    const quiet = await connection.createChannel(); // no 'error' listener
    const other = await connection.createChannel();
    other.on('close', () => seen.push('other channel close'));
    const q = await queue(env, other, 'q');
    await other.consume(q, () => undefined); // holds the message unacked
    quiet.sendToQueue(q, buf('held'));
    await env.pause(50);
    quiet.publish('conformance-no-such-exchange', 'k', buf('x'));
    await env.until(() => seen.length >= 3);
    let closeAgain = '';
    try {
      await connection.close();
    } catch (e) {
      closeAgain = (e as Error).message;
    }
    const check = await (await env.connect()).createChannel();
    const left = (await check.checkQueue(q)).messageCount;
    await check.close();
    return { seen: seen.sort(), closeAgain, left };
  });

  conformance('queue-expiry-x-expires-does-not-dead-letter', async (env) => {
    const { channel } = await open(env);
    const dead = await queue(env, channel, 'dead');
    const idle = env.name('idle');
    await channel.assertQueue(idle, {
      durable: false,
      expires: 300,
      deadLetterExchange: '',
      deadLetterRoutingKey: dead,
    });
    channel.sendToQueue(idle, buf('x'));
    await env.pause(1000);
    const deadCount = (await channel.checkQueue(dead)).messageCount;
    let idleCheck: unknown = 'exists';
    try {
      await channel.checkQueue(idle);
    } catch (e) {
      idleCheck = (describeError(e).message ?? '').replace(idle, '<idle>');
    }
    return { deadCount, idleCheck };
  });

  conformance('confirm-channel-acks-routed-and-unroutable-publishes', async (env) => {
    const connection = await env.connect();
    env.cleanup(() => connection.close());
    const channel = (await (
      connection as unknown as { createConfirmChannel(): Promise<ChannelLike> }
    ).createConfirmChannel()) as ChannelLike & {
      sendToQueue(q: string, c: unknown, o: object, cb: (e: Error | null) => void): boolean;
      waitForConfirms(): Promise<void>;
    };
    const q = await queue(env, channel, 'q');
    const confirms: (string | null)[] = [];
    channel.sendToQueue(q, buf('routed'), {}, (e) => confirms.push(e ? e.message : null));
    channel.sendToQueue(env.name('nowhere'), buf('unroutable'), {}, (e) =>
      confirms.push(e ? e.message : null),
    );
    await channel.waitForConfirms();
    return { confirms, queued: (await channel.checkQueue(q)).messageCount };
  });

  // amqplib refuses before sending: basic.qos carries the count as an unsigned 16-bit short.
  // (On amqplib the refusing channel answers no further RPC, so each count gets its own.)
  conformance('prefetch-out-of-16-bit-range-rejects-in-the-client', async (env) => {
    const connection = await env.connect();
    env.cleanup(() => connection.close());
    const outcomes: unknown[] = [];
    for (const count of [-1, Infinity, 65536, Number.NaN, 65535]) {
      const channel = await connection.createChannel();
      try {
        await channel.prefetch(count);
        outcomes.push({ count: String(count), accepted: true });
      } catch (e) {
        outcomes.push({ count: String(count), ...describeError(e) });
      }
    }
    return outcomes;
  });

  conformance('negative-max-length-is-406-and-closes-the-channel', async (env) => {
    const { channel, channelErrors, events } = await open(env);
    const name = env.name('negative-max-length');
    let rejected: unknown;
    try {
      await channel.assertQueue(name, { durable: false, maxLength: -1 });
    } catch (e) {
      rejected = describeError(e);
    }
    await env.until(() => events.includes('close'));
    const hide = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value).replaceAll(name, '<q>')) as unknown;
    return { rejected: hide(rejected), channelErrors: hide(channelErrors), events };
  });

  conformance('queue-arguments-of-the-wrong-type-or-range-are-406', async (env) => {
    const connection = await env.connect();
    env.cleanup(() => connection.close());
    const outcomes: unknown[] = [];
    for (const options of [
      { maxLength: 1.5 },
      { maxLength: 'ten' },
      { messageTtl: -1 },
      { expires: 0 },
      { maxPriority: 256 },
      { overflow: 'bogus' },
      { maxLength: 0, expires: 1000 },
    ]) {
      const channel = await connection.createChannel();
      channel.on('error', () => {});
      const name = env.name('args');
      try {
        await channel.assertQueue(name, { durable: false, exclusive: true, ...options });
        outcomes.push({ options, accepted: true });
      } catch (e) {
        outcomes.push({ options, message: (describeError(e).message ?? '').replace(name, '<q>') });
      }
    }
    return outcomes;
  });
});
