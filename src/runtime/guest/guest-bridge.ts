import {
  asyncIteratorClass,
  asyncIteratorMethod,
  attachIdentity,
  createRemoteSchema,
  decodeValue,
  encodeValue,
  identityOf,
  type CodecHooks,
  type RemoteSchema,
  type EncodedValue,
  type GuestMessage,
  type HostMessage,
  type LocalMethod,
  type ModuleDescriptor,
  type ReturnShape,
} from '../protocol';
import { remoteClassKey } from './format-value';

type AnyFunction = (...args: unknown[]) => unknown;
type CallTarget =
  { readonly ref: number } | { readonly module: string; readonly path: readonly string[] };

/** How the guest reports an error it could not hand to anyone (the service then fails). */
export type UncaughtReporter = (error: unknown, origin: 'callback' | 'uncaught') => void;

/**
 * The guest half of the RPC: builds the `ioredis`/`amqplib`/`kafkajs` modules that sandbox code
 * `require`s, as proxies whose calls travel to the broker host, and runs the host's callbacks.
 */
export class GuestBridge {
  private nextRef = 1;
  private nextCall = 1;
  private nextFn = 1;
  private readonly functionIds = new Map<AnyFunction, number>();
  private readonly functions = new Map<number, { fn: AnyFunction; awaited: boolean }>();
  private readonly pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: unknown) => void; site: Error }
  >();
  private readonly proxies = new Map<number, object>();
  private readonly proxyRefs = new WeakMap<object, number>();
  private readonly hostFunctions = new Map<number, AnyFunction>();
  private readonly exportPaths = new WeakMap<object, { module: string; path: readonly string[] }>();
  private awaitedMode = false;
  private readonly hooks: CodecHooks;
  /** What each remote class lets sandbox code call: none until the host's `start` says. */
  private schema: RemoteSchema = createRemoteSchema([]);

  constructor(
    private readonly post: (message: GuestMessage) => void,
    private readonly reportUncaught: UncaughtReporter,
    toBuffer: (bytes: Uint8Array) => Uint8Array,
  ) {
    this.hooks = {
      functionId: (fn) => this.functionId(fn),
      remoteFunction: (id) => this.hostFunction(id),
      remoteIdentity: (value) => {
        const ref = this.proxyRefs.get(value);
        if (ref !== undefined) return { t: 'r', id: ref };
        const exported = this.exportPaths.get(value);
        if (exported) return { t: 'x', ...exported };
        const id = identityOf(value);
        return id === undefined ? undefined : { t: 'h', id };
      },
      localRef: () => undefined,
      localObject: () => undefined,
      bytes: toBuffer,
      receivedIdentity: (value, id) => attachIdentity(value, id),
      hostObjectProxy: (id, className, fields) => this.proxy(id, className, fields),
    };
  }

  /**
   * Takes the run's RPC schema (from the surfaces the host sent in `start`); modules built
   * after this answer synchronous methods and constants from it.
   */
  useSchema(schema: RemoteSchema): void {
    this.schema = schema;
  }

  /** Builds a module object (with `__esModule` and `default`) from the host's description. */
  buildModule(name: string, descriptor: ModuleDescriptor): Record<string, unknown> {
    const built = this.buildMember(name, [], descriptor);
    const module: Record<string, unknown> =
      typeof built === 'object' && built !== null ? { ...built } : { default: built };
    if (!('default' in module)) module['default'] = { ...module };
    Object.defineProperty(module, '__esModule', { value: true });
    return module;
  }

  /** Handles a message from the host. */
  receive(message: HostMessage): void {
    switch (message.t) {
      case 'result': {
        const waiting = this.pending.get(message.callId);
        if (!waiting) return;
        this.pending.delete(message.callId);
        const value = decodeValue(message.value, this.hooks);
        if (message.ok) waiting.resolve(value);
        else waiting.reject(relocate(value, waiting.site));
        return;
      }
      case 'invoke':
        this.invoke(message.fn, message.invokeId, message.args);
        return;
      case 'async-error':
        this.reportUncaught(decodeValue(message.error, this.hooks), 'uncaught');
        return;
      default:
        return;
    }
  }

  private buildMember(
    module: string,
    path: readonly string[],
    descriptor: ModuleDescriptor,
  ): unknown {
    switch (descriptor.kind) {
      case 'value':
        return decodeValue(descriptor.value, this.hooks);
      case 'function':
        return this.exportProxy(module, path);
      case 'namespace': {
        const object: Record<string, unknown> = {};
        for (const [key, member] of Object.entries(descriptor.members)) {
          object[key] = this.buildMember(module, [...path, key], member);
        }
        return object;
      }
    }
  }

  private exportProxy(module: string, path: readonly string[]): AnyFunction {
    const spec = this.schema.exportSpec(module, path);
    // A `function`, not an arrow: it must see `new.target` to tell `new Redis()` from a call.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const bridge = this;
    const name = path[path.length - 1] ?? module;
    const exported = function (this: unknown, ...args: unknown[]): unknown {
      if (new.target) {
        const ref = bridge.nextRef++;
        bridge.post({ t: 'new', ref, module, path, args: bridge.encodeArgs(args, false) });
        return bridge.proxy(ref, spec?.construct ?? 'Unknown');
      }
      return bridge.call({ module, path }, null, spec?.call ?? 'promise', args, false, undefined);
    };
    Object.defineProperty(exported, 'name', { value: name === 'default' ? module : name });
    // Passed back as an argument, it stands for the host's own export, not a callback.
    this.exportPaths.set(exported, { module, path });
    return exported;
  }

  /**
   * The proxy for remote object `ref`. `fields` are the values the host copied for an object
   * of a class with `fields` (a NATS message): such proxies are made per message and are not
   * kept here (the host keeps the objects in a bounded table), so a long run does not grow.
   */
  private proxy(ref: number, className: string, fields?: Record<string, unknown>): object {
    const existing = this.proxies.get(ref);
    if (existing) return existing;
    const { schema: runSchema } = this;
    const schema = runSchema.classes[className] ?? runSchema.classes['Unknown'];
    const methods = new Map<string | symbol, unknown>();
    const remember = <T>(key: string | symbol, make: () => T): T => {
      if (!methods.has(key)) methods.set(key, make());
      return methods.get(key) as T;
    };
    const proxy: object = new Proxy(
      {},
      {
        get: (_target, key) => {
          if (key === remoteClassKey) return className;
          if (key === Symbol.asyncIterator && schema?.asyncIterable) {
            // `for await` takes the host's own iterator; each step is one call.
            return () =>
              this.call(
                { ref },
                asyncIteratorMethod,
                { remote: asyncIteratorClass, sync: true },
                [],
                false,
                proxy,
              );
          }
          if (typeof key === 'symbol' || key === 'then' || key === 'toJSON') return undefined;
          // What every object has (`${client}`, `client.hasOwnProperty`) is answered here, as
          // a plain object would: the host never runs such names, so sending them would only
          // make a rejected promise out of a string conversion.
          if (Object.hasOwn(Object.prototype, key)) {
            return Reflect.get(Object.prototype, key) as unknown;
          }
          if (fields && Object.hasOwn(fields, key)) return fields[key];
          if (schema?.props && key in schema.props) return schema.props[key];
          const local = schema?.localMethods?.[key];
          if (local) return remember(key, () => this.localMethod(local, fields ?? {}, ref, key));
          const propClass = schema?.remoteProps?.[key];
          if (propClass) {
            return remember(key, () =>
              this.call({ ref }, key, { remote: propClass, sync: true }, [], false, proxy),
            );
          }
          // A method the host would refuse fails here, at the call, where try/catch sees it
          // (the host's answer would come later, as an uncaught error).
          if (!runSchema.isCallable(className, key)) return notModelled(className, key);
          return remember(key, () => {
            const awaited = schema?.awaitedCallbacks?.includes(key) ?? false;
            return (...args: unknown[]) =>
              this.call({ ref }, key, runSchema.returnShape(className, key), args, awaited, proxy);
          });
        },
        set: () => false,
      },
    );
    if (!fields) this.proxies.set(ref, proxy);
    this.proxyRefs.set(proxy, ref);
    return proxy;
  }

  /** A method answered from copied fields, as the real client computes it locally. */
  private localMethod(
    kind: LocalMethod,
    fields: Record<string, unknown>,
    ref: number,
    name: string,
  ): AnyFunction {
    const text = (): string => new TextDecoder().decode(fields['data'] as Uint8Array);
    switch (kind) {
      case 'text':
        return () => text();
      case 'json':
        return (reviver?: unknown) =>
          JSON.parse(
            text(),
            typeof reviver === 'function' ? (reviver as never) : undefined,
          ) as unknown;
      case 'hasReply':
        return (...args: unknown[]) => {
          // Sent even without a reply subject: the host's message answers false and does nothing.
          this.call({ ref }, name, 'void', args, false, undefined);
          return typeof fields['reply'] === 'string' && fields['reply'] !== '';
        };
    }
  }

  private call(
    target: CallTarget,
    method: string | null,
    shape: ReturnShape,
    args: readonly unknown[],
    awaited: boolean,
    self: object | undefined,
  ): unknown {
    const encoded = this.encodeArgs(args, awaited);
    const base = { t: 'call' as const, target, method, args: encoded };
    if (shape === 'this' || shape === 'void' || shape === 'true') {
      this.post(base);
      return shape === 'this' ? self : shape === 'true' ? true : undefined;
    }
    if (shape === 'remover') {
      const resultRef = this.nextRef++;
      this.post({ ...base, resultRef });
      return () => this.post({ t: 'call', target: { ref: resultRef }, method: null, args: [] });
    }
    if (shape === 'promise') return this.request(base, undefined);
    const resultRef = this.nextRef++;
    if (shape.sync) {
      this.post({ ...base, resultRef });
      return this.proxy(resultRef, shape.remote);
    }
    return this.request(base, resultRef).then(() => this.proxy(resultRef, shape.remote));
  }

  private request(
    message: Extract<GuestMessage, { t: 'call' }>,
    resultRef: number | undefined,
  ): Promise<unknown> {
    const callId = this.nextCall++;
    // Where the reader called from: a rejection is re-thrown with this stack, so an unhandled
    // one points at their line, not at the bridge.
    const site = new Error();
    return new Promise((resolve, reject) => {
      this.pending.set(callId, { resolve, reject, site });
      this.post(
        resultRef === undefined ? { ...message, callId } : { ...message, callId, resultRef },
      );
    });
  }

  private encodeArgs(args: readonly unknown[], awaited: boolean): EncodedValue[] {
    this.awaitedMode = awaited;
    try {
      return args.map((arg) => encodeValue(arg, this.hooks));
    } finally {
      this.awaitedMode = false;
    }
  }

  private functionId(fn: AnyFunction): number {
    const known = this.functionIds.get(fn);
    if (known !== undefined) return known;
    const id = this.nextFn++;
    this.functionIds.set(fn, id);
    this.functions.set(id, { fn, awaited: this.awaitedMode });
    return id;
  }

  private hostFunction(id: number): AnyFunction {
    let stub = this.hostFunctions.get(id);
    if (!stub) {
      stub = (...args: unknown[]) =>
        this.request(
          { t: 'call', target: { ref: id }, method: null, args: this.encodeArgs(args, false) },
          undefined,
        );
      this.hostFunctions.set(id, stub);
      this.proxyRefs.set(stub, id);
    }
    return stub;
  }

  private invoke(fnId: number, invokeId: number, rawArgs: readonly EncodedValue[]): void {
    const entry = this.functions.get(fnId);
    const reply = (ok: boolean, value: unknown): void =>
      this.post({ t: 'invoked', invokeId, ok, value: encodeValue(value, this.hooks) });
    if (!entry) return reply(false, new Error('callback is gone'));
    const fail = (error: unknown): void => {
      // A library that awaits the callback (kafkajs eachMessage) gets the error and retries;
      // anywhere else the error escapes, which crashes a Node process too.
      if (!entry.awaited) this.reportUncaught(error, 'callback');
      reply(false, error);
    };
    let result: unknown;
    try {
      result = entry.fn(...rawArgs.map((arg) => decodeValue(arg, this.hooks)));
    } catch (error) {
      return fail(error);
    }
    if (isThenable(result)) {
      result.then((value) => reply(true, value), fail);
    } else {
      reply(true, result);
    }
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A stand-in for a method the simulated class does not offer: calling it throws at once. */
function notModelled(className: string, method: string): () => never {
  return () => {
    // Worded as the host words the same refusal (host/callable-surface.ts).
    throw new TypeError(`${method} is not a function of ${className} in the simulator`);
  };
}

/** Gives an error from the host the stack of the reader's call, keeping name and message. */
function relocate(error: unknown, site: Error): unknown {
  if (!(error instanceof Error)) return error;
  const frames = (site.stack ?? '').split('\n').filter((line) => /^\s+at |@/.test(line));
  error.stack = [`${error.name}: ${error.message}`, ...frames].join('\n');
  return error;
}
