import { describe, expect, it } from 'vitest';
import { startVirtualBroker } from '../core/virtual-run';
import { toBuffer } from '../core/bytes';

async function setup() {
  const vb = startVirtualBroker();
  const connection = await vb.broker.amqp.connect();
  const channel = await connection.createChannel();
  const errors: (Error & { code?: number })[] = [];
  let closed = 0;
  channel.on('error', (e: Error) => errors.push(e));
  channel.on('close', () => closed++);
  return { ...vb, connection, channel, errors, closed: () => closed };
}

describe('amqplib channel errors', () => {
  it('checkQueue on a missing queue rejects with 404 and closes the channel', async () => {
    const { channel, errors, closed } = await setup();
    const failure = channel.checkQueue('nope');
    await expect(failure).rejects.toThrow(
      `Operation failed: QueueDeclare; 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'nope' in vhost '/'"`,
    );
    await expect(failure).rejects.toMatchObject({ code: 404, classId: 50, methodId: 10 });
    expect(errors.map((e) => e.message)).toEqual([
      `Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no queue 'nope' in vhost '/'"`,
    ]);
    expect(closed()).toBe(1);
    expect(() => channel.sendToQueue('q', toBuffer('x'))).toThrow('Channel closed');
    await expect(channel.assertQueue('q')).rejects.toMatchObject({
      name: 'IllegalOperationError',
      message: 'Channel closed',
    });
  });

  it('publishing to a missing exchange closes the channel with 404 (an event, not a throw)', async () => {
    const { channel, errors, run } = await setup();
    expect(channel.publish('missing', 'k', toBuffer('x'))).toBe(true);
    await run();
    expect(errors.map((e) => [e.message, e.code])).toEqual([
      [
        `Channel closed by server: 404 (NOT-FOUND) with message "NOT_FOUND - no exchange 'missing' in vhost '/'"`,
        404,
      ],
    ]);
  });

  it('publishing a string instead of a Buffer throws TypeError content is not a buffer', async () => {
    const { channel } = await setup();
    expect(() => channel.sendToQueue('q', 'text')).toThrow(
      new TypeError('content is not a buffer'),
    );
    expect(() => channel.sendToQueue('q', new Uint8Array([1]))).toThrow('content is not a buffer');
  });

  it('an unknown exchange type closes the whole connection with 503 COMMAND_INVALID', async () => {
    const { connection, channel, run } = await setup();
    const connectionErrors: Error[] = [];
    connection.on('error', (e: Error) => connectionErrors.push(e));
    await expect(channel.assertExchange('x', 'fancy')).rejects.toThrow(
      'Channel ended, no reply will be forthcoming',
    );
    await run();
    expect(connectionErrors.map((e) => e.message)).toEqual([
      `Connection closed: 503 (COMMAND-INVALID) with message "COMMAND_INVALID - unknown exchange type 'fancy'"`,
    ]);
    await expect(connection.createChannel()).rejects.toThrow(
      /^Connection closed \(Error: Connection closed: 503/,
    );
  });

  it('redeclaring a queue with different arguments fails with 406 inequivalent arg', async () => {
    const { channel } = await setup();
    await channel.assertQueue('q', { maxLength: 5 });
    await expect(channel.assertQueue('q')).rejects.toThrow(
      `PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue 'q' in vhost '/': received none but current is the value '5' of type 'byte'`,
    );
  });

  it('redeclaring an exchange with another type fails with 406 inequivalent arg type', async () => {
    const { channel } = await setup();
    await channel.assertExchange('x', 'direct');
    await expect(channel.assertExchange('x', 'fanout')).rejects.toThrow(
      `inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'`,
    );
  });

  it('queue names starting with amq. are reserved (403)', async () => {
    const { channel } = await setup();
    await expect(channel.assertQueue('amq.mine')).rejects.toThrow(
      "ACCESS_REFUSED - queue name 'amq.mine' contains reserved prefix 'amq.*'",
    );
  });

  it('an exclusive queue is locked to its connection (405)', async () => {
    const { broker, channel } = await setup();
    await channel.assertQueue('mine', { exclusive: true });
    const other = await (await broker.amqp.connect()).createChannel();
    other.on('error', () => undefined);
    await expect(other.consume('mine', () => undefined)).rejects.toThrow(/405 \(RESOURCE-LOCKED\)/);
  });

  it('nack of an unknown tag closes the channel with 406 too', async () => {
    const { channel, errors, run } = await setup();
    channel.nack({ fields: { deliveryTag: 42 } } as never);
    await run();
    expect(errors[0]?.message).toContain('PRECONDITION_FAILED - unknown delivery tag 42');
  });
});

describe('amqplib shapes', () => {
  it("assertQueue('') returns a server-named amq.gen- queue", async () => {
    const { channel } = await setup();
    const ok = await channel.assertQueue('', { exclusive: true });
    expect(ok.queue).toMatch(/^amq\.gen-.{22}$/);
    expect(ok).toMatchObject({ messageCount: 0, consumerCount: 0 });
  });

  it('consume resolves { consumerTag }, generated or given; cancel stops deliveries', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    expect((await channel.consume('q', () => undefined)).consumerTag).toMatch(/^amq\.ctag-/);
    const got: string[] = [];
    const { consumerTag } = await channel.consume('q', (m) => m && got.push(m.content.toString()), {
      consumerTag: 'mine',
      noAck: true,
    });
    expect(consumerTag).toBe('mine');
    await channel.cancel('mine');
    channel.sendToQueue('q', toBuffer('x'));
    await run();
    expect(got).toEqual([]);
  });

  it('delivered messages carry fields and every property key, as amqplib decodes them', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    const got: unknown[] = [];
    await channel.consume(
      'q',
      (m) => m && got.push({ fields: m.fields, properties: m.properties }),
      {
        consumerTag: 't',
        noAck: true,
      },
    );
    channel.sendToQueue('q', toBuffer('{}'), {
      persistent: true,
      messageId: 'id-1',
      correlationId: 'c-1',
      contentType: 'application/json',
      headers: { tenant: 'x' },
      expiration: 60000,
    });
    await run();
    expect(got).toEqual([
      {
        fields: {
          consumerTag: 't',
          deliveryTag: 1,
          redelivered: false,
          exchange: '',
          routingKey: 'q',
        },
        properties: {
          contentType: 'application/json',
          contentEncoding: undefined,
          headers: { tenant: 'x' },
          deliveryMode: 2,
          priority: undefined,
          correlationId: 'c-1',
          replyTo: undefined,
          expiration: '60000',
          messageId: 'id-1',
          timestamp: undefined,
          type: undefined,
          userId: undefined,
          appId: undefined,
          clusterId: undefined,
        },
      },
    ]);
  });

  it('get returns false on an empty queue, else a message with messageCount', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    expect(await channel.get('q')).toBe(false);
    channel.sendToQueue('q', toBuffer('a'));
    channel.sendToQueue('q', toBuffer('b'));
    await run();
    const m = await channel.get('q', { noAck: true });
    expect(m && m.fields).toEqual({
      deliveryTag: 1,
      redelivered: false,
      exchange: '',
      routingKey: 'q',
      messageCount: 1,
    });
  });

  it('connection_name in clientProperties names the client in the trace', async () => {
    const { broker, run, events } = startVirtualBroker();
    const { amqplib } = broker.modulesFor('billing');
    const named = await amqplib.connect('amqp://localhost', {
      clientProperties: { connection_name: 'billing-consumer' },
    });
    const unnamed = await amqplib.default.connect();
    await run();
    expect(events.filter((e) => e.kind === 'connected').map((e) => e.from)).toEqual([
      'billing-consumer',
      'billing',
    ]);
    await named.close();
    await unnamed.close();
  });

  it('crash(clientName) drops the connection; its unacked messages are redelivered with redelivered=true', async () => {
    const { broker, run } = startVirtualBroker();
    const worker = await broker.modulesFor('worker').amqplib.connect();
    const seen: string[] = [];
    worker.on('error', (e: Error) => seen.push(`error:${e.message}`));
    worker.on('close', () => seen.push('close'));
    const wch = await worker.createChannel();
    await wch.assertQueue('jobs');
    await wch.consume('jobs', () => undefined); // never acks
    wch.sendToQueue('jobs', toBuffer('j1'));
    await run();
    const backup = await (await broker.modulesFor('backup').amqplib.connect()).createChannel();
    const got: [string, boolean][] = [];
    await backup.consume('jobs', (m) => {
      if (!m) return;
      got.push([m.content.toString(), m.fields.redelivered]);
      backup.ack(m);
    });
    expect(broker.crash('worker')).toBe(1);
    await run();
    expect(got).toEqual([['j1', true]]);
    expect(seen).toEqual(['error:Unexpected close', 'close']);
  });

  it('a confirm channel calls back once the broker has the message; waitForConfirms resolves', async () => {
    const { broker, run } = startVirtualBroker();
    const ch = await (await broker.amqp.connect()).createConfirmChannel();
    await ch.assertQueue('q');
    const acks: (Error | null)[] = [];
    ch.sendToQueue('q', toBuffer('a'), {}, (e) => acks.push(e));
    ch.sendToQueue('q', toBuffer('b'), {}, (e) => acks.push(e));
    const waited = ch.waitForConfirms();
    await run();
    await waited;
    expect(acks).toEqual([null, null]);
  });

  it('x-death counts repeated deaths in the same queue for the same reason', async () => {
    const { broker, run, scheduler } = startVirtualBroker();
    const ch = await (await broker.amqp.connect()).createChannel();
    // A retry loop: work dead-letters to wait; wait's TTL dead-letters back to work.
    await ch.assertQueue('wait', {
      messageTtl: 100,
      deadLetterExchange: '',
      deadLetterRoutingKey: 'work',
    });
    await ch.assertQueue('work', { deadLetterExchange: '', deadLetterRoutingKey: 'wait' });
    const deaths: unknown[] = [];
    await ch.consume('work', (m) => {
      if (!m) return;
      const xDeath = (m.properties.headers['x-death'] ?? []) as {
        queue: string;
        reason: string;
        count: number;
      }[];
      deaths.push(xDeath.map((d) => `${d.queue}:${d.reason}:${d.count}`));
      if (xDeath.length === 0 || xDeath.find((d) => d.queue === 'work')!.count < 2)
        ch.reject(m, false);
      else ch.ack(m);
    });
    ch.sendToQueue('work', toBuffer('retry-me'));
    await run(scheduler.now() + 1000);
    expect(deaths).toEqual([
      [],
      ['wait:expired:1', 'work:rejected:1'],
      ['wait:expired:2', 'work:rejected:2'],
    ]);
  });

  it('a queue without maxLength keeps at most queueCap ready messages, dropping the oldest (overflow)', async () => {
    const { broker, run, events } = startVirtualBroker({ queueCap: 3 });
    const ch = await (await broker.amqp.connect()).createChannel();
    await ch.assertQueue('q');
    for (let i = 1; i <= 5; i++) ch.sendToQueue('q', toBuffer(String(i)));
    await run();
    expect(await ch.checkQueue('q')).toMatchObject({ messageCount: 3 });
    expect(events.filter((e) => e.kind === 'dropped').map((e) => [e.reason, e.payload])).toEqual([
      ['overflow', '1'],
      ['overflow', '2'],
    ]);
  });

  it('headers exchange: x-match all needs every header, any needs one', async () => {
    const { channel, run } = await setup();
    await channel.assertExchange('h', 'headers', { durable: false });
    await channel.assertQueue('all');
    await channel.assertQueue('any');
    await channel.bindQueue('all', 'h', '', { 'x-match': 'all', format: 'pdf', type: 'report' });
    await channel.bindQueue('any', 'h', '', { 'x-match': 'any', format: 'pdf', type: 'report' });
    channel.publish('h', '', toBuffer('both'), { headers: { format: 'pdf', type: 'report' } });
    channel.publish('h', '', toBuffer('one'), { headers: { format: 'pdf' } });
    await run();
    expect(await channel.checkQueue('all')).toMatchObject({ messageCount: 1 });
    expect(await channel.checkQueue('any')).toMatchObject({ messageCount: 2 });
  });

  it('recover requeues every unacked message of the channel as redelivered', async () => {
    const { channel, run } = await setup();
    await channel.assertQueue('q');
    const seen: [string, boolean][] = [];
    await channel.consume('q', (m) => {
      if (!m) return;
      seen.push([m.content.toString(), m.fields.redelivered]);
      if (m.fields.redelivered) channel.ack(m);
    });
    channel.sendToQueue('q', toBuffer('a'));
    await run();
    await channel.recover();
    await run();
    expect(seen).toEqual([
      ['a', false],
      ['a', true],
    ]);
  });
});
