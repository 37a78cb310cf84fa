import { afterAll, describe, expect, it } from 'vitest';
import { createBroker, surfacesOf } from '../../broker';
import { createRemoteSchema } from '../protocol';
import { findMethod, isForbiddenMethodName } from './callable-surface';
import { liveRemoteObjects } from './live-remote-objects';

const schema = createRemoteSchema(surfacesOf());
const remoteClasses = schema.classes;
const broker = createBroker({ seed: 1 });
afterAll(() => broker.close());

/** One live simulated object (or several: plain and confirm channels) per remote class. */
async function instances(): Promise<Record<string, object[]>> {
  const live = await liveRemoteObjects(broker);
  const [subscription] = (live['NatsSubscription'] ?? []) as AsyncIterable<unknown>[];
  // What `for await` over a NATS subscription opens on the host.
  const iterator = subscription?.[Symbol.asyncIterator]();
  return { ...live, AsyncIteratorOfHost: iterator ? [iterator] : [], Unknown: [] };
}

describe('the declared callable surface', () => {
  it('covers every remote class, and every method in it is a function of the simulated class', async () => {
    const live = await instances();
    expect(Object.keys(live).sort()).toEqual(Object.keys(remoteClasses).sort());
    for (const [className, spec] of Object.entries(remoteClasses)) {
      for (const name of spec.callable) {
        const found = (live[className] ?? []).filter((target) => {
          try {
            return typeof findMethod(schema, target, className, name) === 'function';
          } catch {
            return false;
          }
        });
        expect(found.length, `${className}.${name}`).toBeGreaterThan(0);
      }
    }
    // Every plain channel method is on a plain channel too; only confirms need a confirm channel.
    const [plain] = live['AmqpChannel'] ?? [];
    for (const name of remoteClasses['AmqpChannel']?.callable ?? []) {
      if (name === 'waitForConfirms') continue;
      expect(typeof findMethod(schema, plain as object, 'AmqpChannel', name)).toBe('function');
    }
  });

  it('names nothing forbidden, and gives every callable method, and nothing else, a shape', () => {
    for (const [className, spec] of Object.entries(remoteClasses)) {
      expect(spec.callable.filter(isForbiddenMethodName), className).toEqual([]);
      expect(Object.keys(spec.methods).sort(), className).toEqual([...spec.callable].sort());
    }
  });

  it('has no prototype in any lookup table, so inherited names answer nothing', () => {
    expect(Object.getPrototypeOf(remoteClasses)).toBeNull();
    for (const spec of Object.values(remoteClasses)) {
      expect(Object.getPrototypeOf(spec.methods)).toBeNull();
      if (spec.props) expect(Object.getPrototypeOf(spec.props)).toBeNull();
    }
    expect(remoteClasses['constructor']).toBeUndefined();
  });
});

describe('findMethod', () => {
  it('refuses inherited, internal, private and odd names, with the class in the message', async () => {
    const live = await instances();
    const redis = live['Redis']?.[0] as object;
    const names = [
      '__lookupGetter__',
      '__defineGetter__',
      '__defineSetter__',
      '__proto__',
      'constructor',
      'hasOwnProperty',
      'isPrototypeOf',
      'toString',
      'valueOf',
      'toLocaleString',
      'call',
      'apply',
      'bind',
      'processCrashed',
      'connectionLost',
      'receive',
      'becomeReady',
      'command',
      '_private',
      '#secret',
      'Symbol(Symbol.iterator)',
      '@@iterator',
      'status',
      'pipeline',
    ];
    for (const name of names) {
      expect(() => findMethod(schema, redis, 'Redis', name), name).toThrow(
        new TypeError(`${name} is not a function of Redis in the simulator`),
      );
    }
    const consumer = live['KafkaConsumer']?.[0] as object;
    for (const name of ['revoke', 'assign', 'brokerRestarted', 'topics']) {
      expect(() => findMethod(schema, consumer, 'KafkaConsumer', name)).toThrow(
        /not a function of KafkaConsumer/,
      );
    }
  });

  it('never runs a getter, even one named like a declared method', () => {
    let ran = false;
    class Sneaky {
      get publish(): () => void {
        ran = true;
        return () => undefined;
      }
    }
    expect(() => findMethod(schema, new Sneaky(), 'AmqpChannel', 'publish')).toThrow(
      'publish is not a function of AmqpChannel in the simulator',
    );
    const own = Object.defineProperty({}, 'ack', {
      get: () => {
        ran = true;
        return () => undefined;
      },
    });
    expect(() => findMethod(schema, own, 'AmqpChannel', 'ack')).toThrow(/not a function/);
    expect(ran).toBe(false);
  });

  it('does not look past the class chain into Object.prototype', () => {
    const bare = Object.create(null) as object;
    expect(() => findMethod(schema, bare, 'Redis', 'get')).toThrow(/not a function of Redis/);
    expect(() => findMethod(schema, {}, 'Unknown', 'get')).toThrow(/not a function of Unknown/);
    expect(() => findMethod(schema, {}, 'NoSuchClass', 'get')).toThrow(
      /not a function of NoSuchClass/,
    );
  });
});
