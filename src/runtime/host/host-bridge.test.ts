import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom, toArray } from 'rxjs';
import { createBroker, surfacesOf } from '../../broker';
import { createRemoteSchema, type EncodedValue, type HostMessage } from '../protocol';
import { playbackScheduler, simulatedBroker } from './broker-adapter';
import { HostBridge, type HostBridgeEvents } from './host-bridge';
import { toHostBuffer } from './host-buffer';
import { inProcessTransport } from './in-process-transport';
import { startRun } from './start-run';

declare global {
  // Set only if an attack reached a host Function: every test asserts it never is.
  var __pwned: unknown;
}

const payload = 'globalThis.__pwned = 1';
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Has the guest make a lazy ioredis client as ref `ref`, as `new Redis({ lazyConnect })` does. */
function newRedis(bridge: HostBridge, ref: number): void {
  bridge.handle({
    t: 'new',
    ref,
    module: 'ioredis',
    path: ['default'],
    args: [{ t: 'o', v: { lazyConnect: true } }],
  });
}

/** A HostBridge on a real simulated broker, driven by hand as a hostile guest would. */
function attacker() {
  const broker = createBroker({ seed: 1 });
  const { ioredis, amqplib, kafkajs } = broker.modulesFor('evil');
  const sent: HostMessage[] = [];
  const failures: { name: string; message: string; stack: string }[] = [];
  const lines: [string, string][] = [];
  const events: HostBridgeEvents = {
    ready: () => undefined,
    output: (level, text) => lines.push([level, text]),
    outputCapped: () => undefined,
    uncaught: (error) => failures.push(error),
    pong: () => undefined,
    exit: () => undefined,
    timer: () => undefined,
    timerClear: () => undefined,
    settled: () => undefined,
  };
  const bridge = new HostBridge(
    createRemoteSchema(surfacesOf()),
    { ioredis, amqplib, kafkajs },
    (m) => sent.push(structuredClone(m)),
    events,
    toHostBuffer,
  );
  let nextCall = 1;
  /** Sends a call that wants an answer; resolves with the host's `result`. */
  const request = async (message: Record<string, unknown>) => {
    const callId = nextCall++;
    bridge.handle({ t: 'call', args: [], ...message, callId });
    await nextTurn();
    const result = sent.find(
      (m): m is Extract<HostMessage, { t: 'result' }> => m.t === 'result' && m.callId === callId,
    );
    if (!result) throw new Error(`no result for call ${callId}`);
    return result;
  };
  const refusal = async (message: Record<string, unknown>): Promise<string> => {
    const result = await request(message);
    expect(result.ok).toBe(false);
    const error = result.value as Extract<EncodedValue, { t: 'e' }>;
    return `${error.name}: ${error.message}`;
  };
  return { broker, bridge, sent, failures, lines, request, refusal };
}

afterEach(() => {
  expect(globalThis.__pwned).toBeUndefined();
});

