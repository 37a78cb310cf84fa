import { describe, expect, it } from 'vitest';
// The test plays the host, which sends the broker's surfaces in `start`; the guest itself never
// loads the broker.
// eslint-disable-next-line no-restricted-imports
import { surfacesOf } from '../../broker';
import { createRemoteSchema, type GuestMessage } from '../protocol';
import { GuestBridge } from './guest-bridge';

function bridge() {
  const sent: GuestMessage[] = [];
  const uncaught: unknown[] = [];
  const guest = new GuestBridge(
    (m) => sent.push(m),
    (e) => uncaught.push(e),
    (b) => b,
  );
  // What `start` does: the schema comes from the surfaces the host sends.
  guest.useSchema(createRemoteSchema(structuredClone(surfacesOf())));
  return { guest, sent, uncaught };
}

type Any = Record<string, (...args: unknown[]) => unknown>;

describe('GuestBridge (the numbered commands a service sends)', () => {
  it('constructs with `new` and answers synchronous shapes at once', () => {
    const { guest, sent } = bridge();
    const { Kafka } = guest.buildModule('kafkajs', {
      kind: 'namespace',
      members: {
        Kafka: { kind: 'function' },
        logLevel: { kind: 'value', value: { t: 'o', v: { ERROR: 1 } } },
      },
    }) as { Kafka: new (config: unknown) => Any; logLevel: unknown };
    const kafka = new Kafka({ clientId: 'shop' });
    const producer = kafka['producer']!() as Any & { then?: unknown; events: unknown };
    // A proxy must not look like a promise, or `await producer` would hang.
    expect(producer.then).toBeUndefined();
    expect(producer.events).toMatchObject({ CONNECT: 'producer.connect' });
    expect(sent).toEqual([
      {
        t: 'new',
        ref: 1,
        module: 'kafkajs',
        path: ['Kafka'],
        args: [{ t: 'o', v: { clientId: 'shop' } }],
      },
      { t: 'call', target: { ref: 1 }, method: 'producer', args: [], resultRef: 2 },
    ]);
  });

  it("answers Object.prototype's names itself: a client turns into text, nothing is sent", () => {
    const { guest, sent } = bridge();
    const { Kafka } = guest.buildModule('kafkajs', {
      kind: 'namespace',
      members: { Kafka: { kind: 'function' } },
    }) as { Kafka: new (config: unknown) => Any };
    const kafka = new Kafka({ clientId: 'shop' });
    sent.length = 0;
    expect(Object.prototype.toString.call(kafka)).toBe('[object Object]');
    expect(`${kafka as unknown as string}`).toBe('[object Object]');
    expect(Reflect.get(kafka, 'hasOwnProperty')).toBe(
      Reflect.get(Object.prototype, 'hasOwnProperty'),
    );
    expect(Reflect.get(kafka, 'constructor')).toBe(Object);
    expect(sent).toEqual([]);
  });

  it('throws at the call for a method the simulated class does not offer, sending nothing', () => {
    const { guest, sent } = bridge();
    const { Kafka } = guest.buildModule('kafkajs', {
      kind: 'namespace',
      members: { Kafka: { kind: 'function' } },
    }) as { Kafka: new (config: unknown) => Any };
    const kafka = new Kafka({ clientId: 'shop' });
    sent.length = 0;
    expect(() => kafka['listGroupsEverywhere']!()).toThrow(
      /listGroupsEverywhere is not a function of Kafka in the simulator/,
    );
    expect(sent).toEqual([]);
  });

  it('returns true from channel.publish and undefined from ack, sending no callId', async () => {
    const { guest, sent } = bridge();
    const amqp = guest.buildModule('amqplib', {
      kind: 'namespace',
      members: { connect: { kind: 'function' } },
    });
    const connecting = (amqp['default'] as Any)['connect']!('amqp://localhost') as Promise<Any>;
    expect(sent[0]).toMatchObject({
      t: 'call',
      target: { module: 'amqplib', path: ['connect'] },
      callId: 1,
      resultRef: 1,
    });
    guest.receive({ t: 'result', callId: 1, ok: true, value: { t: 'u' } });
    const connection = await connecting;
    const channelPromise = connection['createChannel']!() as Promise<Any>;
    guest.receive({ t: 'result', callId: 2, ok: true, value: { t: 'u' } });
    const channel = await channelPromise;
    expect(channel['publish']!('orders', '', Uint8Array.from([1]))).toBe(true);
    expect(channel['on']!('error', () => undefined)).toBe(channel);
    const message = {};
    expect(channel['ack']!(message)).toBeUndefined();
    expect(sent.slice(2).map((m) => (m.t === 'call' ? [m.method, m.callId] : m.t))).toEqual([
      ['publish', undefined],
      ['on', undefined],
      ['ack', undefined],
    ]);
  });

  it("rejects with the host's error, re-stacked at the reader's call", async () => {
    const { guest } = bridge();
    const redis = guest.buildModule('ioredis', {
      kind: 'namespace',
      members: { default: { kind: 'function' } },
    });
    const Redis = redis['default'] as new () => Any;
    const client = new Redis();
    const pending = client['get']!('k') as Promise<unknown>;
    guest.receive({
      t: 'result',
      callId: 1,
      ok: false,
      value: {
        t: 'e',
        name: 'ReplyError',
        message: 'WRONGTYPE',
        stack: 'ReplyError: WRONGTYPE\n    at host.js:1:1',
        props: {},
      },
    });
    const error = (await pending.catch((e: unknown) => e)) as Error;
    expect(error.name).toBe('ReplyError');
    expect(error.stack).not.toContain('host.js');
    expect(error.stack).toContain('guest-bridge.test.ts');
  });

  it('runs callbacks on invoke: a throw in a listener is uncaught, in eachMessage it is returned', async () => {
    const { guest, sent, uncaught } = bridge();
    const { Kafka } = guest.buildModule('kafkajs', {
      kind: 'namespace',
      members: { Kafka: { kind: 'function' } },
    }) as {
      Kafka: new (c: unknown) => Any;
    };
    const consumer = new Kafka({})['consumer']!({ groupId: 'g' }) as Any;
    void consumer['run']!({
      eachMessage: () => Promise.reject(new Error('retry me')),
    });
    consumer['on']!('consumer.crash', () => {
      throw new Error('listener bug');
    });
    const fnIds = sent.flatMap((m) =>
      m.t === 'call' ? (JSON.stringify(m.args).match(/"t":"f","id":\d+/g) ?? []) : [],
    );
    expect(fnIds).toEqual(['"t":"f","id":1', '"t":"f","id":2']);
    guest.receive({ t: 'invoke', fn: 1, invokeId: 7, args: [] });
    guest.receive({ t: 'invoke', fn: 2, invokeId: 8, args: [] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const answers = sent.filter((m) => m.t === 'invoked');
    expect(answers.map((m) => [m.invokeId, m.ok])).toEqual([
      [8, false],
      [7, false],
    ]);
    expect(uncaught.map((e) => (e as Error).message)).toEqual(['listener bug']);
  });
});

describe('GuestBridge: module exports passed back', () => {
  it("sends an export used as a value as the host's own export, not as a callback", () => {
    const { guest, sent } = bridge();
    const kafkajs = guest.buildModule('kafkajs', {
      kind: 'namespace',
      members: {
        Kafka: { kind: 'function' },
        Partitioners: { kind: 'namespace', members: { LegacyPartitioner: { kind: 'function' } } },
      },
    }) as { Kafka: new (c: unknown) => Any; Partitioners: { LegacyPartitioner: unknown } };
    new kafkajs.Kafka({})['producer']!({
      createPartitioner: kafkajs.Partitioners.LegacyPartitioner,
    });
    expect(sent[1]).toMatchObject({
      method: 'producer',
      args: [
        {
          t: 'o',
          v: {
            createPartitioner: {
              t: 'x',
              module: 'kafkajs',
              path: ['Partitioners', 'LegacyPartitioner'],
            },
          },
        },
      ],
    });
  });
});
