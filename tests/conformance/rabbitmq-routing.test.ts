// Routing off the lessons' paths: alternate-exchange loops, exchange-to-exchange bindings,
// sender-selected distribution (CC/BCC), topic and headers edge cases, publish refusals.
import { beforeAll, describe } from 'vitest';
import { describeError, requireRabbitMq, type MessageLike } from './harness';
import { conformance } from './conformance';
import { attempt, buf, drain, exchange, open, queue, spare } from './rabbitmq-helpers';

beforeAll(requireRabbitMq);

describe('RabbitMQ routing: simulator vs real RabbitMQ', () => {
  conformance('alternate-exchange-loop-returns-mandatory-and-drops-the-rest', async (env) => {
    const { channel } = await open(env);
    const [a, b] = [env.name('a'), env.name('b')];
    await exchange(env, channel, 'a', 'direct', { alternateExchange: b });
    await exchange(env, channel, 'b', 'direct', { alternateExchange: a });
    const self = await exchange(env, channel, 'self', 'fanout', {
      alternateExchange: env.name('self'),
    });
    const returned: string[] = [];
    channel.on('return', (m: MessageLike) => returned.push(m.content.toString()));
    channel.publish(a, 'k', buf('a-loud'), { mandatory: true });
    channel.publish(a, 'k', buf('a-quiet'));
    channel.publish(self, 'k', buf('self-loud'), { mandatory: true });
    await env.until(() => returned.length >= 2);
    await env.pause(50);
    return returned.sort();
  });

  conformance('alternate-exchange-chain-of-three-with-a-loop-routes-at-the-last', async (env) => {
    const { channel } = await open(env);
    const [a, b, c] = [env.name('a'), env.name('b'), env.name('c')];
    await exchange(env, channel, 'a', 'direct', { alternateExchange: b });
    await exchange(env, channel, 'b', 'direct', { alternateExchange: c });
    await exchange(env, channel, 'c', 'topic', { alternateExchange: b });
    const q = await queue(env, channel, 'q');
    await channel.bindQueue(q, c, 'k.#');
    channel.publish(a, 'k.1', buf('routed'));
    channel.publish(a, 'z', buf('lost'), { mandatory: true });
    const returned: string[] = [];
    channel.on('return', (m: MessageLike) => returned.push(m.content.toString()));
    await env.until(() => returned.length >= 1);
    const m = await channel.get(q, { noAck: true });
    return {
      returned,
      got: m && [m.content.toString(), m.fields['exchange'] === a, m.fields['routingKey']],
    };
  });

  conformance('exchange-to-exchange-binding-routes-and-unbinds', async (env) => {
    const { channel } = await open(env);
    const source = await exchange(env, channel, 'source', 'direct');
    const destination = await exchange(env, channel, 'destination', 'fanout');
    const q = await queue(env, channel, 'q');
    await channel.bindExchange(destination, source, 'k');
    await channel.bindExchange(destination, source, 'k');
    await channel.bindQueue(q, destination, '');
    channel.publish(source, 'k', buf('1'));
    channel.publish(source, 'other', buf('2'));
    await env.pause(50);
    const m = await channel.get(q, { noAck: true });
    await channel.unbindExchange(destination, source, 'k');
    await channel.unbindExchange(destination, source, 'never-bound');
    channel.publish(source, 'k', buf('3'));
    await env.pause(50);
    return {
      first: m && [m.content.toString(), m.fields['exchange'] === source, m.fields['routingKey']],
      rest: await drain(channel, q),
    };
  });

  conformance('exchange-to-exchange-cycle-delivers-one-copy', async (env) => {
    const { channel } = await open(env);
    const one = await exchange(env, channel, 'one', 'fanout');
    const two = await exchange(env, channel, 'two', 'fanout');
    const q = await queue(env, channel, 'q');
    await channel.bindExchange(two, one, '');
    await channel.bindExchange(one, two, '');
    await channel.bindQueue(q, one, '');
    await channel.bindQueue(q, two, '');
    channel.publish(one, '', buf('once'));
    channel.publish(two, '', buf('twice?'));
    await env.pause(80);
    return drain(channel, q);
  });

  conformance('exchange-to-exchange-binding-errors', async (env) => {
    const outcomes: unknown[] = [];
    const names = [env.name('missing')];
    for (const [destination, source] of [
      ['', 'src'],
      ['dst', ''],
      ['missing', 'src'],
      ['dst', 'missing'],
    ] as const) {
      const { channel } = await open(env);
      const src = await exchange(env, channel, 'src', 'fanout');
      const dst = await exchange(env, channel, 'dst', 'fanout');
      const pick = (n: string) =>
        n === 'src' ? src : n === 'dst' ? dst : n === '' ? '' : names[0]!;
      outcomes.push(await attempt(() => channel.bindExchange(pick(destination), pick(source), '')));
    }
    return outcomes;
  });

  conformance('internal-exchange-refuses-publish-but-takes-bound-traffic', async (env) => {
    const { channel, channelErrors } = await open(env);
    const internal = await exchange(env, channel, 'internal', 'fanout', { internal: true });
    const front = await exchange(env, channel, 'front', 'direct', { alternateExchange: internal });
    const q = await queue(env, channel, 'q');
    await channel.bindQueue(q, internal, '');
    channel.publish(front, 'anything', buf('via-alternate'));
    await env.pause(50);
    const got = await drain(channel, q);
    channel.publish(internal, '', buf('direct'));
    await env.until(() => channelErrors.length >= 1);
    return { got, channelErrors };
  });

  conformance('cc-and-bcc-route-to-extra-keys-and-bcc-is-hidden', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'x', 'direct');
    const [one, two, three] = [
      await queue(env, channel, 'one'),
      await queue(env, channel, 'two'),
      await queue(env, channel, 'three'),
    ];
    await channel.bindQueue(one, ex, 'one');
    await channel.bindQueue(two, ex, 'two');
    await channel.bindQueue(three, ex, 'three');
    channel.publish(ex, 'one', buf('m'), { CC: ['two', 'one'], BCC: 'three', headers: { h: 1 } });
    channel.publish(ex, 'nowhere', buf('only-cc'), { CC: 'two' });
    await env.pause(80);
    const seen = async (q: string) => {
      const out: unknown[] = [];
      for (
        let m = await channel.get(q, { noAck: true });
        m;
        m = await channel.get(q, { noAck: true })
      )
        out.push([m.content.toString(), m.fields['routingKey'], m.properties.headers]);
      return out;
    };
    return { one: await seen(one), two: await seen(two), three: await seen(three) };
  });

  conformance('cc-on-the-default-exchange-and-a-cc-that-is-not-an-array', async (env) => {
    const { channel, channelErrors } = await open(env);
    const a = await queue(env, channel, 'a');
    const b = await queue(env, channel, 'b');
    channel.sendToQueue(a, buf('copied'), { CC: b });
    await env.pause(50);
    const got = [await drain(channel, a), await drain(channel, b)];
    channel.sendToQueue(a, buf('bad'), { headers: { CC: b } });
    await env.until(() => channelErrors.length >= 1);
    const other = await spare(env);
    return { got, channelErrors, left: (await other.checkQueue(a)).messageCount };
  });

  conformance('topic-exchange-empty-words-and-empty-keys', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 't', 'topic');
    const bindings = [
      '',
      '#',
      '*',
      'a.*',
      'a.#',
      '*.b',
      '#.b',
      'a..b',
      'a.*.b',
      '.',
      '#.#',
      'a.#.b',
    ];
    const queues: string[] = [];
    for (const [i, key] of bindings.entries()) {
      const q = await queue(env, channel, `q${i}`);
      await channel.bindQueue(q, ex, key);
      queues.push(q);
    }
    for (const key of ['', 'a', 'a.', 'a.b', '.b', 'a..b', '..', '.', 'a.x.b', 'b'])
      channel.publish(ex, key, buf(JSON.stringify(key)));
    await env.pause(120);
    const out: Record<string, string[]> = {};
    for (const [i, key] of bindings.entries())
      out[JSON.stringify(key)] = await drain(channel, queues[i]!);
    return out;
  });

  conformance('headers-exchange-x-match-any-all-and-with-x', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'h', 'headers');
    const modes = [
      { 'x-match': 'any-with-x', 'x-k': 'v' },
      { 'x-match': 'any', 'x-k': 'v' },
      { 'x-match': 'all-with-x', 'x-k': 'v', a: 1 },
      { 'x-match': 'all', 'x-k': 'v', a: 1 },
      {},
      { 'x-match': 'any' },
    ];
    const queues: string[] = [];
    for (const [i, args] of modes.entries()) {
      const q = await queue(env, channel, `q${i}`);
      await channel.bindQueue(q, ex, '', args);
      queues.push(q);
    }
    channel.publish(ex, '', buf('xk'), { headers: { 'x-k': 'v' } });
    channel.publish(ex, '', buf('xk+a'), { headers: { 'x-k': 'v', a: 1 } });
    channel.publish(ex, '', buf('a'), { headers: { a: 1 } });
    channel.publish(ex, '', buf('none'));
    await env.pause(100);
    return Promise.all(queues.map((q) => drain(channel, q)));
  });

  conformance('headers-exchange-presence-and-value-types', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'h', 'headers');
    const present = await queue(env, channel, 'present');
    const typed = await queue(env, channel, 'typed');
    await channel.bindQueue(present, ex, '', { 'x-match': 'all', k: null });
    await channel.bindQueue(typed, ex, '', { a: 1, b: 'x' });
    channel.publish(ex, '', buf('k-number'), { headers: { k: 1 } });
    channel.publish(ex, '', buf('k-void'), { headers: { k: null } });
    channel.publish(ex, '', buf('no-k'), { headers: {} });
    channel.publish(ex, '', buf('num'), { headers: { a: 1.0, b: 'x' } });
    channel.publish(ex, '', buf('string-1'), { headers: { a: '1', b: 'x' } });
    channel.publish(ex, '', buf('extra'), { headers: { a: 1, b: 'x', c: 2 } });
    channel.publish(ex, '', buf('double'), { headers: { a: 1.5, b: 'x' } });
    channel.publish(ex, '', buf('bool'), { headers: { a: true, b: 'x' } });
    await env.pause(100);
    return { present: await drain(channel, present), typed: await drain(channel, typed) };
  });

  conformance('headers-binding-with-an-unknown-x-match-is-406', async (env) => {
    const { channel } = await open(env);
    const ex = await exchange(env, channel, 'h', 'headers');
    const q = await queue(env, channel, 'q');
    return attempt(() => channel.bindQueue(q, ex, '', { 'x-match': 'some' }));
  });

  conformance('publish-user-id-must-be-the-connection-user', async (env) => {
    const { channel, channelErrors } = await open(env);
    const q = await queue(env, channel, 'q');
    channel.sendToQueue(q, buf('mine'), { userId: 'guest' });
    const m = await channel.get(q, { noAck: true });
    channel.sendToQueue(q, buf('theirs'), { userId: 'bob' });
    await env.until(() => channelErrors.length >= 1);
    return { userId: m && m.properties['userId'], channelErrors };
  });

  conformance('publish-expiration-must-be-a-non-negative-integer', async (env) => {
    const outcomes: unknown[] = [];
    for (const expiration of ['abc', -5, '1.5', '', '+60000', 100]) {
      const { channel, channelErrors } = await open(env);
      const q = await queue(env, channel, `q${outcomes.length}`);
      channel.sendToQueue(q, buf('m'), { expiration });
      const got = await channel
        .get(q, { noAck: true })
        .then((m) => (m ? m.properties['expiration'] : false))
        .catch((e: unknown) => describeError(e).name);
      outcomes.push({ expiration, got, channelErrors });
    }
    return outcomes;
  });
});
