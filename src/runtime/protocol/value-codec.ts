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
  /** Turns received bytes into this side's Buffer. */
  bytes(data: Uint8Array): Uint8Array;
  /**
   * Called for objects decoded with an identity, so they can be passed back later.
   * The receiver attaches the id; see {@link attachIdentity}.
   */
  receivedIdentity?(value: object, id: number): void;
  /** Gives a top-level object an identity on this side, if it should have one. */
  identify?(value: object): number | undefined;
}

const maxDepth = 40;

/**
 * Encodes `value` for postMessage. Top-level objects may get an identity (via `hooks.identify`)
 * so the other side can hand them back, which is how `channel.ack(msg)` reaches the host's msg.
 */
export function encodeValue(value: unknown, hooks: CodecHooks): EncodedValue {
  return encode(value, hooks, 0, new Set(), true);
}

function encode(
  value: unknown,
  hooks: CodecHooks,
  depth: number,
  seen: Set<object>,
  top: boolean,
): EncodedValue {
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
    case 'function':
      // A stand-in for the other side's function goes back as that function.
      return (
        hooks.remoteIdentity(value) ?? {
          t: 'f',
          id: hooks.functionId(value as (...args: unknown[]) => unknown),
        }
      );
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
    const next = (v: unknown): EncodedValue => encode(v, hooks, depth + 1, seen, false);
    if (object instanceof Error) {
      const props: Record<string, EncodedValue> = {};
      for (const key of Object.keys(object)) {
        props[key] = next((object as unknown as Record<string, unknown>)[key]);
      }
      const error = { t: 'e' as const, name: object.name, message: object.message, props };
      return object.stack === undefined ? error : { ...error, stack: object.stack };
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

/** Decodes what {@link encodeValue} produced on the other side. */
export function decodeValue(value: EncodedValue, hooks: CodecHooks): unknown {
  if (value === null || typeof value !== 'object') return value;
  const next = (v: EncodedValue): unknown => decodeValue(v, hooks);
  switch (value.t) {
    case 'u':
      return undefined;
    case 'a':
      return value.v.map(next);
    case 'o': {
      const object: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(value.v)) object[key] = next(field);
      if (value.id !== undefined) hooks.receivedIdentity?.(object, value.id);
      return object;
    }
    case 'b':
      return hooks.bytes(value.v);
    case 'f':
      return hooks.remoteFunction(value.id);
    case 'r':
      return hooks.localRef(value.id);
    case 'h':
      return hooks.localObject(value.id);
    case 'x':
      return hooks.localExport?.(value.module, value.path);
    case 'd':
      return new Date(value.v);
    case 'm':
      return new Map(value.v.map(([k, v]) => [next(k), next(v)]));
    case 's':
      return new Set(value.v.map(next));
    case 'e': {
      const error = new Error(value.message);
      error.name = value.name;
      if (value.stack !== undefined) error.stack = value.stack;
      for (const [key, field] of Object.entries(value.props)) {
        (error as unknown as Record<string, unknown>)[key] = next(field);
      }
      return error;
    }
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
