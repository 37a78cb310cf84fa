import type { EncodedValue } from './encoded-value';

/** How one side of the bridge turns its special values into ids and back. */
export interface CodecHooks {
  /** An id for a local function the other side may call back. */
  functionId(fn: (...args: unknown[]) => unknown): number;
  /** The local stand-in for a function the other side owns. */
  remoteFunction(id: number): (...args: unknown[]) => unknown;
  /** If `value` is a stand-in for an object the other side owns (`r` or `h`), its encoding. */
  remoteIdentity(value: object): EncodedValue | undefined;
  /** The object behind a remote ref id (`r`), owned by this side. */
  localRef(id: number): unknown;
  /** The object behind an identity (`h`) this side gave out earlier. */
  localObject(id: number): unknown;
  /** A module export of this side (`x`), e.g. kafkajs `Partitioners.LegacyPartitioner`. */
  localExport?(module: string, path: readonly string[]): unknown;
  /**
   * The host: if `value` is an object of a surface class with copied fields, registers it as
   * a remote object and says under which ref, of which class, with which fields to copy.
   */
  hostObject?(
    value: object,
  ): { id: number; className: string; fields: readonly string[] } | undefined;
  /** The guest: the proxy for the host's remote object `id` of `className`, with its fields. */
  hostObjectProxy?(id: number, className: string, fields: Record<string, unknown>): object;
  /** Turns received bytes into this side's Buffer. */
  bytes(data: Uint8Array): Uint8Array;
  /**
   * Called for objects decoded with an identity, so they can be passed back later.
   * The receiver attaches the id; see {@link attachIdentity}.
   */
  receivedIdentity?(value: object, id: number): void;
  /** Gives a top-level object an identity on this side, if it should have one. */
  identify?(value: object): number | undefined;
  /**
   * Whether a local function may cross at all (the host's rule: sandbox code must never be
   * handed a host constructor, `Function`, or a method reached through a class). `holder` is
   * the object or array it is a property or element of, undefined when it is the value itself.
   * A function that may not cross arrives as `undefined`. Without the hook every one crosses.
   */
  mayCross?(fn: (...args: unknown[]) => unknown, holder: object | undefined): boolean;
}

const maxDepth = 40;

/** Deeper than anything {@link encodeValue} makes (it cuts at {@link maxDepth}). */
const maxDecodeDepth = maxDepth + 8;

/**
 * Encodes `value` for postMessage. Top-level objects may get an identity (via `hooks.identify`)
 * so the other side can hand them back, which is how `channel.ack(msg)` reaches the host's msg.
 */
export function encodeValue(value: unknown, hooks: CodecHooks): EncodedValue {
  return encode(value, hooks, 0, new Set(), undefined);
}

function encode(
  value: unknown,
  hooks: CodecHooks,
  depth: number,
  seen: Set<object>,
  holder: object | undefined,
): EncodedValue {
  const top = holder === undefined;
  if (value === undefined) return { t: 'u' };
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    case 'symbol':
      return value.toString();
    case 'function': {
      // A stand-in for the other side's function goes back as that function.
      const remote = hooks.remoteIdentity(value);
      if (remote !== undefined) return remote;
      const fn = value as (...args: unknown[]) => unknown;
      if (hooks.mayCross && !hooks.mayCross(fn, holder)) return { t: 'u' };
      return { t: 'f', id: hooks.functionId(fn) };
    }
    default:
      break;
  }
  const object = value;
  const remote = hooks.remoteIdentity(object);
  if (remote !== undefined) return remote;
  if (ArrayBuffer.isView(object)) {
    const view = object;
    // Copy: a view may sit on a large shared pool, which postMessage would clone whole.
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength).slice();
    return { t: 'b', v: bytes };
  }
  if (object instanceof ArrayBuffer) return { t: 'b', v: new Uint8Array(object.slice(0)) };
  if (object instanceof Date) return { t: 'd', v: object.getTime() };
  if (depth > maxDepth || seen.has(object)) return '[Circular]';
  seen.add(object);
  try {
    const next = (v: unknown): EncodedValue => encode(v, hooks, depth + 1, seen, object);
    const hostObject = hooks.hostObject?.(object);
    if (hostObject) {
      const fields: Record<string, EncodedValue> = {};
      for (const key of hostObject.fields) {
        fields[key] = next((object as Record<string, unknown>)[key]);
      }
      return { t: 'p', id: hostObject.id, c: hostObject.className, v: fields };
    }
    if (object instanceof Error) {
      const props: Record<string, EncodedValue> = {};
      for (const key of Object.keys(object)) {
        props[key] = next((object as unknown as Record<string, unknown>)[key]);
      }
      // Coerced: code may set any value as an error's name or message; the receiver checks.
      const error = {
        t: 'e' as const,
        name: String(object.name),
        message: String(object.message),
        props,
      };
      return typeof object.stack === 'string' ? { ...error, stack: object.stack } : error;
    }
    if (Array.isArray(object)) return { t: 'a', v: object.map(next) };
    if (object instanceof Map)
      return { t: 'm', v: [...object].map(([k, v]) => [next(k), next(v)]) };
    if (object instanceof Set) return { t: 's', v: [...object].map(next) };
    const fields: Record<string, EncodedValue> = {};
    for (const key of Object.keys(object)) {
      fields[key] = next((object as Record<string, unknown>)[key]);
    }
    const name = object.constructor?.name;
    const id = top ? hooks.identify?.(object) : undefined;
    return {
      t: 'o',
      v: fields,
      ...(id === undefined ? {} : { id }),
      ...(name && name !== 'Object' ? { c: name } : {}),
    };
  } finally {
    seen.delete(object);
  }
}

