import { VirtualTimeScheduler } from 'rxjs';
import { createBroker, type Broker, type BrokerOptions } from '../create-broker';
import type { TraceEvent } from './trace-event';

/** A broker on virtual time, with its trace recorded, for tests and exercise checks. */
export interface VirtualBroker {
  readonly broker: Broker;
  readonly scheduler: VirtualTimeScheduler;
  /** Every trace event so far. */
  readonly events: TraceEvent[];
  /**
   * Lets promises settle and runs scheduled work, repeatedly, until nothing is due at or before
   * `untilMs` (default: until nothing is scheduled at all); virtual time ends at `untilMs`.
   */
  readonly run: (untilMs?: number) => Promise<void>;
}

/**
 * Starts a broker on a `VirtualTimeScheduler`: nothing happens until `run()`, and time jumps
 * straight to what is due, so a 30 s TTL takes no real time.
 *
 * @example
 * const { broker, run, events } = startVirtualBroker({ seed: 3 });
 * const pub = broker.redis();
 * await pub.publish('news', 'hi');
 * await run();
 * events.map((e) => e.kind); // ['connected', 'published', 'dropped']
 */
export function startVirtualBroker(options: Omit<BrokerOptions, 'scheduler'> = {}): VirtualBroker {
  const scheduler = new VirtualTimeScheduler();
  const broker = createBroker({ ...options, scheduler });
  const events: TraceEvent[] = [];
  broker.trace$.subscribe((event) => events.push(event));
  const settlePromises = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return {
    broker,
    scheduler,
    events,
    async run(untilMs = Infinity) {
      for (let pass = 0; pass < 10_000; pass++) {
        await settlePromises();
        const next = scheduler.actions[0];
        if (!next || next.delay > untilMs) break;
        scheduler.maxFrames = untilMs;
        scheduler.flush();
      }
      await settlePromises();
      if (Number.isFinite(untilMs) && scheduler.frame < untilMs) scheduler.frame = untilMs;
    },
  };
}
