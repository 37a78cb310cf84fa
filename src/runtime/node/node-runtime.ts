import type { SandboxRuntime } from '../contract';
import { playbackScheduler, simulatedBroker } from '../host/broker-adapter';
import { startRun } from '../host/start-run';
import { workerThreadTransport } from './worker-thread-transport';

/** Options of {@link createNodeRuntime}. */
export interface NodeRuntimeOptions {
  /** The bundled thread-entry script (TypeScript sources cannot be a worker_thread's entry). */
  readonly threadEntry: string | URL;
}

/**
 * The same sandbox in Node 22: one worker_thread per service, the simulated broker in the main
 * thread, the same RPC and host as the browser runtime.
 *
 * @example
 * const runtime = createNodeRuntime({ threadEntry: new URL('./thread-entry.mjs', import.meta.url) });
 * const session = runtime.start(loadSandbox('registration'), { quietMs: 1500 });
 */
export function createNodeRuntime(options: NodeRuntimeOptions): SandboxRuntime {
  return {
    name: 'node',
    start: (source, runOptions = {}) =>
      startRun(source, runOptions, {
        spawn: () => workerThreadTransport(options.threadEntry),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      }),
  };
}
