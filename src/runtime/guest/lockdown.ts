/**
 * What sandbox code must not reach from a Web Worker: the network and what the site stores.
 * Each becomes a getter that throws a clear error, on the global object and on every prototype
 * up its chain, non-configurable so the code cannot put it back.
 */
export const blockedGlobals: readonly string[] = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'indexedDB',
  'IDBFactory',
  'caches',
  'CacheStorage',
  'cookieStore',
  'CookieStore',
  'postMessage',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
];

/** The error every blocked name throws, so the reader sees why, not "undefined is not a function". */
export function blockedError(name: string): Error {
  return new Error(
    `${name} is not available in a sandbox service: services reach the outside only through ` +
      'the broker clients (ioredis, amqplib, kafkajs)',
  );
}

/**
 * Locks the worker's global scope before sandbox code runs: network and storage globals throw,
 * `navigator.storage` too, code can no longer be compiled from strings (eval, Function,
 * string timers), because a string could hold an `import()` of a remote URL that no rewriting of
 * the reader's source would see. Call it after the reader's code is compiled.
 */
export function lockDownGlobals(scope: object = globalThis): void {
  for (let target: object | null = scope; target; target = protoOf(target)) {
    if (target === Object.prototype) break;
    for (const name of blockedGlobals) {
      if (target === scope || Object.prototype.hasOwnProperty.call(target, name))
        block(target, name);
    }
  }
  const nav = (scope as { navigator?: object }).navigator;
  if (nav) {
    for (
      let target: object | null = nav;
      target && target !== Object.prototype;
      target = protoOf(target)
    ) {
      for (const name of ['storage', 'serviceWorker', 'locks']) {
        if (target === nav || Object.prototype.hasOwnProperty.call(target, name))
          block(target, name);
      }
    }
  }
  // Code from strings: eval and every function constructor.
  block(scope, 'eval');
  const constructors = [
    Function,
    constructorOf(async function () {}),
    constructorOf(function* () {}),
    constructorOf(async function* () {}),
  ] as { prototype: object }[];
  for (const constructor of constructors) {
    Object.defineProperty(constructor.prototype, 'constructor', {
      value: function blocked() {
        throw blockedError('Compiling code from a string');
      },
      writable: false,
      configurable: false,
    });
  }
  block(scope, 'Function');
  for (const name of ['setTimeout', 'setInterval'] as const) {
    const original = (scope as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    if (typeof original !== 'function') continue;
    const guarded = function (handler: unknown, ...rest: unknown[]) {
      if (typeof handler !== 'function') throw blockedError(`${name} with a string`);
      return original.call(scope, handler, ...rest);
    };
    Object.defineProperty(scope, name, { value: guarded, writable: false, configurable: false });
  }
}

function protoOf(value: object): object | null {
  return Object.getPrototypeOf(value) as object | null;
}

function constructorOf(fn: object): unknown {
  return (protoOf(fn) as { constructor: unknown }).constructor;
}

function block(target: object, name: string): void {
  try {
    Object.defineProperty(target, name, {
      get() {
        throw blockedError(name);
      },
      set() {
        throw blockedError(name);
      },
      configurable: false,
      enumerable: false,
    });
  } catch {
    // Already non-configurable (engine-defined): try removing the value instead.
    try {
      (target as Record<string, unknown>)[name] = undefined;
    } catch {
      // Nothing more can be done from script; the worker's origin rules still apply.
    }
  }
}
