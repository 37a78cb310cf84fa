import type { EncodedValue } from './encoded-value';
import type { ModuleDescriptor } from './module-descriptor';
import type { ClientSurface } from './remote-schema';
import type { OutputLevel } from '../contract';

/**
 * The numbered-command protocol between one service (a Web Worker or worker_thread, the
 * "guest") and the broker host. Every request that needs an answer carries a `callId`; the
 * answer carries it back. Object refs (`ref`) are numbered by the guest, so a synchronous call
 * such as `kafka.producer()` can return a usable proxy at once: the host registers the real
 * object under the same number before any later command on that port is read.
 */
export type GuestMessage =
  /** The guest loaded and waits for `start`; the hang clock starts after this. */
  | { readonly t: 'ready' }
  /** `new module.exportName(...args)`, registered as `ref`. */
  | {
      readonly t: 'new';
      readonly ref: number;
      readonly module: string;
      readonly path: readonly string[];
      readonly args: readonly EncodedValue[];
    }
  /**
   * A method call on a ref (or on a module export when `module` is set, or on the ref itself
   * when `method` is null). `callId` asks for a `result`; `resultRef` registers the result.
   */
  | {
      readonly t: 'call';
      readonly target:
        { readonly ref: number } | { readonly module: string; readonly path: readonly string[] };
      readonly method: string | null;
      readonly args: readonly EncodedValue[];
      readonly callId?: number;
      readonly resultRef?: number;
    }
  /** The answer to a host `invoke`. */
  | {
      readonly t: 'invoked';
      readonly invokeId: number;
      readonly ok: boolean;
      readonly value: EncodedValue;
    }
  | { readonly t: 'output'; readonly level: OutputLevel; readonly text: string }
  /** Lines dropped because the service reached its output limit. */
  | { readonly t: 'output-capped'; readonly limit: number }
  /** An error the service did not handle: the service is failed like a crashed process. */
  | {
      readonly t: 'uncaught';
      readonly name: string;
      readonly message: string;
      readonly stack: string;
      readonly origin: 'startup' | 'uncaught' | 'rejection' | 'callback';
    }
  | { readonly t: 'pong'; readonly n: number }
  /** The service called `process.exit(code)` (browser guests; a worker_thread just ends). */
  | { readonly t: 'exit'; readonly code: number }
  /** A timer of the service's (`setTimeout`, `setInterval`…): fire `id` after `delay` run ms. */
  | { readonly t: 'timer'; readonly id: number; readonly delay: number }
  | { readonly t: 'timer-clear'; readonly id: number }
  /**
   * Everything host message `seq` started has run to the end of its microtasks: the service
   * waits for the host again. The run's clock moves only while every service is settled.
   */
  | { readonly t: 'settled'; readonly seq: number };

/**
 * What every host message that makes the guest run code carries: its number (answered by
 * `settled`) and the run's clock at that moment, which `Date`, `performance.now` and timers in
 * the guest read.
 */
export interface RunTime {
  readonly seq: number;
  /** Run time in milliseconds (0 at Run). */
  readonly now: number;
}

/** Messages from the broker host to a guest. */
export type HostMessage =
  | {
      readonly t: 'start';
      readonly service: string;
      readonly file: string;
      /** Already transpiled JavaScript (CommonJS-shaped, same line numbers as the source). */
      readonly code: string;
      readonly modules: Readonly<Record<string, ModuleDescriptor>>;
      /**
       * The client surfaces of the broker's models, from which the guest derives the run's RPC
       * schema (remote-schema.ts): plain data, so the guest never loads a model.
       */
      readonly surfaces: readonly ClientSurface[];
      readonly outputLimit: number;
      /** Wall-clock milliseconds that run time 0 stands for (`Date` reads epoch + now). */
      readonly epochMs: number;
      /** Seeds this service's `Math.random`. */
      readonly randomSeed: number;
    }
  | {
      readonly t: 'result';
      readonly callId: number;
      readonly ok: boolean;
      readonly value: EncodedValue;
    }
  /** Call guest function `fn` (a callback or listener); answer with `invoked`. */
  | {
      readonly t: 'invoke';
      readonly fn: number;
      readonly invokeId: number;
      readonly args: readonly EncodedValue[];
    }
  /** A fire-and-forget call failed on the host: raise it in the guest as uncaught. */
  | { readonly t: 'async-error'; readonly error: EncodedValue }
  /** Timer `id` is due. */
  | { readonly t: 'fire'; readonly id: number }
  | { readonly t: 'ping'; readonly n: number };

/** A host message as sent: every one but `ping` carries the {@link RunTime}. */
export type StampedHostMessage = HostMessage & Partial<RunTime>;
