import {
  decodeValue,
  describeModule,
  encodeValue,
  type CodecHooks,
  type EncodedValue,
  type GuestMessage,
  type HostMessage,
  type ModuleDescriptor,
} from '../protocol';
import type { OutputLevel } from '../contract';

type AnyFunction = (...args: unknown[]) => unknown;

/** What a {@link HostBridge} tells its run about. */
export interface HostBridgeEvents {
  ready(): void;
  output(level: OutputLevel, text: string): void;
  outputCapped(limit: number): void;
  uncaught(error: { name: string; message: string; stack: string; origin: string }): void;
  pong(n: number): void;
  exit(code: number): void;
}

/** How many objects handed to a guest stay addressable (for `ack(msg)`) before the oldest go. */
const objectTableSize = 20_000;

/**
 * The host half of the RPC for one service: runs the guest's commands against the simulated
 * clients from `broker.modulesFor(service)`, keeps the objects it handed out so they can come
 * back (a message passed to `channel.ack` is the host's own message again), and turns the
 * guest's callbacks into functions the broker can call.
 */
export class HostBridge {
  private readonly refs = new Map<number, unknown>();
  private nextHostRef = -1;
  private readonly hostFunctionIds = new WeakMap<object, number>();
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
  private readonly hooks: CodecHooks;

  constructor(
    private readonly modules: Readonly<Record<string, unknown>>,
    private readonly send: (message: HostMessage) => void,
    private readonly events: HostBridgeEvents,
    toBuffer: (bytes: Uint8Array) => Uint8Array,
  ) {
    this.hooks = {
      functionId: (fn) => this.hostFunctionId(fn),
      remoteFunction: (id) => this.guestFunction(id),
      remoteIdentity: () => undefined,
      localRef: (id) => this.refs.get(id),
      localObject: (id) => this.objects.get(id),
      localExport: (module, path) => this.resolveExport(module, path).value,
      bytes: toBuffer,
      identify: (value) => this.identify(value),
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

  /** Handles one message from the guest. */
  handle(message: GuestMessage): void {
    if (this.disposed) return;
    switch (message.t) {
      case 'ready':
        return this.events.ready();
      case 'output':
        return this.events.output(message.level, message.text);
      case 'output-capped':
        return this.events.outputCapped(message.limit);
      case 'uncaught':
        return this.events.uncaught(message);
      case 'pong':
        return this.events.pong(message.n);
      case 'exit':
        return this.events.exit(message.code);
      case 'new':
        return this.construct(message);
      case 'call':
        return this.call(message);
      case 'invoked': {
        const waiting = this.invokes.get(message.invokeId);
        if (!waiting) return;
        this.invokes.delete(message.invokeId);
        const value = decodeValue(message.value, this.hooks);
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
    for (const value of this.refs.values()) {
      const client = value as { processCrashed?: unknown } | null;
      if (
        typeof client === 'object' &&
        client !== null &&
        typeof client.processCrashed === 'function'
      ) {
        (client.processCrashed as () => void)();
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

  private construct(message: Extract<GuestMessage, { t: 'new' }>): void {
    try {
      const { value } = this.resolveExport(message.module, message.path);
      const args = message.args.map((a) => decodeValue(a, this.hooks));
      this.refs.set(message.ref, Reflect.construct(value as AnyFunction, args));
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
    let result: unknown;
    try {
      let self: unknown;
      let fn: unknown;
      if ('ref' in message.target) {
        if (!this.refs.has(message.target.ref))
          throw new Error('this object is no longer available');
        const target = this.refs.get(message.target.ref);
        self = message.method === null ? undefined : target;
        fn = message.method === null ? target : (target as Record<string, unknown>)[message.method];
        if (typeof fn !== 'function') {
          throw new TypeError(
            `${message.method ?? 'the object'} is not a function in the simulator`,
          );
        }
      } else {
        const resolved = this.resolveExport(message.target.module, message.target.path);
        self = resolved.parent;
        fn = resolved.value;
      }
      const args = message.args.map((a) => decodeValue(a, this.hooks));
      result = (fn as AnyFunction).apply(self, args);
    } catch (error) {
      return fail(error);
    }
    if (callId === undefined && !isThenable(result)) {
      if (resultRef !== undefined) this.refs.set(resultRef, result);
      return;
    }
    Promise.resolve(result).then((value) => {
      if (this.disposed) return;
      if (resultRef !== undefined) this.refs.set(resultRef, value);
      if (callId === undefined) return;
      const encoded: EncodedValue =
        resultRef !== undefined ? { t: 'u' } : encodeValue(value, this.hooks);
      this.send({ t: 'result', callId, ok: true, value: encoded });
    }, fail);
  }

  private resolveExport(
    module: string,
    path: readonly string[],
  ): { parent: unknown; value: unknown } {
    let parent: unknown;
    let value: unknown = this.modules[module];
    if (value === undefined) throw new Error(`Cannot find module '${module}'`);
    for (const key of path) {
      parent = value;
      value = (value as Record<string, unknown> | undefined)?.[key];
    }
    return { parent, value };
  }

  private hostFunctionId(fn: AnyFunction): number {
    const known = this.hostFunctionIds.get(fn);
    if (known !== undefined) return known;
    const id = this.nextHostRef--;
    this.hostFunctionIds.set(fn, id);
    this.refs.set(id, fn);
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