/**
 * A value from the other side that is not a well-formed {@link EncodedValue}. Only a hostile
 * or broken sender makes one; the call that carried it fails with this error.
 */
export class MalformedValueError extends Error {
  constructor(reason: string) {
    super(`malformed value from the other side of the sandbox bridge: ${reason}`);
    this.name = 'MalformedValueError';
  }
}

/**
 * Decodes what {@link encodeValue} produced on the other side. The sender may be hostile (a
 * sandbox), so every node is checked: wrong shapes throw a {@link MalformedValueError},
 * never a TypeError from deep inside, and a key such as `__proto__` stays a plain field.
 */
export function decodeValue(value: EncodedValue, hooks: CodecHooks): unknown {
  return decode(value, hooks, 0);
}

function decode(value: unknown, hooks: CodecHooks, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'bigint':
      return value;
    case 'undefined':
      return undefined;
    case 'object':
      if (value === null) return null;
      break;
    default:
      throw new MalformedValueError(`a ${typeof value} cannot cross`);
  }
  if (depth > maxDecodeDepth) {
    throw new MalformedValueError(`nested deeper than ${maxDecodeDepth} levels`);
  }
  if (Array.isArray(value)) throw new MalformedValueError('a bare array (arrays are tagged)');
  const node = value as Record<string, unknown>;
  const tag = own(node, 't');
  const next = (v: unknown): unknown => decode(v, hooks, depth + 1);
  switch (tag) {
    case 'u':
      return undefined;
    case 'a':
      return list(node, 'v').map(next);
    case 'o': {
      const object: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(record(node, 'v'))) {
        setField(object, key, next(field));
      }
      const id = own(node, 'id');
      if (id !== undefined) hooks.receivedIdentity?.(object, integer(id, 'an identity'));
      return object;
    }
    case 'b': {
      const bytes = own(node, 'v');
      if (!(bytes instanceof Uint8Array))
        throw new MalformedValueError('bytes must be a Uint8Array');
      return hooks.bytes(bytes);
    }
    case 'f':
      return hooks.remoteFunction(integer(own(node, 'id'), 'a function id'));
    case 'r':
      return hooks.localRef(integer(own(node, 'id'), 'a ref id'));
    case 'h':
      return hooks.localObject(integer(own(node, 'id'), 'an identity'));
    case 'p': {
      // Only the host makes remote objects; a guest sending one is forging.
      if (!hooks.hostObjectProxy)
        throw new MalformedValueError('only the host sends remote objects');
      const className = own(node, 'c');
      if (typeof className !== 'string')
        throw new MalformedValueError('a remote object needs a class');
      const fields: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(record(node, 'v'))) {
        setField(fields, key, next(field));
      }
      return hooks.hostObjectProxy(integer(own(node, 'id'), 'a ref id'), className, fields);
    }
    case 'x': {
      const module = own(node, 'module');
      const path = list(node, 'path');
      if (typeof module !== 'string' || !path.every((key) => typeof key === 'string')) {
        throw new MalformedValueError('a module export needs a module name and a path of names');
      }
      return hooks.localExport?.(module, path);
    }
    case 'd': {
      const time = own(node, 'v');
      if (typeof time !== 'number') throw new MalformedValueError('a date needs a number');
      return new Date(time);
    }
    case 'm':
      return new Map(
        list(node, 'v').map((entry) => {
          if (!Array.isArray(entry) || entry.length !== 2) {
            throw new MalformedValueError('a map entry must be a [key, value] pair');
          }
          return [next(entry[0]), next(entry[1])] as const;
        }),
      );
    case 's':
      return new Set(list(node, 'v').map(next));
    case 'e': {
      const name = own(node, 'name');
      const message = own(node, 'message');
      const stack = own(node, 'stack');
      if (typeof name !== 'string' || typeof message !== 'string') {
        throw new MalformedValueError('an error needs a string name and message');
      }
      if (stack !== undefined && typeof stack !== 'string') {
        throw new MalformedValueError("an error's stack must be a string");
      }
      const error = new Error(message);
      error.name = name;
      if (stack !== undefined) error.stack = stack;
      for (const [key, field] of Object.entries(record(node, 'props'))) {
        setField(error as unknown as Record<string, unknown>, key, next(field));
      }
      return error;
    }
    default:
      throw new MalformedValueError(`unknown tag ${JSON.stringify(String(tag)).slice(0, 40)}`);
  }
}

/** An own field of a received node (never one inherited from a prototype). */
function own(node: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function list(node: Record<string, unknown>, key: string): unknown[] {
  const value = own(node, key);
  if (!Array.isArray(value)) throw new MalformedValueError(`'${key}' must be an array`);
  return value;
}

function record(node: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = own(node, key);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedValueError(`'${key}' must be an object of fields`);
  }
  return value as Record<string, unknown>;
}

function integer(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new MalformedValueError(`${what} must be an integer`);
  }
  return value;
}

/**
 * Sets a decoded field. `__proto__` is defined as an own field: assigned, it would replace the
 * decoded object's prototype with one the sender chose.
 */
function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

/** The hidden key under which a decoded object remembers its identity on the other side. */
export const identityKey: unique symbol = Symbol('sandbox.identity');

/** Marks `value` as the other side's object `id` (non-enumerable: spreads and logs skip it). */
export function attachIdentity(value: object, id: number): void {
  Object.defineProperty(value, identityKey, { value: id, enumerable: false });
}

/** The other side's identity of `value`, if it came from there. */
export function identityOf(value: object): number | undefined {
  return (value as { [identityKey]?: number })[identityKey];
}
