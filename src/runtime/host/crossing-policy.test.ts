import { describe, expect, it } from 'vitest';
import { createBroker } from '../../broker';
import { encodeValue, type CodecHooks } from '../protocol';
import { hostFunctionMayCross, isConstructor } from './crossing-policy';

/** Host-side encoding hooks with the policy; records which functions were handed out. */
function hostHooks(): CodecHooks & { handed: unknown[] } {
  const handed: unknown[] = [];
  return {
    handed,
    functionId: (fn) => handed.push(fn),
    remoteFunction: () => () => undefined,
    remoteIdentity: () => undefined,
    localRef: () => undefined,
    localObject: () => undefined,
    bytes: (b) => b,
    mayCross: hostFunctionMayCross,
  };
}

describe('which host functions may cross to the guest', () => {
  it("lets the broker's plain helpers cross: arrows and methods of plain objects", () => {
    const hooks = hostHooks();
    const resolveOffset = (): void => undefined;
    const heartbeat = (): Promise<void> => Promise.resolve();
    const batch = { isEmpty: () => true, lastOffset() {} };
    encodeValue({ resolveOffset, heartbeat, batch, list: [resolveOffset] }, hooks);
    encodeValue(() => undefined, hooks);
    // The hooks here do not dedupe: resolveOffset is handed out twice.
    expect(hooks.handed).toHaveLength(6);
  });

  it('never lets Function, eval, built-ins, classes, constructors or bound functions cross', () => {
    const hooks = hostHooks();
    const broker = createBroker({ seed: 1 });
    const { ioredis, kafkajs } = broker.modulesFor('policy');
    function oldStyle(): void {
      // A `function` has a prototype object: it can be called with `new`.
    }
    const dangerous = {
      Function,
      eval: globalThis.eval,
      Object,
      lookup: Reflect.get(Object.prototype, '__lookupGetter__') as unknown,
      Redis: ioredis.default,
      Kafka: kafkajs.Kafka,
      oldStyle,
      bound: ((): void => undefined).bind(null),
      asyncFunction: (
        Object.getPrototypeOf(async () => Promise.resolve()) as { constructor: unknown }
      ).constructor,
    };
    const encoded = encodeValue(dangerous, hooks) as { v: Record<string, unknown> };
    expect(hooks.handed).toEqual([]);
    for (const value of Object.values(encoded.v)) expect(value).toEqual({ t: 'u' });
    for (const fn of Object.values(dangerous)) {
      expect(encodeValue(fn, hooks)).toEqual({ t: 'u' });
    }
    expect(isConstructor(Function as unknown as () => unknown)).toBe(true);
    expect(isConstructor(() => undefined)).toBe(false);
    broker.close();
  });

  it('keeps functions found on class instances, errors and Maps (broker internals) at home', () => {
    const hooks = hostHooks();
    class Internal {
      readonly callback = (): void => undefined;
      readonly data = 1;
    }
    const error = Object.assign(new Error('x'), { retry: () => undefined });
    const encoded = encodeValue(
      { internal: new Internal(), error, map: new Map([['f', () => undefined]]) },
      hooks,
    );
    expect(hooks.handed).toEqual([]);
    expect(JSON.stringify(encoded)).toContain('"data":1');
  });
});
