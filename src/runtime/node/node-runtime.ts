import type { SandboxRuntime } from '../contract';
import type { BrokerModel } from '../../broker';
import { playbackScheduler, simulatedBrokerOf } from '../host/broker-adapter';
import { startRun } from '../host/start-run';
import { workerThreadTransport } from './worker-thread-transport';

/** Options of {@link createNodeRuntime}. */
export interface NodeRuntimeOptions {
  /** The bundled thread-entry script (TypeScript sources cannot be a worker_thread's entry). */
  readonly threadEntry: string | URL;
  /**
   * The broker models the run may use (default: every model in src/broker/models.ts). The
   * threads learn each model's client surface from the host, so a model added here needs
   * nothing else.
   */
  readonly models?: readonly BrokerModel[];
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
  const createBroker = simulatedBrokerOf(options.models);
  return {
    name: 'node',
    start: (source, runOptions = {}) =>
      startRun(source, runOptions, {
        spawn: () => workerThreadTransport(options.threadEntry),
        createBroker,
        createScheduler: playbackScheduler,
      }),
  };
}
