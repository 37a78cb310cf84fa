/**
 * How a model declares its client surface: the classes sandbox code holds, what each method
 * returns, constant properties and awaited callbacks. Each model says it once, in
 * `<model>/client-surface.ts`; the runtime's RPC schema (src/runtime/protocol/remote-schema.ts)
 * and the editor's typings (src/sandbox/editor/typings/) are derived from it, and tests hold it
 * to the simulated clients and to the real packages' typings.
 *
 * Types and plain data only: the page and the guest load surfaces, never a model.
 */

/**
 * What a method of a simulated client returns, as seen by sandbox code. Across postMessage
 * everything is asynchronous, but the real APIs are not: `channel.publish()` returns a boolean,
 * `kafka.producer()` a producer, `redis.on()` the client itself. The guest answers those at once
 * from the surface; the host runs the call in the same order, so the result is the same.
 */
export type ReturnShape =
  /** Awaited on the host; the answer comes back as a Promise. */
  | 'promise'
  /** Returns the proxy itself (chaining, `on`). */
  | 'this'
  /** Fire-and-forget, returns undefined. */
  | 'void'
  /** Fire-and-forget, returns true (no back-pressure in the simulator). */
  | 'true'
  /** Returns a function that undoes the call (kafkajs `on` returns a remover). */
  | 'remover'
  /** Returns a remote object of this class: `sync` at once, otherwise as a Promise. */
  | { readonly remote: string; readonly sync: boolean };

/**
 * A method the guest answers itself from an object's copied fields, with no call to the host:
 * what the real API computes locally and returns synchronously (NATS `msg.string()`).
 */
export type LocalMethod =
  /** The `data` field (bytes) as UTF-8 text. */
  | 'text'
  /** The `data` field parsed as JSON (the optional argument is a reviver). */
  | 'json'
  /**
   * The call still goes to the host (declared `void` in `methods`), but the guest answers
   * whether the copied `reply` field is non-empty: NATS `msg.respond()` is true exactly when
   * the message has a reply subject to answer on.
   */
  | 'hasReply';

/**
 * The key under which a simulated class's prototype names its surface class. The host reads it
 * to send an object of a class with `fields` as a remote object with those fields copied
 * (a NATS message handed to a callback or returned by `request()`); without it the object
 * would cross as its own enumerable fields only, and lose its getters and methods.
 */
export const surfaceClassKey: unique symbol = Symbol.for('event-driven-playground.surface-class');

/** Marks `prototype`'s instances as objects of surface class `name` (see {@link surfaceClassKey}). */
export function brandSurfaceClass(prototype: object, name: string): void {
  Object.defineProperty(prototype, surfaceClassKey, { value: name, enumerable: false });
}

/** One class of a model's client surface, as its `client-surface.ts` declares it. */
export interface SurfaceClass {
  /**
   * The type (or types, a plain and a confirm channel) this class stands for in the real
   * package's own declarations, by the name the package exports it under.
   */
  readonly realTypes: readonly string[];
  /**
   * Every method sandbox code may call, each with what it returns: `promise` is written out
   * too, so no synchronous method can turn into a Promise by being forgotten.
   */
  readonly methods: Readonly<Record<string, ReturnShape>>;
  /** Constant properties the guest answers itself (kafkajs `consumer.events`). */
  readonly props?: Readonly<Record<string, unknown>>;
  /**
   * Properties that hold another remote object, by its class (NATS `jsm.streams`): reading one
   * gives a proxy at once, and the host reads the property (a data property, never a getter).
   */
  readonly remoteProps?: Readonly<Record<string, string>>;
  /**
   * Properties the host copies when an object of this class crosses (a NATS message's
   * `subject`, `data`, `info`…): the object then arrives as a remote object whose fields are
   * read at once, and whose methods still run on the host. The simulated class is branded with
   * {@link brandSurfaceClass} so the host knows it.
   */
  readonly fields?: readonly string[];
  /** Methods the guest answers from the copied fields (see {@link LocalMethod}). */
  readonly localMethods?: Readonly<Record<string, LocalMethod>>;
  /**
   * `for await (const m of object)` crosses: each step is a call to the host's own iterator
   * (a remote object of class {@link asyncIteratorClass}).
   */
  readonly asyncIterable?: boolean;
  /**
   * Methods whose callback arguments the library awaits (kafkajs `run({ eachMessage })`): a
   * throw there goes back to the library (which retries), instead of crashing the service.
   */
  readonly awaitedCallbacks?: readonly string[];
  /**
   * Public methods of the simulated class that sandbox code must not reach, each with why:
   * the runtime's own hooks (`processCrashed`) and synchronous answers only the host knows
   * (`emit`, `paused()`), which no asynchronous bridge can give at once.
   */
  readonly hostOnly?: Readonly<Record<string, string>>;
}

