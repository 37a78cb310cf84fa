import { createPrng } from '../../broker/core/prng';

/**
 * Time and randomness as a service sees them, on the run's clock instead of the thread's:
 * `setTimeout` and its kin ask the host for a timer on the run's scheduler and fire when the
 * run's clock reaches it (so Pause holds them, Speed scales them, Step advances them); `Date`,
 * `performance.now()` and `Date.now()` read the run's time, which the host sends with every
 * message; `Math.random()` is seeded. With these, the same code and seed give the same run.
 */

/** What a guest installs for the reader's code. */
export interface VirtualTime {
  /** The functions and objects the reader's code gets in place of the thread's own. */
  readonly globals: {
    readonly setTimeout: (handler: unknown, delay?: unknown, ...args: unknown[]) => number;
    readonly setInterval: (handler: unknown, delay?: unknown, ...args: unknown[]) => number;
    readonly setImmediate: (handler: unknown, ...args: unknown[]) => number;
    readonly clearTimeout: (id: unknown) => void;
    readonly clearInterval: (id: unknown) => void;
    readonly clearImmediate: (id: unknown) => void;
    readonly Date: DateConstructor;
    readonly performance: { now(): number; readonly timeOrigin: number };
    readonly Math: Math;
  };
  /** The run's time moved to `now` (ms since Run). */
  advance(now: number): void;
  /** Timer `id` is due: runs its callback (and re-arms an interval). */
  fire(id: number): void;
}

interface Timer {
  readonly callback: () => void;
  readonly repeatMs?: number;
}

/**
 * @example
 * const time = createVirtualTime({ epochMs, seed, setTimer: (id, delay) => post(…) , … });
 * main(require, module, exports, console, ...Object.values(time.globals));
 */
export function createVirtualTime(options: {
  readonly epochMs: number;
  readonly seed: number;
  readonly setTimer: (id: number, delay: number) => void;
  readonly clearTimer: (id: number) => void;
  /** Errors thrown by a timer's callback go where uncaught errors go. */
  readonly onError: (error: unknown) => void;
}): VirtualTime {
  const RealDate = Date;
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, Timer>();

  const schedule = (handler: unknown, delay: unknown, args: unknown[], repeat: boolean): number => {
    if (typeof handler !== 'function') {
      // A string would be compiled code: refused, as the thread's own timers are in a sandbox.
      throw new TypeError('timers take a function in a sandbox service, not a string of code');
    }
    const ms = Math.max(0, Number(delay) || 0);
    const id = nextId++;
    const callback = () => (handler as (...a: unknown[]) => void)(...args);
    timers.set(id, repeat ? { callback, repeatMs: Math.max(1, ms) } : { callback });
    options.setTimer(id, repeat ? Math.max(1, ms) : ms);
    return id;
  };
  const clear = (id: unknown): void => {
    const key = typeof id === 'number' ? id : Number(id);
    if (!timers.delete(key)) return;
    options.clearTimer(key);
  };

  // `new Date()` and `Date()` read the run's clock; every other form behaves as Date does.
  function VirtualDate(this: unknown, ...args: unknown[]): unknown {
    if (!new.target) return new RealDate(options.epochMs + now).toString();
    return args.length === 0
      ? new RealDate(options.epochMs + now)
      : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args);
  }
  Object.defineProperties(VirtualDate, {
    prototype: { value: RealDate.prototype },
    now: { value: () => Math.floor(options.epochMs + now) },
    parse: { value: RealDate.parse.bind(RealDate) },
    UTC: { value: RealDate.UTC.bind(RealDate) },
  });

  const random = createPrng(options.seed);
  const virtualMath = Object.create(Math, { random: { value: random } }) as Math;

  return {
    globals: {
      setTimeout: (handler, delay, ...args) => schedule(handler, delay, args, false),
      setInterval: (handler, delay, ...args) => schedule(handler, delay, args, true),
      setImmediate: (handler, ...args) => schedule(handler, 0, args, false),
      clearTimeout: clear,
      clearInterval: clear,
      clearImmediate: clear,
      Date: VirtualDate as unknown as DateConstructor,
      performance: {
        now: () => now,
        timeOrigin: options.epochMs,
      },
      Math: virtualMath,
    },
    advance(to) {
      if (to > now) now = to;
    },
    fire(id) {
      const timer = timers.get(id);
      if (!timer) return;
      if (timer.repeatMs === undefined) timers.delete(id);
      else options.setTimer(id, timer.repeatMs);
      try {
        timer.callback();
      } catch (error) {
        options.onError(error);
      }
    },
  };
}
