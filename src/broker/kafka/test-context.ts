import { Subject, VirtualTimeScheduler, VirtualAction } from 'rxjs';
import type { ModelContext } from '../core/model-context';
import { BrokerCore } from '../core/broker-core';
import type { FaultSettings } from '../core/fault-settings';
import type { TraceEvent } from '../core/trace-event';

/** A ModelContext on virtual time, for tests and benchmarks, plus ways to drive it. */
export interface TestContext {
  readonly ctx: ModelContext;
  readonly scheduler: VirtualTimeScheduler;
  readonly trace$: Subject<TraceEvent>;
  /** Every trace event so far (unless created with `record: false`). */
  readonly events: TraceEvent[];
  /** Changes the faults in force. */
  setFaults(faults: Partial<FaultSettings>): void;
  /**
   * Moves virtual time forward by `ms`, running due actions in order and letting promise
   * continuations (reader handlers, client awaits) run between them, as real time would.
   */
  advance(ms?: number): Promise<void>;
}

/** Lets every queued promise continuation run. */
function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Builds the Kafka model's context on a VirtualTimeScheduler, without the full createBroker.
 *
 * @example
 * const t = createTestContext();
 * const { Kafka } = createKafkaModel(t.ctx);
 * ...
 * await t.advance(1000);
 */
export function createTestContext(options: { seed?: number; record?: boolean } = {}): TestContext {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const core = new BrokerCore(scheduler, options.seed ?? 1);
  const trace$ = new Subject<TraceEvent>();
  const events: TraceEvent[] = [];
  core.hub.trace$.subscribe(trace$);
  if (options.record ?? true) trace$.subscribe((event) => events.push(event));
  const ctx = core.contextFor('kafka');
  return {
    ctx,
    scheduler,
    trace$,
    events,
    setFaults(next) {
      core.setFaults({ ...core.faults(), ...next });
    },
    async advance(ms = 0) {
      const target = scheduler.frame + ms;
      for (;;) {
        await drainMicrotasks();
        const next = scheduler.actions[0];
        if (next === undefined || (next.delay ?? 0) > target) break;
        scheduler.maxFrames = next.delay ?? 0;
        scheduler.flush();
      }
      scheduler.frame = target;
      scheduler.maxFrames = Infinity;
    },
  };
}
