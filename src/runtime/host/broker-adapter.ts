import { createBroker, createRunClock, type RunClock } from '../../broker';
import type { BrokerFactory } from './broker-handle';

/** The real simulated broker, as a run wants it. */
export const simulatedBroker: BrokerFactory = (options) => {
  const broker = createBroker(options);
  return {
    trace$: broker.trace$,
    modulesFor: (service) => broker.modulesFor(service),
    setFaults: (faults) => broker.setFaults(faults),
    restart: () => broker.restart(),
    close: () => broker.close(),
  };
};

/** The run's one clock (speed, pause, step, gated by rounds) at `speed`. */
export function playbackScheduler(speed: number): RunClock {
  return createRunClock({ speed });
}
