import {
  createRemoteSchema,
  type GuestMessage,
  type HostMessage,
  type StampedHostMessage,
} from '../protocol';
import type { OutputLevel } from '../contract';
import { formatLogArgs } from './format-value';
import { GuestBridge } from './guest-bridge';
import { createVirtualTime, type VirtualTime } from './virtual-time';

/** What a guest needs from the thread it runs in (a Web Worker or a worker_thread). */
export interface GuestEnvironment {
  post(message: GuestMessage): void;
  /**
   * Sends many messages at once, in order (one postMessage for all of them). When given, the
   * guest sends what one turn of its thread produced, its `settled` last, as one batch: a
   * round trip then costs one message each way instead of three.
   */
  postBatch?(messages: GuestMessage[]): void;
  listen(handler: (message: HostMessage) => void): void;
  /** Registers the handler for errors and rejections nobody caught in this thread. */
  onUncaught(handler: (error: unknown, origin: 'uncaught' | 'rejection') => void): void;
  /** Evaluates a function expression in the global scope, naming it `file` in stack traces. */
  evaluate(source: string, file: string): unknown;
  /** Turns bytes into the Buffer the reader's code expects (`msg.content.toString()`). */
  toBuffer(bytes: Uint8Array): Uint8Array;
  /** Extra modules sandbox code may require besides the broker clients (`buffer`…). */
  readonly builtins: Readonly<Record<string, unknown>>;
  /** False to leave the thread's global console alone (a guest running inside a test). */
  readonly installConsole?: boolean;
  /**
   * Runs `callback` on a later task of the thread's real event loop, once every microtask has
   * run (`setImmediate` in Node, a MessageChannel turn in a worker): how the guest knows it
   * has settled what a host message started.
   */
  afterMicrotasks(callback: () => void): void;
}

type ServiceMain = (...parameters: unknown[]) => unknown;

/**
 * Runs one service inside its thread: answers pings, waits for `start`, builds the client
 * modules, captures the console, evaluates the transpiled code and reports what escapes it.
 */
export function runGuest(env: GuestEnvironment): void {
  const outgoing = createOutbox(env);
  const post = (message: GuestMessage): void => outgoing.post(message);
  let failed = false;
  const report = (error: unknown, origin: 'startup' | 'uncaught' | 'rejection' | 'callback') => {
    if (failed || error instanceof ProcessExit) return;
    failed = true;
    const e = error instanceof Error ? error : new Error(formatLogArgs([error]));
    post({
      t: 'uncaught',
      name: e.name,
      message: e.message,
      stack: e.stack ?? `${e.name}: ${e.message}`,
      origin,
    });
  };
  const bridge = new GuestBridge(
    (m) => post(m),
    report,
    (bytes) => env.toBuffer(bytes),
  );
  let time: VirtualTime | undefined;
  // `settled` goes out once the thread has run everything the last host message started; the
  // run's clock waits for it (see src/runtime/host/run-clock.ts).
  let lastSeq = -1;
  let settling = false;
  const settle = (seq: number): void => {
    lastSeq = Math.max(lastSeq, seq);
    if (settling) return;
    settling = true;
    outgoing.holdUntilSettled();
    env.afterMicrotasks(() => {
      settling = false;
      outgoing.settle({ t: 'settled', seq: lastSeq });
    });
  };
  env.onUncaught(report);
  env.listen((raw) => {
    const message = raw as StampedHostMessage;
    if (message.t === 'ping') {
      post({ t: 'pong', n: message.n });
      return;
    }
    if (typeof message.now === 'number') time?.advance(message.now);
    try {
      if (message.t === 'start') start(message);
      else if (message.t === 'fire') time?.fire(message.id);
      else bridge.receive(message);
    } finally {
      if (typeof message.seq === 'number') settle(message.seq);
    }
  });
  post({ t: 'ready' });

  function start(message: Extract<HostMessage, { t: 'start' }>): void {
    bridge.useSchema(createRemoteSchema(message.surfaces));
    const modules = new Map<string, Record<string, unknown>>();
    for (const [name, descriptor] of Object.entries(message.modules)) {
      modules.set(name, bridge.buildModule(name, descriptor));
    }
    const captured = createConsole(post, message.outputLimit);
    time = createVirtualTime({
      epochMs: message.epochMs,
      seed: message.randomSeed,
      setTimer: (id, delay) => post({ t: 'timer', id, delay }),
      clearTimer: (id) => post({ t: 'timer-clear', id }),
      onError: (error) => report(error, 'uncaught'),
    });
    time.advance((message as StampedHostMessage).now ?? 0);
    if ((globalThis as { process?: unknown }).process === undefined) {
      // Browser threads have no `process`; sandbox code reads `process.env` or calls
      // `process.exit()` as in Node, so give it the small part that makes sense here.
      Object.defineProperty(globalThis, 'process', {
        value: processShim(
          message.file,
          (code) => post({ t: 'exit', code }),
          () => time?.globals.performance.now() ?? 0,
        ),
        configurable: true,
      });
    }
    // The reader's code gets it as a parameter too, so an in-process guest (tests) works alike.
    if (env.installConsole !== false) {
      Object.defineProperty(globalThis, 'console', {
        value: captured,
        configurable: true,
        writable: true,
      });
    }
    const require = (name: string): unknown => {
      const module = modules.get(name) ?? env.builtins[name];
      if (module !== undefined) return module;
      throw new Error(
        `Cannot find module '${name}': sandbox services can import ${[...modules.keys()].join(', ')}`,
      );
    };
    let main: ServiceMain;
    try {
      main = env.evaluate(message.code, message.file) as ServiceMain;
    } catch (error) {
      report(error, 'startup');
      return;
    }
    const module = { exports: {} };
    const clock = time.globals;
    try {
      // In the order of serviceParameters (src/runtime/transpile/transpile-service.ts).
      const done = main(
        require,
        module,
        module.exports,
        captured,
        clock.setTimeout,
        clock.setInterval,
        clock.setImmediate,
        clock.clearTimeout,
        clock.clearInterval,
        clock.clearImmediate,
        clock.Date,
        clock.performance,
        clock.Math,
      );
      if (done instanceof Promise) done.catch((error: unknown) => report(error, 'uncaught'));
    } catch (error) {
      report(error, 'uncaught');
    }
  }
}

