import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { maxSpeed, minSpeed, systemClock, type RealClock } from './real-clock';

/**
 * The speed at which run time never waits for the wall clock: each action runs as soon as the
 * run is quiet, so a run goes as fast as its threads and the broker can go.
 */
export const asFastAsPossible = Number.POSITIVE_INFINITY;

/** How long the clock waits in real time for the next action at most when skipping idle time. */
export const idleCapMs = 100;

/**
 * The one clock of a run: an RxJS scheduler for the broker and for every service's timers,
 * in the manner of deterministic simulation (FoundationDB's, TigerBeetle's VOPR). Time is
 * discrete: `now()` is the due time of the action running, and moves only from one action to
 * the next, in (due, order) order. Two things hold an action back:
 *
 * - the gate: a pass of actions starts only while the run is quiet, i.e. every service has
 *   settled what it was given (src/runtime/host/run-rounds.ts decides), and runs everything due
 *   at that time in one turn (the actions are fixed when the pass starts, so a delivery to a
 *   thread does not cost a round per message); a later time waits for the gate again. Threads
 *   race in real time; the clock never sees it, so the same code and seed give the same run.
 * - pacing: the next action runs `(due − now) ÷ speed` real milliseconds after the last, so the
 *   run plays at the reader's speed. Paused, nothing runs; `stepOnce` runs the next action at
 *   once. With `skipIdle`, no wait is longer than {@link idleCapMs}: a 30 s back-off plays in a
 *   moment while the console still shows the run's own times.
 *   At {@link asFastAsPossible} nothing waits for the wall clock at all. A wait of 0 wakes on
 *   the next task (a MessageChannel message, src/broker/core/next-task.ts), never `setTimeout`.
 *
 * The broker's own tests run it with no gate (always open) on a manual real clock.
 *
 * @example
 * const clock = createRunClock({ speed: 1 });
 * const broker = createBroker({ scheduler: clock });
 * clock.pause();
 * clock.step(); // runs exactly the next action
 */
export interface RunClock extends SchedulerLike {
  readonly speed: number;
  readonly paused: boolean;
  pause(): void;
  resume(): void;
  /** While paused: runs the next action (as {@link RunClock.stepOnce}). */
  step(): boolean;
  /** 0.25 to 4 (clamped), or {@link asFastAsPossible}; run time does not jump. */
  setSpeed(speed: number): void;
  /** Cancels the real timer and forgets every action. */
  dispose(): void;
  skipIdle: boolean;
  /** Tells the clock when the run is quiet enough for the next action. */
  setGate(isOpen: () => boolean): void;
  /** The gate may have opened: look again. */
  kick(): void;
  /** Runs the next action now, paused or not, if the gate is open. Returns false if it could not. */
  stepOnce(): boolean;
  /** How many actions are waiting. */
  pending(): number;
}

/** Creates a {@link RunClock} at run time 0, running. */
export function createRunClock(
  options: {
    readonly speed?: number;
    readonly skipIdle?: boolean;
    readonly clock?: RealClock;
  } = {},
): RunClock {
  return new Clock(options.clock ?? systemClock, options.speed ?? 1, options.skipIdle ?? false);
}

class ClockAction<T> extends Subscription implements SchedulerAction<T> {
  due = 0;
  order = 0;
  queued = false;
  state: T | undefined;

  constructor(
    private readonly owner: Clock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
  ) {
    super();
    this.add(() => owner.remove(this as ClockAction<unknown>));
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.owner.enqueue(this as ClockAction<unknown>, delay);
    return this;
  }

  run(): void {
    this.work.call(this, this.state);
  }
}

class Clock implements RunClock {
  private readonly queue: ClockAction<unknown>[] = [];
  private nextOrder = 0;
  private virtualNow = 0;
  /** Real time of the last action (or of resume, or of a speed change). */
  private anchorReal: number;
  private cancelTimer: (() => void) | undefined;
  private running = false;
  private gate: () => boolean = () => true;
  private disposed = false;
  speed: number;
  paused = false;

