import type { FaultSettings } from '../core/fault-settings';
import { startVirtualBroker, type VirtualBroker } from '../core/virtual-run';
import type { StreamsClient } from './streams-client';

/** A virtual-time broker and a maker of stream clients named after their service (tests only). */
export interface StreamKit extends VirtualBroker {
  readonly client: (name: string) => StreamsClient;
}

export function streamKit(options: { seed?: number; faults?: FaultSettings } = {}): StreamKit {
  const vb = startVirtualBroker(options);
  return {
    ...vb,
    client: (name) => new (vb.broker.modulesFor(name).ioredis.default)(),
  };
}

/** The reply, or the error's message. */
export async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Tracks whether a promise has settled yet, without awaiting it. */
export function watch<T>(promise: Promise<T>): {
  readonly settled: boolean;
  readonly promise: Promise<T>;
} {
  const state = { settled: false, promise };
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}