function createConsole(post: (message: GuestMessage) => void, limit: number): Console {
  let lines = 0;
  const emit =
    (level: OutputLevel) =>
    (...args: unknown[]) => {
      lines += 1;
      if (lines > limit) {
        if (lines === limit + 1) post({ t: 'output-capped', limit });
        return;
      }
      post({ t: 'output', level, text: formatLogArgs(args) });
    };
  const log = emit('log');
  const captured = {
    log,
    debug: log,
    trace: log,
    dir: (value: unknown) => log(value),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    table: log,
    assert: (condition: unknown, ...args: unknown[]) => {
      if (!condition) emit('error')('Assertion failed', ...args);
    },
    group: log,
    groupEnd: () => undefined,
    time: () => undefined,
    timeEnd: () => undefined,
    count: () => undefined,
  };
  return captured as unknown as Console;
}

/** Thrown by the browser `process.exit()` to unwind the caller; never reported as an error. */
export class ProcessExit extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

function processShim(file: string, exit: (code: number) => void, now: () => number): object {
  const shim = {
    env: {} as Record<string, string>,
    argv: ['node', file],
    platform: 'browser',
    exitCode: undefined as number | undefined,
    exit(code?: number): never {
      const value = Number(code ?? shim.exitCode ?? 0) || 0;
      exit(value);
      // The host ends this thread on the message; until then nothing after exit() may run.
      throw new ProcessExit(value);
    },
    on: () => shim,
    once: () => shim,
    off: () => shim,
    nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) =>
      queueMicrotask(() => fn(...args)),
    cwd: () => '/',
    uptime: () => now() / 1000,
  };
  return shim;
}

/** At most this many messages in one batch: the host can start on a flood while more comes. */
export const maxBatch = 4_096;

/**
 * What the guest sends, batched when the thread can send batches: messages wait until the
 * thread's turn is over (its `settled`, or a task later when no host message started the turn)
 * and go out together, in order, in batches of at most {@link maxBatch}.
 */
function createOutbox(env: GuestEnvironment) {
  const postBatch = env.postBatch
    ? (messages: GuestMessage[]) => env.postBatch!(messages)
    : undefined;
  const waiting: GuestMessage[] = [];
  let flushQueued = false;
  let settling = false;
  const flush = (): void => {
    flushQueued = false;
    while (waiting.length > 0) postBatch!(waiting.splice(0, maxBatch));
  };
  return {
    post(message: GuestMessage): void {
      if (!postBatch) {
        env.post(message);
        return;
      }
      waiting.push(message);
      // A console line leaves at once, with what waited before it: the code after it may never
      // yield (an endless loop), and the reader must still see what it printed before hanging.
      if (message.t === 'output' || waiting.length >= maxBatch) flush();
      // While a host message is being settled, the settle sends it; otherwise a task later.
      if (settling || flushQueued) return;
      flushQueued = true;
      env.afterMicrotasks(flush);
    },
    /** A host message is running: what it sends leaves with its `settled`. */
    holdUntilSettled(): void {
      settling = true;
    },
    settle(message: GuestMessage): void {
      settling = false;
      if (!postBatch) {
        env.post(message);
        return;
      }
      waiting.push(message);
      flush();
    },
  };
}
