import type { SchedulerLike } from 'rxjs';
import type { BrokerModel, TraceKind } from './trace-event';
import type { FaultSettings } from './fault-settings';

/** What a trace emitter is asked for; seq and time are filled in by the context. */
export interface TraceInput {
  readonly kind: TraceKind;
  readonly model: BrokerModel;
  readonly from: string;
  readonly to: string;
  readonly messageId?: string;
  readonly reason?: string;
  readonly payload?: string;
  readonly detail?: Readonly<Record<string, unknown>>;
}

/**
 * What every broker model (redis, amqp, kafka) is given by `createBroker`: the one
 * scheduler all delays go through, the one trace, the one seeded PRNG and the live faults.
 * Models never read the wall clock and never call Math.random.
 */
export interface BrokerContext {
  readonly scheduler: SchedulerLike;
  /** Emits a trace event stamped with `scheduler.now()` and the next sequence number. */
  trace(input: TraceInput): void;
  /** Seeded uniform random in [0, 1). */
  random(): number;
  /** A new message id, unique within this broker (`m1`, `m2`, …). */
  nextMessageId(): string;
  /** The faults in force now; the UI may change them during a run. */
  faults(): FaultSettings;
}
