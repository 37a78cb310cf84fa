import type { Observable, SchedulerLike } from 'rxjs';
import type { BrokerModel } from '../../broker';
import type { FaultSettings } from '../../broker/core/fault-settings';
import type { TraceEvent } from '../../broker/core/trace-event';

/**
 * The slice of src/broker's `createBroker()` result a run uses. Declared here so the runtime
 * depends on the broker's promised shape, not its internals.
 */
export interface BrokerHandle {
  readonly trace$: Observable<TraceEvent>;
  /** The models it hosts: their client surfaces make the run's RPC schema. */
  readonly models: readonly BrokerModel[];
  /** The client modules (`ioredis`, `amqplib`, `kafkajs`) as one service sees them. */
  modulesFor(serviceName: string): Readonly<Record<string, unknown>>;
  setFaults(faults: FaultSettings): void;
  restart(): void;
  close(): void;
}

/** Creates the broker for one run. */
export type BrokerFactory = (options: {
  readonly scheduler: SchedulerLike;
  readonly seed: number;
  readonly faults: FaultSettings;
  /** A service's client emitted 'error' with no listener: in Node, that ends the service. */
  readonly onUnhandledError: (service: string, error: Error) => void;
}) => BrokerHandle;