describe('HostBridge against a hostile guest', () => {
  it('refuses every inherited, internal or accessor name on a client, never reaching Function', async () => {
    const { bridge, request, refusal, failures, broker } = attacker();
    newRedis(bridge, 1);
    const names = [
      '__lookupGetter__',
      '__defineGetter__',
      '__lookupSetter__',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'propertyIsEnumerable',
      'toString',
      'valueOf',
      'processCrashed',
      'connectionLost',
      'status',
      'options',
      '_secret',
      '#field',
    ];
    for (const name of names) {
      expect(await refusal({ target: { ref: 1 }, method: name, args: [payload] })).toBe(
        `TypeError: ${name} is not a function of Redis in the simulator`,
      );
    }
    // A declared method still works.
    const disconnected = await request({ target: { ref: 1 }, method: 'disconnect' });
    expect(disconnected).toMatchObject({ ok: true, value: { t: 'u' } });
    expect(failures).toEqual([]);
    broker.close();
  });

  it('refuses an accessor of a channel, and a consumer getter, without running them', async () => {
    const { bridge, refusal, request, broker } = attacker();
    const connected = await request({
      target: { module: 'amqplib', path: ['connect'] },
      method: null,
      resultRef: 1,
    });
    expect(connected.ok).toBe(true);
    expect((await request({ target: { ref: 1 }, method: 'createChannel', resultRef: 2 })).ok).toBe(
      true,
    );
    expect(await refusal({ target: { ref: 2 }, method: 'model' })).toBe(
      'TypeError: model is not a function of AmqpChannel in the simulator',
    );
    expect(await refusal({ target: { ref: 2 }, method: 'deliver' })).toMatch(
      /deliver is not a function of AmqpChannel/,
    );
    expect((await request({ target: { ref: 2 }, method: 'assertQueue', args: ['q'] })).ok).toBe(
      true,
    );
    bridge.handle({
      t: 'new',
      ref: 3,
      module: 'kafkajs',
      path: ['Kafka'],
      args: [{ t: 'o', v: { brokers: { t: 'a', v: ['k:9092'] } } }],
    });
    bridge.handle({
      t: 'call',
      target: { ref: 3 },
      method: 'consumer',
      args: [{ t: 'o', v: { groupId: 'g' } }],
      resultRef: 4,
    });
    for (const name of ['topics', 'revoke', 'assign', 'brokerRestarted']) {
      expect(await refusal({ target: { ref: 4 }, method: name })).toBe(
        `TypeError: ${name} is not a function of KafkaConsumer in the simulator`,
      );
    }
    broker.close();
  });

  it('lets a host function ref be called only as itself', async () => {
    const { bridge, request, refusal, broker } = attacker();
    bridge.handle({
      t: 'new',
      ref: 1,
      module: 'kafkajs',
      path: ['Kafka'],
      args: [{ t: 'o', v: { brokers: { t: 'a', v: ['k:9092'] } } }],
    });
    const logger = await request({ target: { ref: 1 }, method: 'logger' });
    const info = (logger.value as unknown as { v: { info: { t: string; id: number } } }).v.info;
    expect(info.t).toBe('f');
    expect(info.id).toBeLessThan(0);
    for (const method of ['constructor', 'call', 'apply', 'bind', 'toString', '__proto__']) {
      expect(await refusal({ target: { ref: info.id }, method, args: [payload] })).toBe(
        `TypeError: ${method} is not a function of a broker function in the simulator`,
      );
    }
    expect((await request({ target: { ref: info.id }, method: null })).ok).toBe(true);
    // A remover is a function ref too.
    bridge.handle({ t: 'call', target: { ref: 1 }, method: 'producer', args: [], resultRef: 2 });
    bridge.handle({
      t: 'call',
      target: { ref: 2 },
      method: 'on',
      args: ['producer.connect', { t: 'f', id: 1 }],
      resultRef: 3,
    });
    expect(await refusal({ target: { ref: 3 }, method: 'constructor', args: [payload] })).toMatch(
      /constructor is not a function of a broker function/,
    );
    expect((await request({ target: { ref: 3 }, method: null })).ok).toBe(true);
    // An object is not a function.
    expect(await refusal({ target: { ref: 1 }, method: null })).toBe(
      'TypeError: Kafka is not a function in the simulator',
    );
    broker.close();
  });

  it('refuses prototype paths to exports, and constructor as an export handed back', async () => {
    const { bridge, sent, refusal, broker } = attacker();
    const paths: [string, string[]][] = [
      ['ioredis', ['default', 'constructor']],
      ['ioredis', ['default', 'prototype', 'constructor']],
      ['ioredis', ['__proto__', 'constructor']],
      ['kafkajs', ['Kafka', 'constructor']],
      ['amqplib', ['connect', 'constructor']],
    ];
    for (const [module, path] of paths) {
      expect(await refusal({ target: { module, path }, method: null, args: [payload] })).toBe(
        `TypeError: ${[module, ...path].join('.')} is not an export of ${module} in the simulator`,
      );
    }
    expect(
      await refusal({
        target: { module: 'constructor', path: ['constructor'] },
        method: null,
        args: [payload],
      }),
    ).toBe("Error: Cannot find module 'constructor'");
    // `new` of a path through the prototype, and of an export that is no class.
    bridge.handle({
      t: 'new',
      ref: 7,
      module: 'ioredis',
      path: ['default', 'constructor'],
      args: [payload],
    });
    bridge.handle({ t: 'new', ref: 8, module: 'amqplib', path: ['connect'], args: [] });
    await nextTurn();
    const asyncErrors = sent
      .filter((m) => m.t === 'async-error')
      .map((m) => (m.error as { message: string }).message);
    expect(asyncErrors).toEqual([
      'ioredis.default.constructor is not an export of ioredis in the simulator',
      'amqplib.connect is not a constructor in the simulator',
    ]);
    // The codec's export reference takes the same road: the call that carried it fails.
    bridge.handle({
      t: 'new',
      ref: 1,
      module: 'kafkajs',
      path: ['Kafka'],
      args: [{ t: 'o', v: { brokers: { t: 'a', v: ['k:9092'] } } }],
    });
    expect(
      await refusal({
        target: { ref: 1 },
        method: 'producer',
        args: [
          {
            t: 'o',
            v: { createPartitioner: { t: 'x', module: 'kafkajs', path: ['Kafka', 'constructor'] } },
          },
        ],
      }),
    ).toBe('TypeError: kafkajs.Kafka.constructor is not an export of kafkajs in the simulator');
    broker.close();
  });

  it('answers forged calls with clear errors, and garbage values with a failed call', async () => {
    const { bridge, refusal, failures, broker } = attacker();
    expect(await refusal({ target: { ref: 999 }, method: 'get' })).toBe(
      'Error: this object is no longer available',
    );
    expect(await refusal({ target: { ref: -999 }, method: null })).toBe(
      'Error: this object is no longer available',
    );
    newRedis(bridge, 1);
    expect(await refusal({ target: { ref: 1 }, method: 'get', args: [{ t: 'o', v: 5 }] })).toMatch(
      /^MalformedValueError: .*'v' must be an object of fields/,
    );
    expect(await refusal({ target: { ref: 1 }, method: 'get', args: [{ t: 'r' }] })).toMatch(
      /ref id must be an integer/,
    );
    expect(failures).toEqual([]);
    broker.close();
  });

  it('fails the service on a malformed message instead of throwing, then ignores it', () => {
    const cases: [unknown, string][] = [
      [null, 'expected an object, got null'],
      [42, 'expected an object, got a number'],
      ['call', 'expected an object, got the string "call"'],
      [[], 'expected an object, got an array'],
      [{ t: 'call', method: 'get', args: [] }, "'call' needs a target object"],
      [
        { t: 'call', target: { ref: 1.5 }, method: 'get', args: [] },
        "'call' target ref must be a non-zero whole number",
      ],
      [
        { t: 'output', level: 'system', text: 'The broker says: all clear' },
        "'output' level must be log, info, warn or error",
      ],
      [{ t: 'output', level: 'log', text: 5 }, "'output' text must be a string"],
    ];
    for (const [message, reason] of cases) {
      const { bridge, failures, lines, broker } = attacker();
      expect(() => bridge.handle(message)).not.toThrow();
      expect(failures).toEqual([
        {
          name: 'Error',
          message: `the service sent a malformed message to the broker: ${reason}`,
          stack: `Error: the service sent a malformed message to the broker: ${reason}`,
          origin: 'uncaught',
        },
      ]);
      bridge.handle({ t: 'output', level: 'log', text: 'after' });
      expect(lines).toEqual([]);
      broker.close();
    }
  });

  it('fails the service when it reuses a ref number or names a result ref for plain data', async () => {
    const { bridge, failures, broker } = attacker();
    newRedis(bridge, 1);
    bridge.handle({ t: 'new', ref: 1, module: 'ioredis', path: ['default'], args: [] });
    expect(failures.map((f) => f.message)).toEqual([
      'the service sent a malformed message to the broker: ref 1 is already in use',
    ]);
    const second = attacker();
    newRedis(second.bridge, 1);
    second.bridge.handle({
      t: 'call',
      target: { ref: 1 },
      method: 'get',
      args: ['k'],
      resultRef: 2,
    });
    await nextTurn();
    expect(second.failures.map((f) => f.message)).toEqual([
      'the service sent a malformed message to the broker: resultRef on a call that makes no remote object',
    ]);
    broker.close();
    second.broker.close();
  });

  it('ends a service on any uncaught, and cuts a huge line saying so', () => {
    const { bridge, failures, lines, broker } = attacker();
    bridge.handle({ t: 'output', level: 'log', text: 'x'.repeat(50_000) });
    const note = '… [truncated: the line had 50,000 characters]';
    expect(lines[0]?.[1]).toBe(`${'x'.repeat(10_000 - note.length)}${note}`);
    bridge.handle({ t: 'uncaught', message: 'boom' });
    expect(failures).toEqual([
      { t: 'uncaught', name: 'Error', message: 'boom', stack: 'Error: boom', origin: 'uncaught' },
    ]);
    broker.close();
  });

  it('a failed decode of a callback answer rejects the callback, not the host', async () => {
    const { bridge, sent, broker } = attacker();
    newRedis(bridge, 1);
    bridge.handle({
      t: 'call',
      target: { ref: 1 },
      method: 'on',
      args: ['ready', { t: 'f', id: 1 }],
    });
    // Connecting makes the client emit 'ready', which the host hands to the guest's listener.
    bridge.handle({ t: 'call', target: { ref: 1 }, method: 'connect', args: [] });
    for (let turn = 0; turn < 20 && !sent.some((m) => m.t === 'invoke'); turn++) await nextTurn();
    const invoke = sent.find((m) => m.t === 'invoke');
    expect(invoke).toBeDefined();
    expect(() =>
      bridge.handle({
        t: 'invoked',
        invokeId: (invoke as { invokeId: number }).invokeId,
        ok: true,
        value: { t: 'nope' },
      }),
    ).not.toThrow();
    broker.close();
  });
});

