import type { SchedulerLike } from 'rxjs';
import type { FaultGate } from './fault-gate';
import type { FaultSettings } from './fault-settings';
import type { ModelName, TraceFields } from './trace-event';

/**
 * What every broker model is given by `createBroker`: the one scheduler all delays go through,
 * the one trace, the seeded randomness, the live faults and the fault gate. Models never read
 * the wall clock and never call Math.random, so the same seed and the same calls give the same
 * trace. One context per model: its name is stamped on every event it traces.
 */
export interface ModelContext {
  /** The model's name, as in `sandbox.json` and on every trace event (`redis`, `amqp`…). */
  readonly name: ModelName;
  readonly scheduler: SchedulerLike;
  /** Emits a trace event from this model, stamped with scheduler time and the next sequence number. */
  trace(fields: ModelTraceFields): void;
  /** Whether anyone reads the trace: skip work (payload decoding) that only feeds it. */
  readonly traced: boolean;
  /**
   * Seeded uniform random in [0, 1), drawn in sequence: for choices the model makes in its own
   * order (a queue group member, a partition). Faults never use it: see {@link gate}.
   */
  random(): number;
  /** A new message id, unique within the broker (`m1`, `m2`, …). */
  nextMessageId(): string;
  /** The faults in force now; the UI may change them during a run. */
  faults(): FaultSettings;
  /** True while any fault is on; cheap enough to read on every delivery. */
  readonly faulty: boolean;
  /**
   * Where this model hands a message to a consumer under the reader's faults: every draw is
   * keyed by the delivery, so faults replay by seed whatever order consumers start in.
   */
  readonly gate: FaultGate;
  /** Runs `task` on the scheduler at the current time, after what is already queued (batched). */
  soon(task: () => void): void;
  /** Runs `task` after `delayMs` of scheduler time, unless the broker closed. */
  later(task: () => void, delayMs: number): void;
  /** A client that `owner` (a service) made emitted 'error' and nobody listens. */
  unhandledError(owner: string, error: Error): void;
}

/** A trace event as a model writes it: the context adds `model`, `seq` and `time`. */
export type ModelTraceFields = Omit<TraceFields, 'model'>;
