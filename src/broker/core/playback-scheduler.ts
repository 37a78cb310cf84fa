import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** The real clock a {@link PlaybackScheduler} is driven by; tests pass a virtual one. */
export interface RealClock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `callback` once after `ms` real milliseconds; the returned function cancels it. */
  setTimer(callback: () => void, ms: number): () => void;
}

/** The wall clock of whatever runs the broker: `performance.now()` and `setTimeout`. */
export const systemClock: RealClock = {
  now: () => (typeof performance === 'undefined' ? Date.now() : performance.now()),
  setTimer: (callback, ms) => {
    const id = setTimeout(callback, ms);
    return () => clearTimeout(id);
  },
};

/** Slowest and fastest playback speeds a reader may pick. */
export const minSpeed = 0.25;
export const maxSpeed = 4;

/**
 * An RxJS scheduler for the browser whose virtual time runs at `speed` × real time and can be
 * paused (nothing due fires, `now()` stands still), stepped one action at a time while paused,
 * and resumed. Real timers drive it, but `now()` is its own, so the trace shows scaled time.
 *
 * @example
 * const scheduler = createPlaybackScheduler();
 * const broker = createBroker({ scheduler });
 * scheduler.pause();
 * scheduler.step(); // runs exactly the next due action
 * scheduler.setSpeed(0.5);
 * scheduler.resume();
 */
export interface PlaybackScheduler extends SchedulerLike {
  readonly speed: number;
  readonly paused: boolean;
  /** Sets the speed, clamped to [0.25, 4]; virtual time does not jump. */
  setSpeed(speed: number): void;
  pause(): void;
  resume(): void;
  /** While paused: moves time to the next due action and runs it. Returns false if none. */
  step(): boolean;
  /** How many actions are waiting. */
  pending(): number;
  /** Cancels the real timer and forgets every action. */
  dispose(): void;
}

/** Creates a {@link PlaybackScheduler} starting at virtual time 0, running, at speed 1. */
export function createPlaybackScheduler(
  options: { readonly clock?: RealClock; readonly speed?: number } = {},
): PlaybackScheduler {
  return new Playback(options.clock ?? systemClock, options.speed ?? 1);
}

class PlaybackAction<T> extends Subscription implements SchedulerAction<T> {
  due = 0;
  order = 0;
  queued = false;
  state: T | undefined;

  constructor(
    private readonly owner: Playback,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
    this.add(() => owner.remove(this as PlaybackAction<unknown>));
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.owner.enqueue(this as PlaybackAction<unknown>, delay);
    return this;
  }

  run(): void {
    this.work.call(this, this.state);
  }
}

class Playback implements PlaybackScheduler {
  private readonly queue: PlaybackAction<unknown>[] = [];
  private nextOrder = 0;
  private baseVirtual = 0;
  private baseReal: number;
  private cancelTimer: (() => void) | undefined;
  private running = false;
  speed: number;
  paused = false;

  constructor(
    private readonly clock: RealClock,
    speed: number,
  ) {
    this.speed = clamp(speed);
    this.baseReal = clock.now();
  }

  now(): number {
    if (this.paused) return this.baseVirtual;
    return this.baseVirtual + (this.clock.now() - this.baseReal) * this.speed;
  }

  schedule<T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay = 0,
    state?: T,
  ): Subscription {
    return new PlaybackAction<T>(this, work).schedule(state, delay);
  }

  setSpeed(speed: number): void {
    this.rebase();
    this.speed = clamp(speed);
    this.arm();
  }

  pause(): void {
    if (this.paused) return;
    this.baseVirtual = this.now();
    this.paused = true;
    this.arm();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.baseReal = this.clock.now();
    this.arm();
  }

  step(): boolean {
    if (!this.paused) return false;
    const next = this.queue.shift();
    if (!next) return false;
    next.queued = false;
    if (next.due > this.baseVirtual) this.baseVirtual = next.due;
    next.run();
    return true;
  }

  pending(): number {
    return this.queue.length;
  }

  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    for (const action of this.queue) action.queued = false;
    this.queue.length = 0;
  }

  enqueue(action: PlaybackAction<unknown>, delay: number): void {
    if (action.queued) this.removeFromQueue(action);
    action.due = this.now() + Math.max(0, delay);
    action.order = this.nextOrder++;
    action.queued = true;
    // Binary search keeps the queue ordered by (due, order): equal times run in schedule order.
    let lo = 0;
    let hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = this.queue[mid]!;
      if (other.due < action.due || (other.due === action.due && other.order < action.order)) {
        lo = mid + 1;
      } else hi = mid;
    }
    this.queue.splice(lo, 0, action);
    if (lo === 0 && !this.running) this.arm();
  }

  remove(action: PlaybackAction<unknown>): void {
    if (action.queued) this.removeFromQueue(action);
  }

  private removeFromQueue(action: PlaybackAction<unknown>): void {
    const index = this.queue.indexOf(action);
    if (index >= 0) this.queue.splice(index, 1);
    action.queued = false;
  }

  private rebase(): void {
    if (this.paused) return;
    this.baseVirtual = this.now();
    this.baseReal = this.clock.now();
  }

  private arm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    const head = this.queue[0];
    if (this.paused || !head) return;
    const wait = Math.max(0, (head.due - this.now()) / this.speed);
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.runDue();
    }, wait);
  }

  private runDue(): void {
    this.running = true;
    // Only actions queued before this pass run now, so an action that keeps rescheduling
    // itself at delay 0 yields to the event loop instead of hanging the page.
    const lastOrder = this.nextOrder;
    let failure: Error | undefined;
    try {
      for (;;) {
        if (this.paused) break;
        const head = this.queue[0];
        if (!head || head.due > this.now() || head.order >= lastOrder) break;
        this.queue.shift();
        head.queued = false;
        try {
          head.run();
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
        }
      }
    } finally {
      this.running = false;
      this.arm();
    }
    if (failure !== undefined) throw failure;
  }
}

function clamp(speed: number): number {
  return Math.min(maxSpeed, Math.max(minSpeed, speed));
}