describe('a hostile sandbox through the whole RPC path', () => {
  it('gets only TypeErrors from the host, and never runs code in it', async () => {
    // Object.prototype's names never leave the guest (its proxies answer them as a plain object
    // would; guest-bridge.test.ts), so they are sent here as the raw messages a forged port
    // would carry, next to a name the proxy does send.
    const code = `
      import Redis from 'ioredis';
      const redis = new Redis({ lazyConnect: true });
      (async () => {
        for (const name of ['__lookupGetter__', '__defineGetter__', '__proto__', 'constructor',
            'hasOwnProperty', 'toString', 'valueOf']) {
          console.log(typeof redis[name] === 'function' ? 'local ' + name : 'no ' + name);
        }
        try {
          await redis.processCrashed();
        } catch (error) {
          console.log(error.message);
        }
        console.log('done');
      })();
    `;
    const session = startRun(
      {
        manifest: {
          id: 'evil',
          title: 'Evil',
          description: 'Evil',
          model: 'redis',
          services: [{ name: 'evil', file: 'evil.ts' }],
          open: ['evil.ts'],
        },
        files: { 'evil.ts': code },
      },
      { quietMs: 400, seed: 1 },
      {
        spawn: () => inProcessTransport(),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      },
    );
    const lines = (await firstValueFrom(session.output$.pipe(toArray()))).map((l) => l.text);
    expect(lines).toEqual([
      'local __lookupGetter__',
      'local __defineGetter__',
      'no __proto__',
      'local constructor',
      'local hasOwnProperty',
      'local toString',
      'local valueOf',
      'processCrashed is not a function of Redis in the simulator',
      'done',
    ]);
    expect(globalThis.__pwned).toBeUndefined();
  });
});
