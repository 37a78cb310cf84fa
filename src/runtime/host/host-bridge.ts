import { surfaceClassKey } from '../../broker/core/client-surface';
import {
  asyncIteratorClass,
  decodeValue,
  describeModule,
  encodeValue,
  validateGuestMessage,
  type CodecHooks,
  type EncodedValue,
  type GuestMessage,
  type HostMessage,
  type ModuleDescriptor,
  type RemoteSchema,
  type ReturnShape,
} from '../protocol';
import type { OutputLevel } from '../contract';
import { findMethod, findRemoteProp, notAFunction } from './callable-surface';
import { hostFunctionMayCross } from './crossing-policy';
import { capLine } from './line-cap';
import { ModuleExports } from './module-exports';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * What a guest's ref number stands for on the host: a remote object of a known class (only
 * that class's declared methods may be called on it), or a host function the guest was handed
 * (a remover, kafkajs's `heartbeat`…), which may only be called itself.
 */
type Ref =
  | { readonly kind: 'object'; readonly value: object; readonly className: string }
  | { readonly kind: 'function'; readonly value: AnyFunction };

/** What a {@link HostBridge} tells its run about. */
export interface HostBridgeEvents {
  ready(): void;
  output(level: OutputLevel, text: string): void;
  outputCapped(limit: number): void;
  uncaught(error: { name: string; message: string; stack: string; origin: string }): void;
  pong(n: number): void;
  exit(code: number): void;
  /** The service set a timer on the run's clock, or cleared one. */
  timer(id: number, delay: number): void;
  timerClear(id: number): void;
  /** The service ran everything host message `seq` started (see rpc-messages.ts). */
  settled(seq: number): void;
}

/** How many objects handed to a guest stay addressable (for `ack(msg)`) before the oldest go. */
const objectTableSize = 20_000;

/** Longest error message or stack a guest may report (the rest is cut, saying so). */
const maxErrorLength = 10_000;

/** Says a function ref may only be called itself (`remover()`, not `remover.call()`). */
const functionClassName = 'a broker function';

/**
 * The host half of the RPC for one service: runs the guest's commands against the simulated
 * clients from `broker.modulesFor(service)`, keeps the objects it handed out so they can come
 * back (a message passed to `channel.ack` is the host's own message again), and turns the
 * guest's callbacks into functions the broker can call.
 *
 * The guest runs untrusted code, so this is a boundary: every message is validated before it
 * is acted on (a malformed one fails the service), only the declared methods of each remote
 * class can be called (callable-surface.ts), exports are reached only as described
 * (module-exports.ts), and only broker-built plain functions are handed out (crossing-policy.ts).
 */
export class HostBridge {
  private readonly refs = new Map<number, Ref>();
  private nextHostRef = -1;
  private readonly hostFunctionIds = new WeakMap<object, number>();
  /** Objects sent with copied fields (messages), by ref; the oldest go past objectTableSize. */
  private readonly hostObjectRefs = new Map<number, object>();
  private readonly hostObjectIds = new WeakMap<object, number>();
  private readonly objects = new Map<number, object>();
  private readonly objectIds = new WeakMap<object, number>();
  private nextObject = 1;
  private readonly guestFunctions = new Map<number, AnyFunction>();
  private readonly invokes = new Map<
    number,
    { resolve(v: unknown): void; reject(e: unknown): void }
  >();
  private nextInvoke = 1;
  private disposed = false;
  /** Set once the guest broke the protocol: it is being failed, nothing more it sends counts. */
  private refused = false;
  private readonly hooks: CodecHooks;
  private readonly exports: ModuleExports;

  constructor(
    /** What each remote class lets the guest call (from the broker's models). */
    private readonly schema: RemoteSchema,
    private readonly modules: Readonly<Record<string, unknown>>,
    private readonly send: (message: HostMessage) => void,
    private readonly events: HostBridgeEvents,
    toBuffer: (bytes: Uint8Array) => Uint8Array,
  ) {
    this.exports = new ModuleExports(modules);
    this.hooks = {
      functionId: (fn) => this.hostFunctionId(fn),
      remoteFunction: (id) => this.guestFunction(id),
      remoteIdentity: () => undefined,
      localRef: (id) => this.refs.get(id)?.value,
      localObject: (id) => this.objects.get(id),
      localExport: (module, path) => this.exports.resolve(module, path).value,
      hostObject: (value) => this.hostObject(value),
      bytes: toBuffer,
      identify: (value) => this.identify(value),
      mayCross: hostFunctionMayCross,
    };
  }

  /** The modules as the guest should build them. */
  describeModules(): Record<string, ModuleDescriptor> {
    const described: Record<string, ModuleDescriptor> = {};
    for (const [name, module] of Object.entries(this.modules)) {
      described[name] = describeModule(module, (v) => encodeValue(v, this.hooks));
    }
    return described;
  }

  /**
   * Handles one message from the guest (typed `unknown`: whatever its thread posted). It is
   * checked first (validate-guest-message.ts): a message of the wrong shape fails the service
   * with the reason, and is never acted on.
   */
  handle(raw: unknown): void {
    if (this.disposed || this.refused) return;
    const checked = validateGuestMessage(raw);
    if (!checked.ok) return this.malformed(checked.reason);
    const message = checked.message;
    switch (message.t) {
      case 'ready':
        return this.events.ready();
      case 'output':
        return this.events.output(message.level, capLine(message.text));
      case 'output-capped':
        return this.events.outputCapped(message.limit);
      case 'uncaught':
        return this.events.uncaught({
          ...message,
          message: capLine(message.message, maxErrorLength),
          stack: capLine(message.stack, maxErrorLength),
        });
      case 'pong':
        return this.events.pong(message.n);
      case 'exit':
        return this.events.exit(message.code);
      case 'timer':
        return this.events.timer(message.id, message.delay);
      case 'timer-clear':
        return this.events.timerClear(message.id);
      case 'settled':
        return this.events.settled(message.seq);
      case 'new':
        return this.construct(message);
      case 'call':
        return this.call(message);
      case 'invoked': {
        const waiting = this.invokes.get(message.invokeId);
        if (!waiting) return;
        this.invokes.delete(message.invokeId);
        let value: unknown;
        try {
          value = decodeValue(message.value, this.hooks);
        } catch (error) {
          // The broker gets a clear failure from the callback instead of garbage.
          return waiting.reject(error);
        }
        if (message.ok) waiting.resolve(value);
        else waiting.reject(value);
        return;
      }
    }
  }

  /**
   * The guest's thread died: every broker client it made (a Redis client, an AMQP connection,
   * a Kafka consumer…) goes down the way it would with its process. The broker sees the
   * connections go, nothing reconnects, and no event is delivered to the dead code. Clients
   * are found by what this bridge made, not by name: the reader may name them anything.
   */
  processCrashed(): void {
    for (const ref of this.refs.values()) {
      if (ref.kind !== 'object') continue;
      const client = ref.value as { processCrashed?: unknown };
      if (typeof client.processCrashed === 'function') {
        (client.processCrashed as () => void).call(client);
      }
    }
  }

  /** Forgets the guest: its pending callbacks fail, and later ones fail at once. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const gone = new Error('the service has stopped');
    for (const waiting of this.invokes.values()) waiting.reject(gone);
    this.invokes.clear();
    this.refs.clear();
    this.objects.clear();
  }

  /** The guest broke the protocol: the service fails, as a crashed process would. */
  private malformed(reason: string): void {
    this.refused = true;
    const message = `the service sent a malformed message to the broker: ${reason}`;
    this.events.uncaught({
      name: 'Error',
      message,
      stack: `Error: ${message}`,
      origin: 'uncaught',
    });
  }

  /** A ref number the guest chose for a new object: fresh, or the guest is forging. */
  private claimRef(ref: number): boolean {
    if (!this.refs.has(ref)) return true;
    this.malformed(`ref ${ref} is already in use`);
    return false;
  }

  private construct(message: Extract<GuestMessage, { t: 'new' }>): void {
    if (!this.claimRef(message.ref)) return;
    try {
      const { value } = this.exports.resolve(message.module, message.path);
      const className = this.schema.exportSpec(message.module, message.path)?.construct;
      if (className === undefined) {
        throw new TypeError(
          `${[message.module, ...message.path].join('.')} is not a constructor in the simulator`,
        );
      }
      const args = message.args.map((a) => decodeValue(a, this.hooks));
      const made: unknown = Reflect.construct(value, args);
      if (typeof made === 'object' && made !== null) {
        this.refs.set(message.ref, { kind: 'object', value: made, className });
      }
    } catch (error) {
      this.send({ t: 'async-error', error: encodeValue(error, this.hooks) });
    }
  }

  private call(message: Extract<GuestMessage, { t: 'call' }>): void {
    const { callId, resultRef } = message;
    const fail = (error: unknown): void => {
      if (this.disposed) return;
      if (callId !== undefined) {
        this.send({ t: 'result', callId, ok: false, value: encodeValue(error, this.hooks) });
      } else {
        this.send({ t: 'async-error', error: encodeValue(error, this.hooks) });
      }
    };
    if (resultRef !== undefined && !this.claimRef(resultRef)) return;
    let result: unknown;
    let shape: ReturnShape;
    try {
      let self: unknown;
      let fn: AnyFunction;
      if ('ref' in message.target) {
        const ref = this.refs.get(message.target.ref);
        if (!ref) throw new Error('this object is no longer available');
        if (ref.kind === 'function') {
          if (message.method !== null) throw notAFunction(message.method, functionClassName);
          fn = ref.value;
          shape = 'promise';
        } else {
          if (message.method === null) {
            throw new TypeError(`${ref.className} is not a function in the simulator`);
          }
          const target = ref.value;
          const propClass = this.schema.remotePropClass(ref.className, message.method);
          if (propClass !== undefined) {
            // `jsm.streams`: the property's object becomes the guest's next remote object.
            const held = findRemoteProp(target, ref.className, message.method);
            fn = () => held;
            shape = { remote: propClass, sync: true };
          } else if (this.schema.opensAsyncIterator(ref.className, message.method)) {
            fn = () => (target as AsyncIterable<unknown>)[Symbol.asyncIterator]();
            shape = { remote: asyncIteratorClass, sync: true };
          } else {
            fn = findMethod(this.schema, target, ref.className, message.method);
            shape = this.schema.returnShape(ref.className, message.method);
          }
          self = target;
        }
      } else {
        const resolved = this.exports.resolve(message.target.module, message.target.path);
        self = resolved.parent;
        fn = resolved.value;
        shape =
          this.schema.exportSpec(message.target.module, message.target.path)?.call ?? 'promise';
      }
      // Only a call that makes a remote object or a remover may name a ref for its result.
      if (resultRef !== undefined && shape !== 'remover' && typeof shape !== 'object') {
        return this.malformed(`resultRef on a call that makes no remote object`);
      }
      const args = message.args.map((a) => decodeValue(a, this.hooks));
      result = Reflect.apply(fn, self, args);
    } catch (error) {
      return fail(error);
    }
    const register = (value: unknown): void => {
      if (resultRef !== undefined) this.register(resultRef, shape, value);
    };
    if (callId === undefined && !isThenable(result)) {
      register(result);
      return;
    }
    Promise.resolve(result).then((value) => {
      if (this.disposed) return;
      register(value);
      if (callId === undefined) return;
      const encoded: EncodedValue =
        resultRef !== undefined ? { t: 'u' } : encodeValue(value, this.hooks);
      this.send({ t: 'result', callId, ok: true, value: encoded });
    }, fail);
  }

  /**
   * Registers a call's result under the guest's ref, with what the schema says it is. Anything
   * else (a method that returned no object, a remover that is a constructor) is not
   * registered: using the ref then fails with "no longer available".
   */
  private register(ref: number, shape: ReturnShape, value: unknown): void {
    if (shape === 'remover') {
      if (typeof value === 'function' && hostFunctionMayCross(value as AnyFunction, undefined)) {
        this.refs.set(ref, { kind: 'function', value: value as AnyFunction });
      }
    } else if (typeof shape === 'object' && typeof value === 'object' && value !== null) {
      this.refs.set(ref, { kind: 'object', value, className: shape.remote });
    }
  }

  /**
   * An object of a surface class with copied fields (a NATS message, branded by its model):
   * registered as a remote object so its methods (`ack()`) reach it, the fields sent along.
   */
  private hostObject(
    value: object,
  ): { id: number; className: string; fields: readonly string[] } | undefined {
    const className = (value as { [surfaceClassKey]?: unknown })[surfaceClassKey];
    if (typeof className !== 'string') return undefined;
    const fields = this.schema.classes[className]?.fields;
    if (!fields) return undefined;
    let id = this.hostObjectIds.get(value);
    if (id === undefined || !this.refs.has(id)) {
      id = this.nextHostRef--;
      this.hostObjectIds.set(value, id);
      this.refs.set(id, { kind: 'object', value, className });
      this.hostObjectRefs.set(id, value);
      if (this.hostObjectRefs.size > objectTableSize) {
        const oldest = this.hostObjectRefs.keys().next().value;
        if (oldest !== undefined) {
          this.hostObjectRefs.delete(oldest);
          this.refs.delete(oldest);
        }
      }
    }
    return { id, className, fields };
  }

  private hostFunctionId(fn: AnyFunction): number {
    const known = this.hostFunctionIds.get(fn);
    if (known !== undefined) return known;
    const id = this.nextHostRef--;
    this.hostFunctionIds.set(fn, id);
    this.refs.set(id, { kind: 'function', value: fn });
    return id;
  }

  private guestFunction(id: number): AnyFunction {
    let stub = this.guestFunctions.get(id);
    if (!stub) {
      stub = (...args: unknown[]): Promise<unknown> => {
        if (this.disposed) return handled(Promise.reject(new Error('the service has stopped')));
        const invokeId = this.nextInvoke++;
        const encoded = args.map((a) => encodeValue(a, this.hooks));
        const answer = new Promise<unknown>((resolve, reject) =>
          this.invokes.set(invokeId, { resolve, reject }),
        );
        this.send({ t: 'invoke', fn: id, invokeId, args: encoded });
        return handled(answer);
      };
      this.guestFunctions.set(id, stub);
    }
    return stub;
  }

  private identify(value: object): number {
    const known = this.objectIds.get(value);
    if (known !== undefined) return known;
    const id = this.nextObject++;
    this.objectIds.set(value, id);
    this.objects.set(id, value);
    if (this.objects.size > objectTableSize) {
      const oldest = this.objects.keys().next().value;
      if (oldest !== undefined) this.objects.delete(oldest);
    }
    return id;
  }
}

/** The broker may ignore a callback's answer; a failure it ignores must not become unhandled. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
