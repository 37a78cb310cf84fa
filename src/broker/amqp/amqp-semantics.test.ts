import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import { toBuffer } from '../core/bytes';
import type { AmqpChannel } from './amqp-channel';
import type { AmqpMessage } from './amqp-types';

const body = (text: string) => toBuffer(text);

async function setup(name = 'app') {
  const vb = startVirtualBroker();
  const { amqplib } = vb.broker.modulesFor(name);
  const connection = await amqplib.connect('amqp://localhost');
  const channel = await connection.createChannel();
  return { ...vb, amqplib, connection, channel };
}

/** Consumes `queue` and records message texts (acking unless told otherwise). */
async function record(
  channel: AmqpChannel,
  queue: string,
  options: { ack?: boolean; noAck?: boolean } = {},
) {
  const got: AmqpMessage[] = [];
  await channel.consume(
    queue,
    (m) => {
      if (!m) return;
      got.push(m);
      if (options.ack !== false && !options.noAck) channel.ack(m);
    },
    { noAck: options.noAck ?? false },
  );
  return got;
}

const texts = (messages: AmqpMessage[]) => messages.map((m) => m.content.toString());

describe('RabbitMQ (docs/broker-semantics.md)', () => {
  it('1. default exchange: routing key = queue name lands in that queue', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('tasks');
    channel.publish('', 'tasks', body('t1'));
    channel.sendToQueue('tasks', body('t2'));
    const got = await record(channel, 'tasks');
    await run();
    expect(texts(got)).toEqual(['t1', 't2']);
    expect(got[0]!.fields).toMatchObject({ exchange: '', routingKey: 'tasks', redelivered: false });
  });

  it('1. binding anything to the default exchange is an error (403)', async () => {
    const { channel } = await setup();
    await channel.assertQueue('q');
    const errors: Error[] = [];
    channel.on('error', (e: Error) => errors.push(e));
    await expect(channel.bindQueue('q', '', 'k')).rejects.toThrow(
      'Operation failed: QueueBind; 403 (ACCESS-REFUSED) with message "ACCESS_REFUSED - operation not permitted on the default exchange"',
    );
    expect(errors[0]?.message).toMatch(/^Channel closed by server: 403/);
  });

  it('2. direct exchange: exact key match, same key on two queues → a copy each, no match → dropped', async () => {
    const { channel, run, events } = await setup();
    await channel.assertExchange('logs', 'direct', { durable: false });
    for (const q of ['a', 'b']) {
      await channel.assertQueue(q);
      await channel.bindQueue(q, 'logs', 'error');
    }
    await channel.assertQueue('c');
    await channel.bindQueue('c', 'logs', 'info');
    const [a, b, c] = [
      await record(channel, 'a'),
      await record(channel, 'b'),
      await record(channel, 'c'),
    ];
    channel.publish('logs', 'error', body('e1'));
    channel.publish('logs', 'warning', body('w1'));
    await run();
    expect([texts(a), texts(b), texts(c)]).toEqual([['e1'], ['e1'], []]);
    expect(events.find((e) => e.kind === 'dropped')).toMatchObject({
      reason: 'unroutable',
      payload: 'w1',
    });
  });

  it('3. fanout ignores the routing key; with no queue bound the message is lost', async () => {
    const { channel, run, events } = await setup();
    await channel.assertExchange('news', 'fanout', { durable: false });
    channel.publish('news', 'x', body('nobody'));
    await channel.assertQueue('a');
    await channel.assertQueue('b');
    await channel.bindQueue('a', 'news', 'ignored');
    await channel.bindQueue('b', 'news', '');
    const [a, b] = [await record(channel, 'a'), await record(channel, 'b')];
    channel.publish('news', 'anything', body('n1'));
    await run();
    expect([texts(a), texts(b)]).toEqual([['n1'], ['n1']]);
    expect(events.filter((e) => e.kind === 'dropped').map((e) => e.payload)).toEqual(['nobody']);
  });

  it('4. topic exchange: quick.orange.rabbit matches *.orange.*', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('animals', 'topic', { durable: false });
    await channel.assertQueue('q1');
    await channel.bindQueue('q1', 'animals', '*.orange.*');
    const got = await record(channel, 'q1');
    channel.publish('animals', 'quick.orange.rabbit', body('x'));
    channel.publish('animals', 'quick.orange.new.rabbit', body('too-long'));
    await run();
    expect(texts(got)).toEqual(['x']);
  });

  it('4. topic exchange: lazy.orange.new.rabbit matches lazy.#', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('animals', 'topic', { durable: false });
    await channel.assertQueue('q2');
    await channel.bindQueue('q2', 'animals', 'lazy.#');
    const got = await record(channel, 'q2');
    channel.publish('animals', 'lazy.orange.new.rabbit', body('x'));
    channel.publish('animals', 'lazy', body('zero-words'));
    await run();
    expect(texts(got)).toEqual(['x', 'zero-words']);
  });

  it('4. topic exchange: orange matches nothing and is dropped', async () => {
    const { channel, run, events } = await setup();
    await channel.assertExchange('animals', 'topic', { durable: false });
    await channel.assertQueue('q1');
    await channel.bindQueue('q1', 'animals', '*.orange.*');
    await channel.bindQueue('q1', 'animals', 'lazy.#');
    channel.publish('animals', 'orange', body('o'));
    await run();
    expect(events.filter((e) => e.kind === 'routed')).toEqual([]);
    expect(events.find((e) => e.kind === 'dropped')).toMatchObject({ reason: 'unroutable' });
  });

  it('4. topic exchange: a queue matching two of its bindings gets one copy', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('animals', 'topic', { durable: false });
    await channel.assertQueue('q2');
    await channel.bindQueue('q2', 'animals', '*.*.rabbit');
    await channel.bindQueue('q2', 'animals', 'lazy.#');
    const got = await record(channel, 'q2');
    channel.publish('animals', 'lazy.pink.rabbit', body('once'));
    await run();
    expect(texts(got)).toEqual(['once']);
  });

  it('5. unroutable + mandatory=false is dropped silently; mandatory=true comes back as basic.return', async () => {
    const { channel, run, events } = await setup();
    await channel.assertExchange('x', 'direct', { durable: false });
    const returned: AmqpMessage<{ replyCode: number; replyText: string }>[] = [];
    channel.on('return', (m: AmqpMessage<{ replyCode: number; replyText: string }>) =>
      returned.push(m),
    );
    channel.publish('x', 'nobody', body('quiet'));
    channel.publish('x', 'nobody', body('loud'), { mandatory: true });
    await run();
    expect(returned.map((m) => [m.content.toString(), m.fields])).toEqual([
      ['loud', { replyCode: 312, replyText: 'NO_ROUTE', exchange: 'x', routingKey: 'nobody' }],
    ]);
    expect(events.map((e) => e.kind)).toContain('returned');
  });

  it('5. an alternate exchange catches what its exchange cannot route', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('unrouted', 'fanout', { durable: false });
    await channel.assertExchange('main', 'direct', {
      durable: false,
      alternateExchange: 'unrouted',
    });
    await channel.assertQueue('catch-all');
    await channel.bindQueue('catch-all', 'unrouted', '');
    const got = await record(channel, 'catch-all');
    channel.publish('main', 'no-binding', body('x'));
    await run();
    expect(texts(got)).toEqual(['x']);
  });

  it('6. several consumers on one queue: round-robin, each message to exactly one', async () => {
    const { channel, connection, run } = await setup();
    const other = await connection.createChannel();
    await channel.assertQueue('work');
    const a = await record(channel, 'work');
    const b = await record(other, 'work');
    for (let i = 1; i <= 6; i++) channel.sendToQueue('work', body(String(i)));
    await run();
    expect(texts(a)).toEqual(['1', '3', '5']);
    expect(texts(b)).toEqual(['2', '4', '6']);
  });

  it('7. prefetch 1: a busy worker gets nothing more until it acks; the free one takes the rest', async () => {
    const { channel, connection, run } = await setup();
    const slowCh = await connection.createChannel();
    await channel.assertQueue('jobs');
    await slowCh.prefetch(1);
    await channel.prefetch(1);
    const slow: AmqpMessage[] = [];
    await slowCh.consume('jobs', (m) => m && slow.push(m)); // never acks
    const fast = await record(channel, 'jobs');
    for (let i = 1; i <= 5; i++) channel.sendToQueue('jobs', body(String(i)));
    await run();
    expect(texts(slow)).toEqual(['1']);
    expect(texts(fast)).toEqual(['2', '3', '4', '5']);
  });

  it('7. prefetch 0 means unlimited: every message goes out unacked', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('jobs');
    await channel.prefetch(0);
    const got = await record(channel, 'jobs', { ack: false });
    for (let i = 0; i < 50; i++) channel.sendToQueue('jobs', body(String(i)));
    await run();
    expect(got).toHaveLength(50);
  });

  it('8. autoAck (noAck): once sent the message is done, so a consumer crash loses it', async () => {
    const { broker, run } = startVirtualBroker();
    const worker = await broker.modulesFor('worker').amqplib.connect();
    worker.on('error', () => undefined);
    const wch = await worker.createChannel();
    await wch.assertQueue('tasks');
    const got = await record(wch, 'tasks', { noAck: true });
    wch.sendToQueue('tasks', body('t1'));
    await run();
    expect(texts(got)).toEqual(['t1']);
    broker.crash('worker');
    const other = await (await broker.modulesFor('other').amqplib.connect()).createChannel();
    expect(await other.checkQueue('tasks')).toMatchObject({ messageCount: 0 });
  });

  it('9. channel closes with unacked messages → requeued, redelivered=true to another consumer', async () => {
    const { channel, connection, run } = await setup();
    await channel.assertQueue('q');
    const first = await record(channel, 'q', { ack: false });
    channel.sendToQueue('q', body('m1'));
    await run();
    expect(first[0]!.fields.redelivered).toBe(false);
    const second = await connection.createChannel();
    const got = await record(second, 'q');
    await channel.close();
    await run();
    expect(got.map((m) => [m.content.toString(), m.fields.redelivered])).toEqual([['m1', true]]);
  });

  it('10. nack with requeue=true → back to the head and redelivered', async () => {
    const { channel, run, events } = await setup();
    await channel.assertQueue('q');
    const seen: [string, boolean][] = [];
    await channel.consume('q', (m) => {
      if (!m) return;
      seen.push([m.content.toString(), m.fields.redelivered]);
      if (!m.fields.redelivered) channel.nack(m, false, true);
      else channel.ack(m);
    });
    channel.sendToQueue('q', body('a'));
    channel.sendToQueue('q', body('b'));
    await run();
    expect(seen).toEqual([
      ['a', false],
      ['b', false],
      ['a', true],
      ['b', true],
    ]);
    expect(events.filter((e) => e.kind === 'requeued')).toHaveLength(2);
  });

  it('10. nack with requeue=false and no DLX → discarded', async () => {
    const { channel, run, events } = await setup();
    await channel.assertQueue('q');
    await channel.consume('q', (m) => m && channel.nack(m, false, false));
    channel.sendToQueue('q', body('gone'));
    await run();
    expect(await channel.checkQueue('q')).toMatchObject({ messageCount: 0 });
    expect(events.find((e) => e.kind === 'dropped')).toMatchObject({ reason: 'rejected' });
  });

  it('11. acking the same delivery tag twice → channel error PRECONDITION_FAILED unknown delivery tag', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    channel.sendToQueue('q', body('x'));
    await run();
    const m = await channel.get('q');
    if (!m) throw new Error('expected a message');
    const errors: Error[] = [];
    let closed = false;
    channel.on('error', (e: Error) => errors.push(e));
    channel.on('close', () => (closed = true));
    channel.ack(m);
    channel.ack(m);
    await run();
    expect(errors.map((e) => [e.message, (e as Error & { code: number }).code])).toEqual([
      [
        'Channel closed by server: 406 (PRECONDITION-FAILED) with message "PRECONDITION_FAILED - unknown delivery tag 1"',
        406,
      ],
    ]);
    expect(closed).toBe(true);
    expect(() => channel.ack(m)).toThrow('Channel closed');
    await expect(channel.checkQueue('q')).rejects.toThrow('Channel closed');
  });

  it('11. ack with multiple=true covers every tag up to the given one', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    const got = await record(channel, 'q', { ack: false });
    for (let i = 0; i < 3; i++) channel.sendToQueue('q', body(String(i)));
    await run();
    channel.ack(got[1]!, true);
    await run();
    expect(channel.unacked.size).toBe(1);
    channel.ack(got[2]!);
    expect(channel.unacked.size).toBe(0);
  });

  it('12. reject without requeue → DLX with x-death reason rejected', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('dlx', 'fanout', { durable: false });
    await channel.assertQueue('dead');
    await channel.bindQueue('dead', 'dlx', '');
    await channel.assertQueue('work', { deadLetterExchange: 'dlx' });
    await channel.consume('work', (m) => m && channel.reject(m, false));
    channel.sendToQueue('work', body('bad'), { headers: { a: 1 } });
    await run();
    const dead = await channel.get('dead');
    if (!dead) throw new Error('expected a dead letter');
    expect(dead.fields).toMatchObject({ exchange: 'dlx', routingKey: 'work' });
    expect(dead.properties.headers).toMatchObject({
      a: 1,
      'x-death': [
        { count: 1, reason: 'rejected', queue: 'work', exchange: '', 'routing-keys': ['work'] },
      ],
      'x-first-death-reason': 'rejected',
      'x-first-death-queue': 'work',
      'x-first-death-exchange': '',
    });
  });

  it('12. max-length overflow → the oldest is dead-lettered with reason maxlen', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('dead');
    await channel.assertQueue('small', {
      maxLength: 2,
      deadLetterExchange: '',
      deadLetterRoutingKey: 'dead',
    });
    for (const t of ['1', '2', '3']) channel.sendToQueue('small', body(t));
    await run();
    expect(await channel.checkQueue('small')).toMatchObject({ messageCount: 2 });
    const dead = await channel.get('dead');
    if (!dead) throw new Error('expected a dead letter');
    expect(dead.content.toString()).toBe('1');
    expect((dead.properties.headers['x-death'] as { reason: string }[])[0]!.reason).toBe('maxlen');
  });

  it('12. deleting a whole queue does not dead-letter its messages', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('dead');
    await channel.assertQueue('tmp', { deadLetterExchange: '', deadLetterRoutingKey: 'dead' });
    channel.sendToQueue('tmp', body('x'));
    await run();
    expect(await channel.deleteQueue('tmp')).toEqual({ messageCount: 1 });
    expect(await channel.checkQueue('dead')).toMatchObject({ messageCount: 0 });
  });

  it('12. a whole queue expiring (x-expires) does not dead-letter its messages', async () => {
    const { channel, run, scheduler, events } = await setup();
    const options = { expires: 500, deadLetterExchange: '', deadLetterRoutingKey: 'dead' };
    await channel.assertQueue('dead');
    await channel.assertQueue('idle', options);
    channel.sendToQueue('idle', body('x'));
    await run(scheduler.now() + 400);
    await channel.assertQueue('idle', options); // redeclaring renews the lease
    await run(scheduler.now() + 499);
    expect(await channel.checkQueue('idle')).toMatchObject({ messageCount: 1 });
    await run(scheduler.now() + 600);
    expect(events.find((e) => e.kind === 'dropped' && e.payload === 'x')).toMatchObject({
      reason: 'queue-expired',
    });
    expect(await channel.checkQueue('dead')).toMatchObject({ messageCount: 0 });
    channel.on('error', () => undefined);
    await expect(channel.checkQueue('idle')).rejects.toThrow(/404/);
  });

  it('13. TTL: the lower of queue TTL and per-message expiration wins; expiry → DLX reason expired', async () => {
    const { channel, run, scheduler } = await setup();
    await channel.assertQueue('dead');
    await channel.assertQueue('ttl', {
      messageTtl: 1000,
      deadLetterExchange: '',
      deadLetterRoutingKey: 'dead',
    });
    channel.sendToQueue('ttl', body('short'), { expiration: '200' });
    await run(scheduler.now() + 199);
    expect(await channel.checkQueue('ttl')).toMatchObject({ messageCount: 1 });
    await run(scheduler.now() + 1);
    expect(await channel.checkQueue('ttl')).toMatchObject({ messageCount: 0 });
    channel.sendToQueue('ttl', body('long'), { expiration: '5000' });
    await run(scheduler.now() + 1000);
    expect(await channel.checkQueue('ttl')).toMatchObject({ messageCount: 0 });
    const first = await channel.get('dead');
    if (!first) throw new Error('expected a dead letter');
    expect(first.properties.expiration).toBeUndefined();
    expect((first.properties.headers['x-death'] as Record<string, unknown>[])[0]).toMatchObject({
      reason: 'expired',
      'original-expiration': '200',
    });
  });

  it('13. an expired message behind an unexpired head leaves only when it reaches the head', async () => {
    const { channel, run, scheduler, events } = await setup();
    await channel.assertQueue('q');
    channel.sendToQueue('q', body('no-ttl'));
    channel.sendToQueue('q', body('short'), { expiration: '10' });
    await run(scheduler.now() + 100);
    expect(events.filter((e) => e.kind === 'expired')).toHaveLength(0);
    expect(await channel.checkQueue('q')).toMatchObject({ messageCount: 2 });
    const got = await record(channel, 'q');
    await run();
    expect(texts(got)).toEqual(['no-ttl']);
    expect(events.filter((e) => e.kind === 'expired')).toHaveLength(1);
  });

  it('14. restart: durable queue keeps persistent messages; transient queue and messages are gone', async () => {
    const { broker, channel, connection, run } = await setup();
    connection.on('error', () => undefined);
    await channel.assertQueue('durable-q', { durable: true });
    await channel.assertQueue('transient-q', { durable: false });
    channel.sendToQueue('durable-q', body('kept'), { persistent: true });
    channel.sendToQueue('durable-q', body('lost'));
    channel.sendToQueue('transient-q', body('lost-too'), { persistent: true });
    await run();
    broker.restart();
    await run();
    const ch = await (await broker.amqp.connect()).createChannel();
    expect(await ch.checkQueue('durable-q')).toMatchObject({ messageCount: 1 });
    expect(((await ch.get('durable-q')) as AmqpMessage<unknown>).content.toString()).toBe('kept');
    const errors: Error[] = [];
    ch.on('error', (e: Error) => errors.push(e));
    await expect(ch.checkQueue('transient-q')).rejects.toThrow(/404 \(NOT-FOUND\)/);
  });

  it('15. publishes on one channel keep their order in the queue', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    for (let i = 0; i < 100; i++) channel.sendToQueue('q', body(String(i)));
    const got = await record(channel, 'q');
    await run();
    expect(texts(got)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
  });
});
