import type { SchedulerLike } from 'rxjs';
import { noFaults, type FaultSettings } from './fault-settings';
import { FaultGate, faultsActive } from './fault-gate';
import type { ModelContext } from './model-context';
import { createPrng, keyedDraw } from './prng';
import { TraceHub } from './trace-hub';
import type { ModelName } from './trace-event';

/**
 * What every model inside one broker shares: the scheduler, the trace, the seeded PRNG, the live
 * faults and a "soon" queue. Work posted with {@link soon} runs in one scheduler action per
 * batch (not one per message), which is what keeps the broker fast under load while every
 * delivery still waits for the scheduler, so pausing the run pauses the broker. Each model sees
 * it through its own {@link ModelContext} ({@link contextFor}).
 */
export class BrokerCore {
  readonly hub: TraceHub;
  readonly random: () => number;
  private currentFaults: FaultSettings;
  /** True while any fault is on; read on every delivery. */
  faulty: boolean;
  private messageCounter = 0;
  private tasks: (() => void)[] = [];
  private drainScheduled = false;
  private closed = false;

  constructor(
    readonly scheduler: SchedulerLike,
    private readonly seed: number,
    faults: FaultSettings = noFaults,
    private readonly onUnhandledError: UnhandledErrorHandler = throwUnhandled,
  ) {
    this.hub = new TraceHub(scheduler);
    this.random = createPrng(seed);
    this.currentFaults = faults;
    this.faulty = faultsActive(faults);
  }

  /** The context model `name` codes against: this broker's shared parts, its name on every event. */
  contextFor(name: ModelName): ModelContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context reads live fields
    const core = this;
    const hub = this.hub;
    const gate = this.gate(name);
    return {
      name,
      scheduler: this.scheduler,
      trace: (fields) => hub.emitFrom(name, fields),
      get traced() {
        return hub.observed;
      },
      random: this.random,
      nextMessageId: () => this.nextMessageId(),
      faults: () => this.currentFaults,
      get faulty() {
        return core.faulty;
      },
      gate,
      soon: (task) => this.soon(task),
      later: (task, delayMs) => this.later(task, delayMs),
      unhandledError: (owner, error) => this.unhandledError(owner, error),
    };
  }

  /**
   * A client that `owner` (a service) made emitted 'error' and nobody listens: Node's
   * EventEmitter would throw it and end that service's process.
   */
  unhandledError(owner: string, error: Error): void {
    this.onUnhandledError(owner, error);
  }

  /** A new message id, `m1`, `m2`, … */
  nextMessageId(): string {
    return `m${++this.messageCounter}`;
  }

  faults(): FaultSettings {
    return this.currentFaults;
  }

  setFaults(faults: FaultSettings): void {
    this.currentFaults = faults;
    this.faulty = faultsActive(faults);
  }

  /** The fault gate of one model. */
  private gate(model: ModelName): FaultGate {
    return new FaultGate(
      this.scheduler,
      (fields) => this.hub.emitFrom(model, fields),
      (key) => keyedDraw(this.seed, key),
      () => this.currentFaults,
    );
  }

  /** Runs `task` on the scheduler, after what is already queued, at the current time. */
  soon(task: () => void): void {
    if (this.closed) return;
    this.tasks.push(task);
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      this.scheduler.schedule(() => this.drain(), 0);
    }
  }

  /** Runs `task` after `delayMs` of scheduler time. */
  later(task: () => void, delayMs: number): void {
    if (this.closed) return;
    this.scheduler.schedule(() => {
      if (!this.closed) task();
    }, delayMs);
  }

  /** Stops every pending task; the broker is closing. */
  close(): void {
    this.closed = true;
    this.tasks.length = 0;
    this.hub.complete();
  }

  private drain(): void {
    this.drainScheduled = false;
    // Tasks posted while this batch runs wait for the next pass, so a hot loop (a consumer
    // that nacks with requeue forever) yields to timers instead of freezing the worker.
    const batch = this.tasks;
    this.tasks = [];
    for (let i = 0; i < batch.length; i++) {
      if (this.closed) return;
      try {
        batch[i]!();
      } catch (error) {
        reportUserError(error);
      }
    }
  }
}

/** Told which service's client emitted an 'error' that had no listener. */
export type UnhandledErrorHandler = (owner: string, error: Error) => void;

/** Without a runtime to tell, the error is thrown, as an EventEmitter would. */
function throwUnhandled(_owner: string, error: Error): void {
  reportUserError(error);
}

/**
 * Rethrows an error from reader code (a consumer callback, an event listener) outside the broker,
 * as an uncaught error of the service, so it neither corrupts the broker nor vanishes.
 */
export function reportUserError(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}