/** The class of the host's iterator behind an `asyncIterable` remote object. */
export const asyncIteratorClass = 'AsyncIteratorOfHost';

/**
 * The method name the guest sends to open an `asyncIterable` object's iterator: not a name a
 * client API could have (method names are letters and digits), so no real method collides.
 */
export const asyncIteratorMethod = '@@asyncIterator';

/** What calling or constructing a module export gives. */
export interface RemoteExport {
  readonly construct?: string;
  readonly call?: ReturnShape;
}

/** One model's client surface: its package, exports and classes. */
export interface ClientSurface {
  /** The package sandbox code imports (`ioredis`, `amqplib`, `kafkajs`). */
  readonly module: string;
  /** Named exports of the simulated module (its `default` aside), as the real package names them. */
  readonly exportNames: readonly string[];
  /** What calling or constructing an export gives, keyed by its path (`default.Redis`). */
  readonly exports: Readonly<Record<string, RemoteExport>>;
  /**
   * Other packages whose declarations the module's typings re-export (`@nats-io/transport-node`
   * re-exports `@nats-io/nats-core`): the editor's typings take what is reached from them too.
   */
  readonly typingsFrom?: readonly string[];
  /** Constant exports, with the values the real package gives them (kafkajs `logLevel`). */
  readonly constants?: Readonly<Record<string, unknown>>;
  readonly classes: Readonly<Record<string, SurfaceClass>>;
}

/**
 * A remote class as the runtime reads it: the methods a sandbox may call on it, their return
 * shapes, constant properties, and which calls await callbacks.
 */
export interface RemoteClass {
  /**
   * Every method a guest may call on this class, as the real library exposes it and the
   * simulated client implements it. The host refuses anything else (inherited `Object`
   * members, runtime hooks such as `processCrashed`, private helpers): sandbox code is
   * untrusted, and a name it chooses must never reach an arbitrary host function.
   */
  readonly callable: readonly string[];
  /** The return shape of every callable method. */
  readonly methods: Readonly<Record<string, ReturnShape>>;
  readonly props?: Readonly<Record<string, unknown>>;
  /** Methods whose callback arguments the library awaits. */
  readonly awaitedCallbacks?: readonly string[];
  /** Properties that hold a remote object, by class (see SurfaceClass.remoteProps). */
  readonly remoteProps?: Readonly<Record<string, string>>;
  /** Fields copied when an object of the class crosses (see SurfaceClass.fields). */
  readonly fields?: readonly string[];
  /** Methods the guest answers from the copied fields. */
  readonly localMethods?: Readonly<Record<string, LocalMethod>>;
  readonly asyncIterable?: boolean;
}

/** Node's `EventEmitter` registration methods: each returns the emitter, for chaining. */
export const emitterMethods: Readonly<Record<string, ReturnShape>> = {
  on: 'this',
  once: 'this',
  off: 'this',
  addListener: 'this',
  removeListener: 'this',
  removeAllListeners: 'this',
};

/**
 * `EventEmitter` methods the simulator implements but sandbox code cannot reach: each answers
 * at once with what only the host knows (its listeners), which an asynchronous bridge could
 * only give as a Promise, and a Promise where Node gives a number or a boolean is a silent bug.
 */
export const emitterHostOnly: Readonly<Record<string, string>> = {
  emit: 'answers synchronously from host state (whether anyone listened)',
  listenerCount: 'answers synchronously from host state',
  listeners: 'answers synchronously with host functions',
};
