import { createBroker, createPlaybackScheduler } from '../../broker';
import type { BrokerFactory, PlaybackHandle } from './broker-handle';

/** The real simulated broker, as a run wants it. */
export const simulatedBroker: BrokerFactory = (options) => {
  const broker = createBroker(options);
  return {
    trace$: broker.trace$,
    modulesFor: (service) => broker.modulesFor(service) as unknown as Record<string, unknown>,
    setFaults: (faults) => broker.setFaults(faults),
    restart: () => broker.restart(),
    close: () => broker.close(),
  };
};

/** The broker's playback scheduler (speed, pause, step) at `speed`. */
export function playbackScheduler(speed: number): PlaybackHandle {
  return createPlaybackScheduler({ speed });
}
