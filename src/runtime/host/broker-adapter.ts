import {
  brokerModels,
  createBroker,
  createRunClock,
  type BrokerModel,
  type RunClock,
} from '../../broker';
import type { BrokerFactory } from './broker-handle';

/**
 * The simulated broker hosting `models` (default: every model in src/broker/models.ts), as a
 * run wants it.
 */
export function simulatedBrokerOf(models: readonly BrokerModel[] = brokerModels): BrokerFactory {
  return (options) => simulatedBrokerWith(models, options);
}

/** The simulated broker with every model, as a run wants it. */
export const simulatedBroker: BrokerFactory = simulatedBrokerOf();

function simulatedBrokerWith(
  models: readonly BrokerModel[],
  options: Parameters<BrokerFactory>[0],
): ReturnType<BrokerFactory> {
  const broker = createBroker({ ...options, models });
  return {
    trace$: broker.trace$,
    models,
    modulesFor: (service) => broker.modulesFor(service),
    setFaults: (faults) => broker.setFaults(faults),
    restart: () => broker.restart(),
    close: () => broker.close(),
  };
}

/** The run's one clock (speed, pause, step, gated by rounds) at `speed`. */
export function playbackScheduler(speed: number): RunClock {
  return createRunClock({ speed });
}