  constructor(
    private readonly clock: RealClock,
    speed: number,
    public skipIdle: boolean,
  ) {
    this.speed = clamp(speed);
    this.anchorReal = clock.now();
  }

  now(): number {
    return this.virtualNow;
  }

  schedule<T>(
    work: (this: SchedulerAction<T>, state?: T) => void,
    delay = 0,
    state?: T,
  ): Subscription {
    return new ClockAction<T>(this, work).schedule(state, delay);
  }

  setGate(isOpen: () => boolean): void {
    this.gate = isOpen;
  }

  kick(): void {
    if (!this.running) this.arm();
  }

  setSpeed(speed: number): void {
    this.anchorReal = this.clock.now();
    this.speed = clamp(speed);
    this.kick();
  }

  pause(): void {
    this.paused = true;
    this.cancel();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.anchorReal = this.clock.now();
    this.kick();
  }

  step(): boolean {
    return this.paused && this.stepOnce();
  }

  stepOnce(): boolean {
    const head = this.queue[0];
    if (!head || !this.gate()) return false;
    this.runHead(head);
    this.kick();
    return true;
  }

  pending(): number {
    return this.queue.length;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
    for (const action of this.queue) action.queued = false;
    this.queue.length = 0;
  }

  enqueue(action: ClockAction<unknown>, delay: number): void {
    if (this.disposed) return;
    if (action.queued) this.removeFromQueue(action);
    action.due = this.virtualNow + Math.max(0, Number.isFinite(delay) ? delay : 0);
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
    if (lo === 0) this.kick();
  }

  remove(action: ClockAction<unknown>): void {
    if (action.queued) this.removeFromQueue(action);
  }

  private removeFromQueue(action: ClockAction<unknown>): void {
    const index = this.queue.indexOf(action);
    if (index >= 0) this.queue.splice(index, 1);
    action.queued = false;
  }

  /** Real milliseconds until `action` may run. */
  private waitFor(action: ClockAction<unknown>): number {
    const paced = (action.due - this.virtualNow) / this.speed;
    const wait =
      (this.skipIdle ? Math.min(paced, idleCapMs) : paced) - (this.clock.now() - this.anchorReal);
    return Math.max(0, wait);
  }

  private cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private arm(): void {
    this.cancel();
    const head = this.queue[0];
    if (this.paused || this.disposed || !head) return;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.runDue();
    }, this.waitFor(head));
  }

  private runHead(head: ClockAction<unknown>): void {
    this.queue.shift();
    head.queued = false;
    if (head.due > this.virtualNow) this.virtualNow = head.due;
    this.anchorReal = this.clock.now();
    head.run();
  }

  private runDue(): void {
    // The gate is looked at here, when an action would run, not when the timer was set: a
    // service may have been handed work since (a broker result sent in a microtask).
    if (!this.gate()) return;
    this.running = true;
    // Only actions queued before this pass run now, so an action that keeps rescheduling
    // itself at delay 0 yields to the event loop instead of hanging the thread.
    const lastOrder = this.nextOrder;
    // Everything due at the time the pass starts at runs in this pass, gate or not: which
    // actions those are was fixed when the gate was last seen open, so the run stays the same
    // for the same seed, and a delivery to a thread no longer costs a round per message. A later
    // time waits for the gate again (a thread's answer may schedule something before it).
    const passTime = this.queue[0]?.due;
    let failure: Error | undefined;
    try {
      for (;;) {
        if (this.paused || this.disposed) break;
        const head = this.queue[0];
        if (!head || head.order >= lastOrder || this.waitFor(head) > 0) break;
        if (head.due !== passTime && !this.gate()) break;
        try {
          this.runHead(head);
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
        }
      }
    } finally {
      this.running = false;
      if (this.gate()) this.arm();
    }
    if (failure !== undefined) throw failure;
  }
}

/** {@link asFastAsPossible} stays as it is; every other speed is clamped to the slider's range. */
function clamp(speed: number): number {
  if (speed === asFastAsPossible) return speed;
  return Math.min(maxSpeed, Math.max(minSpeed, speed));
}
