import type { SandboxRuntime } from '../contract';
import { playbackScheduler, simulatedBroker } from '../host/broker-adapter';
import { startRun } from '../host/start-run';
import { webWorkerTransport } from './web-worker-transport';

/** Options of {@link createWorkerRuntime}. */
export interface WorkerRuntimeOptions {
  /** Makes the Worker for one service; the default is the bundled worker-entry.ts. */
  readonly createWorker?: () => Worker;
}

/**
 * The default runtime in the browser: each service in its own Web Worker (like a process), the
 * simulated broker in the page, the numbered-command RPC between them.
 *
 * @example
 * const session = createWorkerRuntime().start(source, { seed: 7 });
 * session.output$.subscribe((line) => console.log(`[${line.service}] ${line.text}`));
 */
export function createWorkerRuntime(options: WorkerRuntimeOptions = {}): SandboxRuntime {
  const createWorker = options.createWorker ?? defaultWorker;
  return {
    name: 'worker',
    start: (source, runOptions = {}) =>
      startRun(source, runOptions, {
        spawn: () => webWorkerTransport(createWorker()),
        createBroker: simulatedBroker,
        createScheduler: playbackScheduler,
      }),
  };
}

function defaultWorker(): Worker {
  // This exact form is what Vite (and so Astro) recognises to bundle the worker.
  return new Worker(new URL('./worker-entry.ts', import.meta.url), { type: 'module' });
}
