import { describe, expect, it } from 'vitest';
import { attachIdentity, decodeValue, encodeValue, identityOf, type CodecHooks } from './index';

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
