import { describe, expect, it } from 'vitest';
import {
  attachIdentity,
  decodeValue,
  encodeValue,
  identityOf,
  MalformedValueError,
  type CodecHooks,
  type EncodedValue,
} from './index';

/** Two sides of a bridge with their own tables, as host and guest have. */
function side(): CodecHooks & { fns: Map<number, unknown>; objects: Map<number, object> } {
  const fns = new Map<number, unknown>();
  const objects = new Map<number, object>();
  let next = 1;
  return {
    fns,
    objects,
    functionId: (fn) => {
      const id = next++;
      fns.set(id, fn);
      return id;
    },
    remoteFunction: (id) => Object.assign(() => id, { remoteId: id }),
    remoteIdentity: (value) => {
      const id = identityOf(value);
      return id === undefined ? undefined : { t: 'h', id };
    },
    localRef: (id) => fns.get(id),
    localObject: (id) => objects.get(id),
    bytes: (data) => Uint8Array.from(data),
    receivedIdentity: (value, id) => attachIdentity(value, id),
    identify: (value) => {
      const id = next++;
      objects.set(id, value);
      return id;
    },
  };
}

const roundTrip = (value: unknown, from = side(), to = side()) =>
  decodeValue(structuredClone(encodeValue(value, from)), to);

describe('value codec', () => {
  it('round-trips data through structured clone', () => {
    const value = {
      s: 'x',
      n: -0.5,
      b: true,
      none: null,
      missing: undefined,
      big: 10n,
      list: [1, 'two', [3]],
      when: new Date(5),
      map: new Map([['k', { v: 1 }]]),
      set: new Set([1, 2]),
    };
    expect(roundTrip(value)).toEqual(value);
  });

  it("copies only the bytes of a view, and rebuilds them with the receiver's class", () => {
    const pool = new Uint8Array(1024).fill(7);
    const view = pool.subarray(10, 13);
    view.set([104, 105, 33]);
    const encoded = encodeValue({ content: view }, side()) as unknown as {
      t: 'o';
      v: { content: { v: Uint8Array } };
    };
    expect(encoded.v.content.v.buffer.byteLength).toBe(3);
    expect(roundTrip(view)).toEqual(Uint8Array.from([104, 105, 33]));
  });

  it('turns functions into ids the receiver can call back', () => {
    const from = side();
    const callback = () => 'hi';
    const decoded = roundTrip({ eachMessage: callback }, from) as {
      eachMessage: { remoteId: number };
    };
    expect(from.fns.get(decoded.eachMessage.remoteId)).toBe(callback);
  });

  it('gives a top-level object an identity that comes back as the very same object', () => {
    const host = side();
    const guest = side();
    const message = { content: Uint8Array.from([1]), fields: { deliveryTag: 1 } };
    const inGuest = decodeValue(structuredClone(encodeValue(message, host)), guest) as object;
    expect(Object.keys(inGuest)).toEqual(['content', 'fields']);
    const backInHost = decodeValue(structuredClone(encodeValue(inGuest, guest)), host);
    expect(backInHost).toBe(message);
  });

  it("keeps errors' name, message and extra fields", () => {
    const error = Object.assign(new TypeError('bad'), { code: 'E_BAD' });
    const decoded = roundTrip(error) as Error & { code: string };
    expect(decoded).toBeInstanceOf(Error);
    expect([decoded.name, decoded.message, decoded.code]).toEqual(['TypeError', 'bad', 'E_BAD']);
  });

  it('cuts cycles instead of looping', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a['self'] = a;
    expect(roundTrip(a)).toEqual({ name: 'a', self: '[Circular]' });
  });
});

describe('decoding what a hostile sender made', () => {
  const decode = (value: unknown) => decodeValue(value as EncodedValue, side());

  it('throws a clear MalformedValueError on garbage, never a TypeError from inside', () => {
    const garbage: [unknown, RegExp][] = [
      [{ t: 'a' }, /'v' must be an array/],
      [{ t: 'a', v: 'abc' }, /'v' must be an array/],
      [{ t: 'o', v: null }, /'v' must be an object of fields/],
      [{ t: 'o', v: [1] }, /'v' must be an object of fields/],
      [{ t: 'b', v: 'bytes' }, /bytes must be a Uint8Array/],
      [{ t: 'f', id: 'x' }, /function id must be an integer/],
      [{ t: 'r', id: Infinity }, /ref id must be an integer/],
      [{ t: 'h', id: 1.5 }, /identity must be an integer/],
      [{ t: 'x', module: 'kafkajs', path: [{}] }, /path of names/],
      [{ t: 'd', v: '2020' }, /date needs a number/],
      [{ t: 'm', v: [[1]] }, /\[key, value\] pair/],
      [{ t: 'e', name: 1, message: 'm', props: {} }, /string name and message/],
      [{ t: 'e', name: 'E', message: 'm', props: null }, /'props' must be an object/],
      [{ t: 'zz' }, /unknown tag "zz"/],
      [{}, /unknown tag "undefined"/],
      [[1, 2], /bare array/],
      [Symbol('s'), /a symbol cannot cross/],
      [() => 1, /a function cannot cross/],
      [Object.create({ t: 'u' }), /unknown tag/],
    ];
    for (const [value, reason] of garbage) {
      let thrown: unknown;
      try {
        decode(value);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(reason)).toBeInstanceOf(MalformedValueError);
      expect((thrown as Error).message).toMatch(reason);
    }
  });

  it('refuses nesting deeper than anything the encoder makes, without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = { t: 'a', v: [deep] };
    expect(() => decode(deep)).toThrow(/nested deeper than/);
  });

  it('keeps a __proto__ field a plain own field, never the decoded prototype', () => {
    const sent = JSON.parse(
      '{"t":"o","v":{"__proto__":{"t":"o","v":{"polluted":true}},"ok":1}}',
    ) as unknown;
    const decoded = decode(structuredClone(sent)) as Record<string, unknown>;
    expect(Object.getPrototypeOf(decoded)).toBe(Object.prototype);
    expect(decoded['polluted']).toBeUndefined();
    expect(Object.keys(decoded)).toEqual(['__proto__', 'ok']);
    const error = decode(
      JSON.parse(
        '{"t":"e","name":"E","message":"m","props":{"__proto__":{"t":"o","v":{"x":1}}}}',
      ) as unknown,
    ) as Error;
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
  });

  it('lets a hook refuse a function: it then arrives as undefined', () => {
    const from = {
      ...side(),
      mayCross: (_fn: unknown, holder: object | undefined) => holder !== undefined,
    };
    const encoded = encodeValue({ ok: () => 1 }, from);
    expect(JSON.stringify(encodeValue(() => 1, from))).toBe('{"t":"u"}');
    expect((encoded as unknown as { v: { ok: { t: string } } }).v.ok.t).toBe('f');
  });
});
