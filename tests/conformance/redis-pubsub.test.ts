import { beforeAll, describe } from 'vitest';
import { requireRedis } from './harness';
import { conformance } from './conformance';

beforeAll(requireRedis);

describe('Redis Pub/Sub: simulator vs real Redis', () => {
  conformance('publish-with-no-subscriber-returns-0', async (env) => {
    const pub = env.redis();
    const sub = env.redis();
    env.cleanup(() => pub.quit());
    env.cleanup(() => sub.quit());
    const channel = env.name('news');
    const before = await pub.publish(channel, 'lost');
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    const count = await sub.subscribe(channel);
    await env.pause(150);
    return { before, count, got };
  });

  conformance('two-subscribers-each-get-a-copy', async (env) => {
    const [pub, a, b] = [env.redis(), env.redis(), env.redis()];
    for (const c of [pub, a, b]) env.cleanup(() => c.quit());
    const channel = env.name('news');
    const gotA: string[] = [];
    const gotB: string[] = [];
    a.on('message', (c: string, m: string) => gotA.push(`${c === channel}:${m}`));
    b.on('message', (c: string, m: string) => gotB.push(`${c === channel}:${m}`));
    await a.subscribe(channel);
    await b.subscribe(channel);
    const receivers = await pub.publish(channel, 'hello');
    await env.until(() => gotA.length + gotB.length >= 2);
    return { receivers, gotA, gotB };
  });

  conformance('pattern-subscribe-gets-pmessage-with-globs', async (env) => {
    const pub = env.redis();
    const sub = env.redis();
    env.cleanup(() => pub.quit());
    env.cleanup(() => sub.quit());
    const prefix = env.name('p');
    const got: string[][] = [];
    sub.on('pmessage', (pattern: string, channel: string, m: string) =>
      got.push([pattern.slice(prefix.length), channel.slice(prefix.length), m]),
    );
    const counts = [
      await sub.psubscribe(`${prefix}.news.*`),
      await sub.psubscribe(`${prefix}.h[ae]llo`),
      await sub.psubscribe(`${prefix}.b?s`),
    ];
    const receivers: number[] = [];
    for (const c of ['.news.art', '.news', '.hello', '.hillo', '.bus', '.buss']) {
      receivers.push(await pub.publish(`${prefix}${c}`, c));
    }
    await env.until(() => got.length >= 3);
    await env.pause(50);
    return { counts, receivers, got };
  });

  conformance('subscribe-plus-matching-psubscribe-delivers-twice', async (env) => {
    const pub = env.redis();
    const sub = env.redis();
    env.cleanup(() => pub.quit());
    env.cleanup(() => sub.quit());
    const channel = env.name('foo');
    const events: string[] = [];
    sub.on('message', (_c: string, m: string) => events.push(`message:${m}`));
    sub.on('pmessage', (p: string, _c: string, m: string) =>
      events.push(`pmessage:${p === `${channel}*`}:${m}`),
    );
    await sub.subscribe(channel);
    await sub.psubscribe(`${channel}*`);
    const receivers = await pub.publish(channel, 'x');
    await env.until(() => events.length >= 2);
    return { receivers, events: events.sort() };
  });

  conformance('subscription-counts-and-leaving-subscriber-mode', async (env) => {
    const sub = env.redis({ protocol: 2 });
    env.cleanup(() => sub.quit());
    const [a, b, p] = [env.name('a'), env.name('b'), env.name('p*')];
    const counts = [
      await sub.subscribe(a, b),
      await sub.subscribe(a),
      await sub.psubscribe(p),
      await sub.unsubscribe(a),
      await sub.punsubscribe(p),
      await sub.unsubscribe(),
    ];
    const key = env.name('k');
    const afterwards = await sub.set(key, 'v');
    await sub.del(key);
    return { counts, afterwards };
  });

  conformance('resp3-default-subscribed-connection-may-run-any-command', async (env) => {
    const sub = env.redis();
    env.cleanup(() => sub.quit());
    const channel = env.name('c');
    await sub.subscribe(channel);
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    const key = env.name('k');
    env.cleanup(() => sub.del(key));
    const outcome = {
      set: await sub.set(key, 'v'),
      get: await sub.get(key),
      ownPublish: await sub.publish(channel, 'to-myself'),
      pong: await sub.ping(),
    };
    await env.until(() => got.length >= 1);
    return { ...outcome, got };
  });

  conformance('resp2-subscriber-mode-refuses-other-commands', async (env) => {
    const sub = env.redis({ protocol: 2 });
    env.cleanup(() => sub.quit());
    await sub.subscribe(env.name('c'));
    const attempts: string[] = [];
    for (const attempt of [
      () => sub.get('x'),
      () => sub.publish('c', 'm'),
      () => sub.set('x', '1'),
    ]) {
      try {
        await attempt();
        attempts.push('ok');
      } catch (error) {
        attempts.push((error as Error).message);
      }
    }
    const pong = await sub.ping();
    return { attempts, pong };
  });

  conformance('messages-arrive-in-publish-order', async (env) => {
    const pub = env.redis();
    const sub = env.redis();
    env.cleanup(() => pub.quit());
    env.cleanup(() => sub.quit());
    const channel = env.name('seq');
    const got: string[] = [];
    sub.on('message', (_c: string, m: string) => got.push(m));
    await sub.subscribe(channel);
    for (let i = 0; i < 50; i++) void pub.publish(channel, String(i));
    await env.until(() => got.length >= 50);
    return got;
  });

  conformance('commands-after-quit-fail-connection-closed', async (env) => {
    const client = env.redis();
    const first = await client.quit();
    await env.pause(50);
    let error = '';
    try {
      await client.get('x');
    } catch (e) {
      error = (e as Error).message;
    }
    return { first, error };
  });

  conformance('idempotency-keys-set-nx-ex-incr-sadd', async (env) => {
    const r = env.redis();
    env.cleanup(() => r.quit());
    const [seen, counter, set, text] = ['seen', 'counter', 'set', 'text'].map((s) =>
      env.name(s),
    ) as [string, string, string, string];
    env.cleanup(() => r.del(seen, counter, set, text));
    const outcome = {
      firstClaim: await r.set(seen, '1', 'EX', 60, 'NX'),
      secondClaim: await r.set(seen, '1', 'EX', 60, 'NX'),
      value: await r.get(seen),
      incr: [await r.incr(counter), await r.incr(counter)],
      sadd: await r.sadd(set, 'a', 'b', 'a'),
      member: [await r.sismember(set, 'a'), await r.sismember(set, 'z')],
      incrError: '',
      wrongType: '',
    };
    await r.set(text, 'abc');
    try {
      await r.incr(text);
    } catch (e) {
      outcome.incrError = (e as Error).message;
    }
    try {
      await r.get(set);
    } catch (e) {
      outcome.wrongType = (e as Error).message;
    }
    return outcome;
  });
});
